import { S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { resourceNames, type QueueId } from '../../shared/resources/definitions.js';
import { DEFAULT_PORTS } from '../../local/system.js';

/**
 * The deployment an operator command acts on: `local` (the system `npm start`
 * runs, on its default ports) or a stage on AWS, with the usual credential chain.
 */
export function targetFor(stage: string) {
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
  const names = resourceNames(stage);
  return {
    sqs,
    s3,
    names,
    async queue(id: QueueId, dlq = false): Promise<{ url: string; arn: string; visible: number }> {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: dlq ? names.queues[id].dlqName : names.queues[id].name }));
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: QueueUrl!, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'] }),
      );
      return { url: QueueUrl!, arn: Attributes!.QueueArn!, visible: Number(Attributes!.ApproximateNumberOfMessages ?? 0) };
    },
  };
}

/** Explains the usual reason a local command fails: the system is not running. */
export function explain(error: unknown, stage: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (stage === 'local' && /ECONNREFUSED|connect/i.test(message)) return 'the local system is not running: start it with `npm start` first';
  return message;
}
