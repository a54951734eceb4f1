import { describe, expect, it } from 'vitest';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { handlerEnv } from '../fixtures/handler-env.js';
import { arrive, dynamo, intakeHandlerBed, outboxOf } from '../fixtures/intake-aws.js';
import { unpacked } from '../fixtures/stored-items.js';

/**
 * A case 桐庐县 received and transferred to 淳安县 is answered by 淳安县信访局,
 * whose letters ask for replies at 淳安's mailbox tagged for the case
 * (xinfang+<case>.<mac>@chunan…). A reply there joins the case — the case
 * number comes from the tag, whichever office's mailbox carries it — and proves
 * its sender, so what it asks (申请复查) is acted on.
 */
const ENV = handlerEnv('INFO');
const bed = intakeHandlerBed(ENV);
const { at, deliver } = bed;
const transactions = () =>
  dynamo
    .commandCalls(TransactWriteCommand)
    .map((c) => c.args[0].input.TransactItems!.map((i) => ({ ...i.Put!, Item: unpacked(i.Put!.Item!) })).filter((p) => p.Item.entity !== 'outbox'));

const NUMBER = '330122-2026-000005';
const PETITIONER = 'chenli1986@163.example';
const CHUNAN = 'xinfang@chunan.petitions.example';
const TAGGED = replyTagger(ENV.REPLY_TAG_KEY!).tag(CHUNAN, NUMBER, PETITIONER);
// As SES's receipt rule for 淳安's mailbox stores it.
const KEY = `raw/${CHUNAN}/0123abcdr4e8p2l6n0q3s7u1w5y9a3c7e1g5i9k3`;

/** Received by 桐庐县 (330122), transferred to 淳安县 (330127), which concluded it itself and replied on 16 December 2026. */
const replied = {
  caseNumber: NUMBER,
  jurisdiction: '330127',
  receivingOffice: '330122',
  channel: 'email',
  status: 'replied',
  subject: '千岛湖镇民宿押金不退',
  matter: '我在淳安县千岛湖镇一家民宿预付押金2000元，退房后店主拒不退还，多次协商无果。',
  petitioner: { anonymous: false, name: '陈丽', email: PETITIONER },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-12-07T01:00:00.000Z',
  registeredAt: '2026-12-07T01:05:00.000Z',
  registeredBy: 'system:intake',
  acceptedAt: '2026-12-08T02:00:00.000Z',
  assignedBy: { staffId: 'tonglu-office', jurisdiction: '330122' },
  deadlines: { acceptance: '2026-12-22T16:00:00.000Z', handling: '2027-02-06T16:00:00.000Z' },
  result: { outcome: 'notSupported', facts: '店主称房间有损坏。', basis: '《中华人民共和国民法典》第五百八十七条。', decision: '押金纠纷请通过协商或诉讼解决。', concludedAt: '2026-12-15T02:00:00.000Z', concludedBy: 'chunan-office' },
  reply: { at: '2026-12-16T02:00:00.000Z', by: 'chunan-office', letterId: `decision:${NUMBER}:2026-12-15T02:00:00.000Z`, delivery: 'email', level: 0, reviewRequestBy: '2027-01-15T16:00:00.000Z' },
  followUp: { dueAt: '2026-12-23T02:00:00.000Z', round: 1 },
  attachments: [],
  acknowledgement: 'queued',
  version: 9,
  updatedAt: '2026-12-16T02:00:00.000Z',
};

/** The petitioner answers the decision letter from her own mailbox, to the Reply-To it carried; her client quotes no Message-ID. */
function replyTo(to: string, from = PETITIONER): Uint8Array {
  const body = Buffer.from('申请复查。店主至今没有退还押金，所谓房间损坏没有任何证据。\r\n\r\n陈丽\r\n', 'utf8').toString('base64');
  const raw = [
    `Return-Path: <${from}>`,
    'Date: Sun, 20 Dec 2026 10:00:00 +0800',
    `From: =?UTF-8?B?${Buffer.from('陈丽').toString('base64')}?= <${from}>`,
    `To: ${to}`,
    `Subject: =?UTF-8?B?${Buffer.from(`回复：【${NUMBER}】信访事项处理意见书 — 淳安县信访局`).toString('base64')}?=`,
    'Message-ID: <7b1f2c3d.4e5f.19c0a1b2c3d.Coremail.chenli1986@163.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
    '',
  ].join('\r\n');
  return new Uint8Array(Buffer.from(raw, 'utf8'));
}

describe('a reply to the holding office’s tagged mailbox', () => {
  it('joins the case, proves the petitioner and asks the level above 淳安 for the 复查', async () => {
    expect(TAGGED).toMatch(/^xinfang\+330122-2026-000005\.[0-9a-f]{20}@chunan\.petitions\.example$/);
    bed.table().seed({ ...replied, pk: `CASE#${NUMBER}`, sk: 'CASE', entity: 'case' });
    const record = arrive(KEY, replyTo(TAGGED), '2026-12-20T02:00:05.000Z');
    at('2026-12-20T02:00:10.000Z');

    expect(await deliver(record('5e2a7c10-3b4d-4e6f-8a9b-0c1d2e3f4a5b'))).toEqual({ batchItemFailures: [] });

    // Threaded on the case (no new case number), its sender proven by the tag.
    const [threaded, reviewed] = transactions();
    const message = threaded!.find((p) => p.Item.sk.startsWith('MSG'))!;
    expect(message.Item).toMatchObject({ caseNumber: NUMBER, direction: 'in', kind: 'petitionerReply', from: PETITIONER, senderVerified: true });
    expect(threaded!.find((p) => p.Item.sk.startsWith('EVENT'))!.Item).toMatchObject({ type: 'messageReceived', detail: { senderVerified: true } });
    // And acted on: the 复查 goes to 杭州市, the level above the office that decided.
    expect(reviewed!.find((p) => p.Item.sk === 'CASE')!.Item).toMatchObject({ status: 'underReview', reviews: [expect.objectContaining({ level: 1, jurisdiction: '330100' })] });
    const notify = outboxOf('notify');
    expect(notify.map((m) => m.id)).toEqual(expect.arrayContaining([`review-requested:${NUMBER}:1`, `review-received:${NUMBER}:1`]));
    // Not told as mere material: 淳安's office, whose decision is disputed, hears of the 复查 (not 桐庐's).
    expect(notify.find((m) => m.id.startsWith('pmsg:'))).toBeUndefined();
    expect(notify.find((m) => m.id === `review-requested-below:${NUMBER}:1`)!.body).toMatchObject({ to: [CHUNAN], subject: `【已申请复查】${NUMBER} 信访人对处理意见不服 — 杭州市信访局` });
  });

  it('from another sender, is not taken for the petitioner’s: no 复查 is asked on the case', async () => {
    bed.table().seed({ ...replied, pk: `CASE#${NUMBER}`, sk: 'CASE', entity: 'case' });
    const record = arrive(KEY, replyTo(TAGGED, 'someone@126.example'), '2026-12-20T02:00:05.000Z');
    at('2026-12-20T02:00:10.000Z');

    await deliver(record('6f3b8d21-4c5e-4f70-9bac-1d2e3f4a5b6c'));

    expect(transactions().flat().some((p) => p.Item.status === 'underReview')).toBe(false);
    expect(outboxOf('notify').map((m) => m.id)).not.toContain(`review-requested:${NUMBER}:1`);
  });
});
