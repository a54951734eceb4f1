import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Publisher } from '../app/ports.js';

const MAX_BATCH = 10;

/**
 * Publishes JSON messages to one queue in batches of ten. A partial failure
 * throws, so the caller's message is retried and everything is sent again;
 * consumers recognise repeats by the message id.
 */
export class SqsPublisher<T> implements Publisher<T> {
  private readonly fifo: boolean;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {
    this.fifo = queueUrl.endsWith('.fifo');
  }

  async publish(messages: readonly { id: string; body: T; groupId?: string }[]): Promise<void> {
    for (let i = 0; i < messages.length; i += MAX_BATCH) {
      const batch = messages.slice(i, i + MAX_BATCH);
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((m, k) => ({
            Id: String(k),
            MessageBody: JSON.stringify(m.body),
            MessageAttributes: { messageId: { DataType: 'String', StringValue: m.id } },
            ...(this.fifo ? { MessageGroupId: m.groupId ?? m.id, MessageDeduplicationId: dedupId(m.id) } : {}),
          })),
        }),
      );
      if (result.Failed?.length) {
        throw new Error(`could not queue ${result.Failed.length} of ${batch.length} messages: ${result.Failed.map((f) => f.Code).join(', ')}`);
      }
    }
  }
}

/** FIFO deduplication ids are at most 128 characters of a restricted set. */
function dedupId(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9!"#$%&'()*+,./:;<=>?@[\\\]^_`{|}~-]/g, '_');
  return safe.length <= 128 ? safe : safe.slice(0, 128);
}
