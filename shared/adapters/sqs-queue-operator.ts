import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueOperator, QueueState } from '../app/operations.js';
import { resourceNames, type QueueId } from '../resources/definitions.js';

/**
 * The queues of one stage over SQS, found by the names the definitions give
 * them (`xinfang-<stage>-intake`, `…-intake-dlq`): the same code serves the
 * operator scripts (any stage, from a workstation) and the API function (its
 * own stage). URLs are looked up once and kept.
 */
export class SqsQueueOperator implements QueueOperator {
  private readonly urls = new Map<string, Promise<string>>();
  private readonly names: ReturnType<typeof resourceNames>['queues'];

  constructor(
    private readonly sqs: SQSClient,
    stage: string,
  ) {
    this.names = resourceNames(stage).queues;
  }

  async state(queue: QueueId, deadLetter: boolean): Promise<QueueState> {
    const url = await this.urlOf(deadLetter ? this.names[queue].dlqName : this.names[queue].name);
    const { Attributes } = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return {
      url,
      arn: Attributes?.QueueArn ?? '',
      visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  }

  async moveRunning(sourceArn: string): Promise<boolean> {
    const { Results } = await this.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 1 }));
    return Results?.[0]?.Status === 'RUNNING';
  }

  async startMove(sourceArn: string): Promise<void> {
    await this.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: sourceArn }));
  }

  async send(queueUrl: string, body: string): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  }

  private urlOf(name: string): Promise<string> {
    let url = this.urls.get(name);
    if (!url) {
      url = this.sqs.send(new GetQueueUrlCommand({ QueueName: name })).then(({ QueueUrl }) => {
        if (!QueueUrl) throw new Error(`SQS answered no URL for queue ${name}`);
        return QueueUrl;
      });
      // A failed look-up (e.g. the local system not yet running) is tried again next time.
      url.catch(() => this.urls.delete(name));
      this.urls.set(name, url);
    }
    return url;
  }
}
