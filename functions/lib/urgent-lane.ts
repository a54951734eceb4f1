import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsObjectAnnouncer } from '../../shared/adapters/s3-notification.js';
import { requireQueueUrl, type FunctionEnv } from '../../shared/config/env.js';

/**
 * The urgent intake lane as the pre-checks (SES's receipt path, the IMAP poller) announce to it:
 * a stored email in the shape of S3's notification. The SQS endpoint is fixed at cold start (a
 * local stand-in's, if any), with the queue URL read then too.
 */
export function urgentIntakeLane(env: FunctionEnv, principalId: string): SqsObjectAnnouncer {
  const endpoint = process.env.AWS_ENDPOINT_URL_SQS;
  return new SqsObjectAnnouncer(new SQSClient(endpoint ? { endpoint } : {}), requireQueueUrl(env, 'intakeUrgent'), {
    bucket: env.MAIL_BUCKET,
    region: process.env.AWS_REGION ?? 'us-east-1',
    principalId,
    configurationId: 'urgent-precheck',
  });
}
