import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SendMessageCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalSystem } from '../../local/system.js';
import { composeRaw, TONGLU_MAILBOX, until } from './helpers.js';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * An email to 桐庐县信访局 stored in the bucket whose intake notification is
 * parked in the intake queue's dead-letter queue, as after intake gave up on
 * it (five failed tries, e.g. while the table was unreachable): nothing but a
 * redrive (or a replay) registers it. The bucket's own announcement of the
 * object is held back — the intake queue delays it 15 minutes while it is
 * stored — so the parked message is its only way in during a test.
 */
export async function parkStoredEmail(system: LocalSystem, mail: { from: string; subject: string; text: string }): Promise<{ key: string; messageId: string }> {
  const sqs = new SQSClient({ region: 'us-east-1', endpoint: system.endpoints.sqs, credentials });
  const s3 = new S3Client({ region: 'us-east-1', endpoint: system.endpoints.s3, credentials, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
  const intake = system.resources.queues.intake;
  const { raw, messageId } = await composeRaw(mail);
  const key = `raw/${TONGLU_MAILBOX}/parked-${messageId.split('@')[0]}`;
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: intake.url, Attributes: { DelaySeconds: '900' } }));
  try {
    const delayed = async () =>
      Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: intake.url, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }))).Attributes?.ApproximateNumberOfMessagesDelayed ?? 0);
    const before = await delayed();
    await s3.send(new PutObjectCommand({ Bucket: system.resources.bucketName, Key: key, Body: raw }));
    // s3rver announces a stored object a moment after answering the PUT: wait until the queue holds it back.
    await until('the bucket’s announcement held back by the intake queue', async () => (await delayed()) > before, 5_000);
  } finally {
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: intake.url, Attributes: { DelaySeconds: '0' } }));
  }
  const notification = { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: system.resources.bucketName }, object: { key } } }] };
  await sqs.send(new SendMessageCommand({ QueueUrl: intake.dlqUrl, MessageBody: JSON.stringify(notification) }));
  sqs.destroy();
  s3.destroy();
  return { key, messageId };
}
