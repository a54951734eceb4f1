import { InvalidInput, type Refusal } from '../domain/errors.js';
import { QUEUE_IDS, QUEUES, RAW_MAIL_PREFIX, type QueueId } from '../resources/definitions.js';

/**
 * An operator's use cases over the queues and the stored mail: each queue's
 * depth and its dead-letter queue's, redriving a dead-letter queue, and
 * replaying one stored email through intake. `npm run redrive`,
 * `npm run replay` (scripts/) and the administrators' API (functions/api/
 * admin-routes.ts) all call these, over the same ports.
 */

/** A queue (or a dead-letter queue) as SQS reports it now. */
export interface QueueState {
  url: string;
  arn: string;
  /** Waiting to be received (ApproximateNumberOfMessages). */
  visible: number;
  /** Received and not yet deleted (ApproximateNumberOfMessagesNotVisible). */
  inFlight: number;
}

/** The queues of one deployment (a stage on AWS, or the local system). */
export interface QueueOperator {
  state(queue: QueueId, deadLetter: boolean): Promise<QueueState>;
  /** Whether a message move task out of the queue with this ARN is running. */
  moveRunning(sourceArn: string): Promise<boolean>;
  /** Moves every message of a dead-letter queue back to the queues they came from (SQS StartMessageMoveTask). */
  startMove(sourceArn: string): Promise<void>;
  send(queueUrl: string, body: string): Promise<void>;
}

/** The mail bucket, as far as replaying needs it. */
export interface StoredMail {
  readonly bucket: string;
  exists(key: string): Promise<boolean>;
}

export interface OperationsDeps {
  queues: QueueOperator;
  storedMail: StoredMail;
}

export interface QueueDepth {
  queue: QueueId;
  fifo: boolean;
  purpose: string;
  /** Tries before a message is parked in the dead-letter queue. */
  maxReceiveCount: number;
  waiting: number;
  inFlight: number;
  deadLetters: { waiting: number; inFlight: number; redriving: boolean };
}

/** Every queue's depth and its dead-letter queue's, in the definitions' order. */
export async function queueDepths(deps: OperationsDeps): Promise<QueueDepth[]> {
  return Promise.all(
    QUEUE_IDS.map(async (queue) => {
      const [main, dlq] = await Promise.all([deps.queues.state(queue, false), deps.queues.state(queue, true)]);
      return {
        queue,
        fifo: QUEUES[queue].fifo,
        purpose: QUEUES[queue].purpose,
        maxReceiveCount: QUEUES[queue].maxReceiveCount,
        waiting: main.visible,
        inFlight: main.inFlight,
        deadLetters: { waiting: dlq.visible, inFlight: dlq.inFlight, redriving: dlq.visible + dlq.inFlight > 0 && (await deps.queues.moveRunning(dlq.arn)) },
      };
    }),
  );
}

/**
 * `empty`: nothing parked; `running`: a move out of it is under way already
 * (SQS runs one per queue); `started`: `moving` messages are on their way back.
 */
export type RedriveResult = { queue: QueueId; outcome: 'empty' } | { queue: QueueId; outcome: 'running' } | { queue: QueueId; outcome: 'started'; moving: number };

/**
 * Moves everything parked in a queue's dead-letter queue back to the queue.
 * Fix the cause first (the logs name it). Safe to repeat: every consumer is
 * idempotent (intake on the Message-ID, the mailer on the notification id).
 */
export async function redriveDeadLetters(deps: OperationsDeps, queue: QueueId): Promise<RedriveResult> {
  const dlq = await deps.queues.state(queue, true);
  if (dlq.visible === 0) return { queue, outcome: 'empty' };
  if (await deps.queues.moveRunning(dlq.arn)) return { queue, outcome: 'running' };
  await deps.queues.startMove(dlq.arn);
  return { queue, outcome: 'started', moving: dlq.visible };
}

/** What redriving said, for a person: `intake: moving 2 messages back from the dead-letter queue`. */
export function describeRedrive(result: RedriveResult): string {
  if (result.outcome === 'empty') return `${result.queue}: dead-letter queue is empty`;
  if (result.outcome === 'running') return `${result.queue}: a redrive is already running`;
  return `${result.queue}: moving ${result.moving} message${result.moving === 1 ? '' : 's'} back from the dead-letter queue`;
}

/** Why a key cannot be replayed, or undefined when it names a raw email (whether it is stored is checked apart). */
export function rawKeyProblem(key: string): Refusal | undefined {
  if (!key.startsWith(RAW_MAIL_PREFIX)) {
    return {
      message: `is not a raw message key (they start with ${RAW_MAIL_PREFIX}, e.g. raw/xinfang@tonglu.petitions.example/4f1c…)`,
      chinese: `不是原始邮件的存储键（应以 ${RAW_MAIL_PREFIX} 开头，如 raw/xinfang@tonglu.petitions.example/4f1c…）`,
    };
  }
  if (key.length > 1024) return { message: 'is longer than an S3 key can be (1,024 characters)', chinese: '超过 S3 存储键的最大长度（1,024 个字符）' };
  if (key.endsWith('/')) return { message: 'names a folder, not a stored email', chinese: '是一个文件夹，不是存储的邮件' };
  return undefined;
}

/**
 * Sends one stored email through intake again, exactly as S3 announced it the
 * first time (an ObjectCreated record on the intake queue), e.g. after a
 * parser fix. Safe to repeat: intake recognises an email it has handled.
 * A key that is not a raw email's, or names nothing stored, is refused with
 * the reason (`InvalidInput` at `key`).
 */
export async function replayStoredEmail(deps: OperationsDeps, key: string, now: Date, path = 'key'): Promise<{ key: string; bucket: string }> {
  const problem = rawKeyProblem(key);
  if (problem) throw new InvalidInput(`${key} ${problem.message}`, [{ path, message: problem.message, kind: 'rule', chinese: problem.chinese }]).inChinese(`${key} ${problem.chinese}`);
  const bucket = deps.storedMail.bucket;
  if (!(await deps.storedMail.exists(key))) {
    throw new InvalidInput(`no object ${key} in ${bucket}`, [{ path, message: `no stored email under this key in ${bucket}`, kind: 'rule', chinese: `${bucket} 中没有以此为键存储的邮件` }]).inChinese(
      `${bucket} 中没有对象 ${key}`,
    );
  }
  const intake = await deps.queues.state('intake', false);
  const record = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    eventName: 'ObjectCreated:Put',
    eventTime: now.toISOString(),
    // As S3 writes keys in its notifications: URL-encoded, the slashes kept.
    s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/') } },
  };
  await deps.queues.send(intake.url, JSON.stringify({ Records: [record] }));
  return { key, bucket };
}
