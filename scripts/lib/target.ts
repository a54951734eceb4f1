import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { S3MailStore } from '../../shared/adapters/s3-mail-store.js';
import { SqsQueueOperator } from '../../shared/adapters/sqs-queue-operator.js';
import type { OperationsDeps } from '../../shared/app/operations.js';
import { resourceNames } from '../../shared/resources/definitions.js';
import { DEFAULT_PORTS } from '../../local/system.js';

/**
 * The deployment an operator command acts on: `local` (the system `npm start`
 * runs, on its default ports) or a stage on AWS, with the usual credential
 * chain — as the operations use cases (shared/app/operations.ts) take it.
 */
export function targetFor(stage: string): OperationsDeps {
  const local = stage === 'local';
  const credentials = local ? { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } : undefined;
  const region = local ? 'us-east-1' : undefined;
  const common = { ...(region ? { region } : {}), ...(credentials ? { credentials } : {}) };
  const sqs = new SQSClient({ ...common, ...(local ? { endpoint: `http://127.0.0.1:${DEFAULT_PORTS.sqs}` } : {}) });
  const s3 = new S3Client({
    ...common,
    ...(local
      ? { endpoint: `http://127.0.0.1:${DEFAULT_PORTS.s3}`, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const }
      : {}),
  });
  return { queues: new SqsQueueOperator(sqs, stage), storedMail: new S3MailStore(s3, resourceNames(stage).bucket) };
}

/** Explains the usual reason a local command fails: the system is not running. */
export function explain(error: unknown, stage: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (stage === 'local' && /ECONNREFUSED|connect/i.test(message)) return 'the local system is not running: start it with `npm start` first';
  return message;
}
