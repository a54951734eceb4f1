import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import { S3MailStore } from '../../shared/adapters/s3-mail-store.js';
import { notifyLanes } from '../../shared/adapters/notify-lanes.js';
import { SqsPublisher } from '../../shared/adapters/sqs-publisher.js';
import { SqsQueueOperator } from '../../shared/adapters/sqs-queue-operator.js';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { DynamoHeldMail } from '../../shared/adapters/dynamodb/held-mail.js';
import { DynamoReceptionStore } from '../../shared/adapters/dynamodb/reception-store.js';
import { DynamoLedgerStore } from '../../shared/adapters/dynamodb/ledger-store.js';
import { DynamoRetentionStore } from '../../shared/adapters/dynamodb/retention-store.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { systemClock } from '../../shared/app/ports.js';
import { parseFunctionEnv, requireQueueUrl, staffTokenSettings } from '../../shared/config/env.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { createApiHandler } from './app.js';
import { cognitoTokenVerifier } from '../../shared/adapters/cognito-token.js';
import { oidcTokenVerifier } from '../../shared/adapters/oidc-token.js';

// Created once per container and reused across invocations.
const env = parseFunctionEnv();
const province = loadProvinceConfig(env.PROVINCE_CONFIG_PATH);
const dynamo = new DynamoDBClient({});
const store = new DynamoCaseStore(dynamo, env.TABLE_NAME);
const sqs = new SQSClient({});
const tokens = staffTokenSettings(env);
const mail = new S3MailStore(new S3Client({ forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true' }), env.MAIL_BUCKET);

export const handler = createApiHandler(
  {
    store,
    reception: new DynamoReceptionStore(dynamo, env.TABLE_NAME),
    ledger: new DynamoLedgerStore(dynamo, env.TABLE_NAME),
    mail,
    province,
    clock: systemClock,
    notify: notifyLanes(sqs, env),
    handoff: new SqsPublisher(sqs, requireQueueUrl(env, 'handoff')),
    // The administrators' queue operations and replays: this stage's queues, found by name, and its mail bucket.
    operations: { queues: new SqsQueueOperator(sqs, env.STAGE), storedMail: mail },
    // The destruction register (销毁清册), read by administrators.
    register: new DynamoRetentionStore(dynamo, env.TABLE_NAME),
    // 疑似广告 the intake held, for the office to register or dismiss.
    held: new DynamoHeldMail(dynamo, env.TABLE_NAME),
  },
  createLogger('api'),
  // On AWS the function checks the token itself as well (Cognito's, or the stage's OIDC provider's); locally the gateway's stand-in has checked it.
  tokens?.kind === 'cognito' ? cognitoTokenVerifier(tokens.issuer, tokens.clientIds) : tokens?.kind === 'oidc' ? oidcTokenVerifier(tokens) : undefined,
);
