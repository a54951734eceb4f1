import { randomBytes } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface CreatedObject {
  key: string;
  size: number;
  eTag?: string;
}

/**
 * The notification S3 puts on a queue when an object is created, as functions/intake/schema.ts
 * reads it: one record, the key URL-encoded. For whatever announces a stored email besides S3
 * itself (the local SMTP intake, the urgent pre-check).
 */
export function objectCreatedNotification(opts: { bucket: string; region: string; object: CreatedObject; principalId: string; configurationId: string }) {
  const now = new Date();
  const { object } = opts;
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: opts.region,
        eventTime: now.toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: opts.principalId },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), 'x-amz-id-2': randomBytes(32).toString('base64') },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: opts.configurationId,
          bucket: { name: opts.bucket, ownerIdentity: { principalId: opts.principalId }, arn: `arn:aws:s3:::${opts.bucket}` },
          object: {
            key: encodeURIComponent(object.key).replace(/%2F/g, '/'),
            size: object.size,
            ...(object.eTag ? { eTag: object.eTag.replace(/"/g, '') } : {}),
            sequencer: now.getTime().toString(16).toUpperCase().padStart(16, '0'),
          },
        },
      },
    ],
  };
}

/** Announces stored emails on one queue (the urgent intake lane) exactly as S3 announces them on the intake queue. */
export class SqsObjectAnnouncer {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly source: { bucket: string; region: string; principalId: string; configurationId: string },
  ) {}

  async queue(object: CreatedObject): Promise<void> {
    const body = objectCreatedNotification({ ...this.source, object });
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(body) }));
  }
}
