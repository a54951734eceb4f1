import { describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handlerEnv } from '../fixtures/handler-env.js';
import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { arrive, dynamo, intakeHandlerBed, outboxOf, sqs } from '../fixtures/intake-aws.js';
import { unpacked } from '../fixtures/stored-items.js';
import { plainUtf8Email } from '../fixtures/emails.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { TURN_WAIT_LOG_MESSAGE } from '../../functions/lib/sqs-batch.js';

/**
 * Send pressed twice (or a client that re-sends with a new Message-ID): the same words from the same
 * address arrive together and are handled side by side — in one SQS batch, or in two Lambdas at once.
 * The byContact index (eventually consistent) shows none of them to the others here: the fake answers
 * every index query with nothing, as an index a moment behind would. Only the sender item, read
 * consistently and claimed before a number is drawn, tells them apart (shared/app/intake/same-sender.ts).
 */
const bed = intakeHandlerBed(handlerEnv('INFO'));
const { at, deliver } = bed;

const TONGLU = 'xinfang@tonglu.petitions.example';
const SENDER = 'wangfang1990@163.example';
const LIGHT = '桐庐县信访局：我住在桐君街道春江花苑，小区南门到7幢之间的四盏路灯已经坏了三个月，晚上一片漆黑，老人孩子出行很危险，上周还有人摔伤。多次向物业反映无人处理，请求督促维修。王芳 联系电话：13588002345';
const NOISE = '桐庐县信访局：我家楼下的烧烤店每天营业到凌晨两点，油烟直接排进居民楼，噪音很大，老人孩子无法休息。多次向城管反映没有结果，请求依法处理。王芳';
const STORED_AT = '2026-12-06T10:14:30.000Z';

/** A plain-text email from the sender to 桐庐县信访局, as SES stores it under the office's prefix. */
const email = (messageId: string, text: string, from = SENDER): Uint8Array =>
  plainUtf8Email({ from, fromName: '王芳', to: TONGLU, subject: '反映问题', messageId: `${messageId}@163.example`, text });

const send = (n: number, text = LIGHT, from = SENDER) => arrive(`raw/${TONGLU}/0123abcdsend${String(n).padStart(28, '0')}`, email(`send${n}.${from.split('@')[0]}`, text, from), STORED_AT);
const record = (n: number, text?: string, from?: string) => send(n, text, from)(`5e3d2c1b-0000-4000-8000-${String(n).padStart(12, '0')}`);

const cases = () => bed.table().all().filter((i) => i.entity === 'case').map((i) => unpacked(i));
const outcomes = () => bed.table().all().filter((i) => i.entity === 'idempotency').map((i) => String(i.outcome)).sort();
const acknowledgements = () => outboxOf('notify').filter((m) => m.id.startsWith('ack:'));
const numbersDrawn = () => dynamo.commandCalls(UpdateCommand).filter((c) => String(c.args[0].input.Key!.pk).startsWith('SEQ#')).length;

describe('the same email sent twice or three times at once, with new Message-IDs', () => {
  it('is one case when both come in one batch: the other is ignored as resent, with no acknowledgement or 不予受理 of its own', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(record(1), record(2))).toEqual({ batchItemFailures: [] });

    expect(cases()).toHaveLength(1);
    const [only] = cases();
    expect(outcomes()).toEqual([`ignored:resent:${only!.caseNumber}`, 'registered']);
    expect(acknowledgements().map((m) => m.id)).toEqual([`ack:${only!.caseNumber}`]);
    expect(outboxOf('notify').some((m) => m.id.startsWith('declined:'))).toBe(false);
    // The loser waited for the winner instead of drawing a number of its own: no gap in the office's sequence.
    expect(numbersDrawn()).toBe(1);
  });

  it('is one case when three come at once in two overlapping batches (two Lambdas)', async () => {
    at('2026-12-06T10:14:31.000Z');
    const [first, second] = await Promise.all([deliver(record(1), record(2)), deliver(record(3))]);
    expect(first).toEqual({ batchItemFailures: [] });
    expect(second).toEqual({ batchItemFailures: [] });

    expect(cases()).toHaveLength(1);
    const number = cases()[0]!.caseNumber;
    expect(outcomes()).toEqual([`ignored:resent:${number}`, `ignored:resent:${number}`, 'registered']);
    expect(acknowledgements()).toHaveLength(1);
    expect(numbersDrawn()).toBe(1);
  });

  it('registers a different matter from the same sender at the same moment as its own case, each acknowledged', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(record(1), record(2, NOISE))).toEqual({ batchItemFailures: [] });

    const registered = cases();
    expect(registered.map((c) => c.matter).sort()).toEqual([LIGHT, NOISE].sort());
    expect(registered.every((c) => !c.repeatOf)).toBe(true);
    expect(acknowledgements()).toHaveLength(2);
    // The sender item names both, the later the newest.
    const item = bed.table().all().find((i) => i.entity === 'senderIntake')!;
    expect(item.recent.map((r: { caseNumber: string }) => r.caseNumber).sort()).toEqual(registered.map((c) => c.caseNumber).sort());
    expect(item.claim).toBeUndefined();
  });

  it('links a same-matter repeat sent at the same moment to the first case, and a plain resend of it with them is still ignored', async () => {
    at('2026-12-06T10:14:31.000Z');
    const again = `${LIGHT} 昨天晚上又有一位老人在那里摔倒了，请尽快处理。`;
    expect(await deliver(record(1), record(2, again), record(3))).toEqual({ batchItemFailures: [] });

    const registered = cases();
    expect(registered).toHaveLength(2);
    const original = registered.find((c) => c.matter === LIGHT)!;
    const repeat = registered.find((c) => c.matter === again)!;
    expect(repeat.repeatOf).toBe(original.caseNumber);
    expect(outcomes()).toEqual([`ignored:resent:${original.caseNumber}`, 'registered', 'registered']);
  });

  it('keeps the senders apart: the same words from two addresses at once are two petitions', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(record(1), record(2, LIGHT, 'lixiuying1958@qq.example'))).toEqual({ batchItemFailures: [] });
    expect(cases()).toHaveLength(2);
  });
});

describe('the sender item', () => {
  it('is waited for while another intake holds a live claim, and taken over once that claim is stale (a crashed intake)', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(record(1))).toEqual({ batchItemFailures: [] });
    const item = bed.table().all().find((i) => i.entity === 'senderIntake')!;
    // A crashed intake's claim, 61 s old: stale, so the next email neither waits nor fails.
    bed.table().seed({ ...item, claim: 'a-crashed-intake', claimedAt: '2026-12-06T10:13:30.000Z' });
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(record(2, NOISE))).toEqual({ batchItemFailures: [] });
    expect(cases()).toHaveLength(2);

    // A live claim (1 s old) that never goes away: the email waits its turn, nothing registered, no number drawn.
    const now = bed.table().all().find((i) => i.entity === 'senderIntake')!;
    bed.table().seed({ ...now, claim: 'a-live-intake', claimedAt: '2026-12-06T10:14:30.000Z' });
    const drawn = numbersDrawn();
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: INTAKE_URL });
    const third = record(3, `${NOISE}另外，店门口还乱停车。`);
    expect(await deliver(third)).toEqual({ batchItemFailures: [] });
    // Sent again as a new message, shown when that claim would be stale (60 s after it was taken, a second to spare):
    // its wait spends none of the receives after which it would be parked in the DLQ unregistered.
    expect(requeued()).toEqual([{ QueueUrl: INTAKE_URL, MessageBody: third.body, DelaySeconds: 60, MessageAttributes: { waitingSince: { DataType: 'String', StringValue: STORED_AT } } }]);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
    expect(cases()).toHaveLength(2);
    expect(numbersDrawn()).toBe(drawn);
  }, 15_000);
});

const INTAKE_URL = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/xinfang-test-intake';
const requeued = () => sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);

describe('a burst from one address (a 街道 office forwarding its residents’ letters)', () => {
  /** The sender's item held by another intake that registers one email after another: a new claim every poll. */
  function burstGoingOn(): void {
    let n = 0;
    bed.table().beforeRead = (item) => (item?.entity === 'senderIntake' ? { ...item, claim: `intake-${n++}`, claimedAt: new Date().toISOString() } : item);
  }

  it('waits its turn as a new message, back in 5–20 s while the burst moves, keeping when it first arrived', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(record(1))).toEqual({ batchItemFailures: [] });
    burstGoingOn();
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: INTAKE_URL });
    // An email that has waited before: its first arrival is kept, however often it is sent again.
    const waited = send(2, NOISE)('5e3d2c1b-0000-4000-8000-000000000002');
    waited.messageAttributes = { waitingSince: { dataType: 'String', stringValue: '2026-12-06T10:05:00.000Z', stringListValues: [], binaryListValues: [] } };
    const logs = captureLogs();
    try {
      expect(await deliver(waited)).toEqual({ batchItemFailures: [] });
    } finally {
      logs.restore();
    }
    // Sending it again restarts the queue's oldest-message age: the wait since 10:05 is counted from the log line (the monitoring's TurnWaitSeconds).
    expect(logs.entries().find((e) => e.message === TURN_WAIT_LOG_MESSAGE)).toMatchObject({ waitingSince: '2026-12-06T10:05:00.000Z', waitedSeconds: 571 });
    const [again] = requeued();
    expect(again!.DelaySeconds).toBeGreaterThanOrEqual(5);
    expect(again!.DelaySeconds).toBeLessThanOrEqual(20);
    expect(again!.MessageAttributes).toEqual({ waitingSince: { DataType: 'String', StringValue: '2026-12-06T10:05:00.000Z' } });
    expect(cases()).toHaveLength(1);
  }, 15_000);

  it('counts as a failed try once it has waited an hour, or when it cannot be sent again: put back, never dropped', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(record(1))).toEqual({ batchItemFailures: [] });
    burstGoingOn();
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: INTAKE_URL });
    const waited = send(2, NOISE)('5e3d2c1b-0000-4000-8000-000000000002');
    waited.messageAttributes = { waitingSince: { dataType: 'String', stringValue: '2026-12-06T09:14:30.000Z', stringListValues: [], binaryListValues: [] } };
    expect((await deliver(waited)).batchItemFailures).toEqual([{ itemIdentifier: waited.messageId }]);
    expect(requeued()).toHaveLength(0);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(1);

    sqs.on(SendMessageCommand).rejects(new Error('throttled'));
    const fresh = record(3, `${NOISE}另外，店门口还乱停车。`);
    expect((await deliver(fresh)).batchItemFailures).toEqual([{ itemIdentifier: fresh.messageId }]);
    expect(cases()).toHaveLength(1);
  }, 15_000);
});
