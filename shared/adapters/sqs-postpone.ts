import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, SendMessageCommand, type MessageAttributeValue, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';

/**
 * Shows a received SQS message again after `seconds` instead of after its queue's
 * visibility timeout. The record names its queue by ARN; its URL is asked of SQS
 * once per queue (the same call works on AWS, in China regions and locally).
 */
export function sqsPostpone(sqs: SQSClient): (record: SQSRecord, seconds: number) => Promise<void> {
  const urlOf = queueUrls(sqs);
  return async (record, seconds) => {
    // SQS's limit is 12 hours; a message's visibility cannot be set below 0.
    const timeout = Math.min(Math.max(0, Math.round(seconds)), 43_200);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: await urlOf(record.eventSourceARN), ReceiptHandle: record.receiptHandle, VisibilityTimeout: timeout }));
  };
}

/**
 * Sends a received message again to its own queue, as a new message shown after `seconds` (at most SQS's
 * 15-minute delay), with its message attributes and `attributes` added: its receive count starts afresh.
 * Only for a standard queue (a FIFO queue takes no per-message delay).
 */
export function sqsRequeue(sqs: SQSClient): (record: SQSRecord, seconds: number, attributes: Record<string, string>) => Promise<void> {
  const urlOf = queueUrls(sqs);
  return async (record, seconds, attributes) => {
    const kept: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
      if (value.stringValue !== undefined) kept[name] = { DataType: value.dataType, StringValue: value.stringValue };
      else if (value.binaryValue !== undefined) kept[name] = { DataType: value.dataType, BinaryValue: Buffer.from(value.binaryValue, 'base64') };
    }
    for (const [name, value] of Object.entries(attributes)) kept[name] = { DataType: 'String', StringValue: value };
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: await urlOf(record.eventSourceARN),
        MessageBody: record.body,
        DelaySeconds: Math.min(Math.max(0, Math.round(seconds)), 900),
        ...(Object.keys(kept).length ? { MessageAttributes: kept } : {}),
      }),
    );
  };
}

/** A queue's URL from its ARN, asked of SQS once per queue (the same call works on AWS, in China regions and locally). */
function queueUrls(sqs: SQSClient): (arn: string) => Promise<string> {
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
  return urlOf;
}
