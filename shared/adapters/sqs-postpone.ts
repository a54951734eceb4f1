import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';

/**
 * Shows a received SQS message again after `seconds` instead of after its queue's
 * visibility timeout. The record names its queue by ARN; its URL is asked of SQS
 * once per queue (the same call works on AWS, in China regions and locally).
 */
export function sqsPostpone(sqs: SQSClient): (record: SQSRecord, seconds: number) => Promise<void> {
  const urls = new Map<string, Promise<string>>();
  const urlOf = (arn: string): Promise<string> => {
    let url = urls.get(arn);
    if (!url) {
      const [, , , , account, name] = arn.split(':');
      if (!account || !name) throw new Error(`not an SQS queue ARN: ${arn}`);
      url = sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account })).then(({ QueueUrl }) => {
        if (!QueueUrl) throw new Error(`SQS gave no URL for ${name}`);
        return QueueUrl;
      });
      // A failed look-up is asked again next time rather than remembered.
      url.catch(() => urls.delete(arn));
      urls.set(arn, url);
    }
    return url;
  };
  return async (record, seconds) => {
    // SQS's limit is 12 hours; a message's visibility cannot be set below 0.
    const timeout = Math.min(Math.max(0, Math.round(seconds)), 43_200);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: await urlOf(record.eventSourceARN), ReceiptHandle: record.receiptHandle, VisibilityTimeout: timeout }));
  };
}
