import { describe, expect, it } from 'vitest';
import { describeRedrive, queueDepths, redriveDeadLetters, replayStoredEmail, type OperationsDeps, type QueueState } from '../../shared/app/operations.js';
import { InvalidInput } from '../../shared/domain/errors.js';
import type { QueueId } from '../../shared/resources/definitions.js';

/**
 * The operator's use cases (npm run redrive / replay and the 管理 page) over
 * in-memory queues: what each answers and what it sends, without SQS.
 */
function fakeDeps(opts: { parked?: Partial<Record<QueueId, number>>; running?: QueueId[]; stored?: string[] } = {}) {
  const started: string[] = [];
  const sent: { url: string; body: string }[] = [];
  const state = (queue: QueueId, deadLetter: boolean): QueueState => ({
    url: `https://sqs.example/${queue}${deadLetter ? '-dlq' : ''}`,
    arn: `arn:${queue}${deadLetter ? '-dlq' : ''}`,
    visible: deadLetter ? (opts.parked?.[queue] ?? 0) : 2,
    inFlight: deadLetter ? 0 : 1,
  });
  const deps: OperationsDeps = {
    queues: {
      state: async (queue, deadLetter) => state(queue, deadLetter),
      moveRunning: async (arn) => (opts.running ?? []).some((q) => arn === `arn:${q}-dlq`),
      startMove: async (arn) => void started.push(arn),
      send: async (url, body) => void sent.push({ url, body }),
    },
    storedMail: { bucket: 'xinfang-test-mail', exists: async (key) => (opts.stored ?? []).includes(key) },
  };
  return { deps, started, sent };
}

describe('redriving a dead-letter queue', () => {
  it('moves what is parked, and says how many', async () => {
    const { deps, started } = fakeDeps({ parked: { intake: 3 } });
    const result = await redriveDeadLetters(deps, 'intake');
    expect(result).toEqual({ queue: 'intake', outcome: 'started', moving: 3 });
    expect(started).toEqual(['arn:intake-dlq']);
    expect(describeRedrive(result)).toBe('intake: moving 3 messages back from the dead-letter queue');
  });

  it('starts nothing when the DLQ is empty, or while a move out of it is running', async () => {
    const { deps, started } = fakeDeps({ parked: { notify: 1 }, running: ['notify'] });
    expect(await redriveDeadLetters(deps, 'routing')).toEqual({ queue: 'routing', outcome: 'empty' });
    expect(await redriveDeadLetters(deps, 'notify')).toEqual({ queue: 'notify', outcome: 'running' });
    expect(started).toEqual([]);
  });
});

describe('queue depths', () => {
  it('lists every queue with its DLQ, in the definitions’ order, and which DLQ is being redriven', async () => {
    const { deps } = fakeDeps({ parked: { handoff: 2 }, running: ['handoff'] });
    const depths = await queueDepths(deps);
    expect(depths.map((d) => d.queue)).toEqual(['intake', 'intakeUrgent', 'routing', 'handoff', 'notifyUrgent', 'notify', 'notifyRoutine', 'feedback']);
    expect(depths[3]).toMatchObject({ queue: 'handoff', fifo: true, waiting: 2, inFlight: 1, deadLetters: { waiting: 2, inFlight: 0, redriving: true } });
    expect(depths[0]!.deadLetters).toEqual({ waiting: 0, inFlight: 0, redriving: false });
  });
});

describe('replaying a stored email', () => {
  const key = 'raw/xinfang@tonglu.petitions.example/a b+c';

  it('queues the object-created record S3 would send, its key URL-encoded with the slashes kept', async () => {
    const { deps, sent } = fakeDeps({ stored: [key] });
    expect(await replayStoredEmail(deps, key, new Date('2026-12-03T02:00:00Z'))).toEqual({ key, bucket: 'xinfang-test-mail' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('https://sqs.example/intake');
    expect(JSON.parse(sent[0]!.body)).toEqual({
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          eventTime: '2026-12-03T02:00:00.000Z',
          s3: { bucket: { name: 'xinfang-test-mail' }, object: { key: 'raw/xinfang%40tonglu.petitions.example/a%20b%2Bc' } },
        },
      ],
    });
  });

  it('refuses a key outside raw/, a folder, and a key naming nothing stored, at the path it is given, sending nothing', async () => {
    const { deps, sent } = fakeDeps();
    const refusal = async (k: string) => {
      try {
        await replayStoredEmail(deps, k, new Date(), 'body.key');
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInput);
        return (error as InvalidInput).issues;
      }
      throw new Error(`${k} was not refused`);
    };
    expect(await refusal('attachments/330122-2026-000001/1')).toEqual([expect.objectContaining({ path: 'body.key', message: expect.stringMatching(/^is not a raw message key/) })]);
    expect(await refusal('raw/xinfang@tonglu.petitions.example/')).toEqual([expect.objectContaining({ message: 'names a folder, not a stored email' })]);
    expect(await refusal(key)).toEqual([expect.objectContaining({ path: 'body.key', message: 'no stored email under this key in xinfang-test-mail' })]);
    expect(sent).toEqual([]);
  });
});
