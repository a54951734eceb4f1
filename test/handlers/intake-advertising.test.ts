import { describe, expect, it } from 'vitest';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { threadIndexKey } from '../../shared/adapters/dynamodb/keys.js';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { handlerEnv } from '../fixtures/handler-env.js';
import { arrive, dynamo, intakeHandlerBed, outboxOf } from '../fixtures/intake-aws.js';
import { unpacked } from '../fixtures/stored-items.js';
import { crmAutoReply, gatewayReply, gatewayUrgent, invoiceAdvert, loanAdvert, loanFraudPetition, pastedAdvertPetition, shopNewsletter, TONGLU, writtenForFather } from '../fixtures/advertising-emails.js';
import { listMail } from '../fixtures/emails.js';

/*
 * 疑似广告 and 代为反映 through the intake handler, with raw mail as it arrives:
 * advertising is held for the office (no case, no acknowledgement) until staff
 * register it; petitions about loans and advertisers are registered as ever.
 */
const bed = intakeHandlerBed(handlerEnv('INFO'));
const { at, deliver } = bed;

const cases = () =>
  dynamo
    .commandCalls(TransactWriteCommand)
    .flatMap((c) => c.args[0].input.TransactItems!.map((i) => i.Put?.Item))
    .filter((item): item is Record<string, any> => item?.entity === 'case')
    .map(unpacked);
const held = () => bed.table().partition('HELD#330122');
const acknowledgements = () => outboxOf('notify').filter((m) => m.body.kind === 'acknowledgement');

let stored = 0;
/** SES stores the email under the office's prefix at 08:30 China time; the intake takes it two seconds later. Answers a redelivery. */
function take(raw: Uint8Array) {
  const key = `raw/${TONGLU}/ad${String(++stored).padStart(38, '0')}`;
  const record = arrive(key, raw, '2026-12-07T00:30:00.000Z');
  at('2026-12-07T00:30:02.000Z');
  const id = `7a0c1e2d-0000-4000-8000-${String(stored).padStart(12, '0')}`;
  return { key, deliver: () => deliver(record(id)) };
}

describe('疑似广告', () => {
  it('holds an advertisement for the office: no case number, no acknowledgement; delivered twice, held once', async () => {
    const mail = take(invoiceAdvert());
    expect(await mail.deliver()).toEqual({ batchItemFailures: [] });
    expect(await mail.deliver()).toEqual({ batchItemFailures: [] });

    expect(cases()).toEqual([]);
    expect(outboxOf('notify')).toEqual([]);
    expect(outboxOf('routing')).toEqual([]);
    const [item, ...more] = held();
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      office: '330122',
      reason: 'advertising',
      status: 'held',
      rawKey: mail.key,
      receivedAt: '2026-12-07T00:30:00.000Z',
      subject: '代开发票 增值税 联系QQ',
      from: 'kaipiao@shuiwu-fuwu.example',
      // On the office's list of what waits, oldest first.
      gsi2pk: 'HELDWAIT#330122',
      gsi2sk: item!.id,
    });
    expect(item!.signs).toEqual(expect.arrayContaining(['代开各类发票', '增值税专用发票']));
  });

  it('registers a held advertisement staff chose to register (登记为信访事项), received when it first came, and acknowledges it once', async () => {
    const mail = take(loanAdvert());
    await mail.deliver();
    const [item] = held();
    // The API's 登记为信访事项 marks it and hands the stored email to the intake again.
    bed.table().seed({ ...item, status: 'registerRequested', decidedBy: 'tl-office', decidedAt: '2026-12-07T02:00:00.000Z' });
    at('2026-12-07T02:00:05.000Z');
    expect(await mail.deliver()).toEqual({ batchItemFailures: [] });
    expect(await mail.deliver()).toEqual({ batchItemFailures: [] });

    const registered = cases();
    expect(registered.map((c) => c.caseNumber)).toEqual(['330122-2026-000001']);
    expect(registered[0]).toMatchObject({ receivedAt: '2026-12-07T00:30:00.000Z', registeredAt: '2026-12-07T02:00:05.000Z', channel: 'email' });
    expect(acknowledgements().map((m) => m.body.to)).toEqual([['service@jinrong-dai.example']]);
    expect(held()[0]).toMatchObject({ status: 'registered', caseNumber: '330122-2026-000001' });
    expect(held()[0]).not.toHaveProperty('gsi2pk');
  });

  it('holds a newsletter known by its List-Unsubscribe alone, where it was dropped unseen before; a mailing list (List-Id) is still dropped', async () => {
    await take(shopNewsletter()).deliver();
    await take(listMail()).deliver();
    expect(cases()).toEqual([]);
    expect(outboxOf('notify')).toEqual([]);
    expect(held().map((item) => item.from)).toEqual(['news@edm.shop-mall.example']);
    expect(held()[0]!.signs).toEqual(expect.arrayContaining(['List-Unsubscribe', '包邮', '退订']));
  });

  it('threads a petitioner’s reply onto their case, List-Unsubscribe or not, and reports the danger in it at once', async () => {
    await take(loanFraudPetition()).deliver();
    const [c] = cases();
    at('2026-12-08T01:00:02.000Z');
    await take(gatewayReply(c!.caseNumber)).deliver();
    expect(held()).toEqual([]);
    // No new case: the reply is on the one it answers.
    expect(new Set(cases().map((x) => x.caseNumber))).toEqual(new Set([c!.caseNumber]));
    const outcomes = bed.table().all().filter((i) => i.entity === 'idempotency').map((i) => [i.outcome, i.caseNumber]);
    expect(outcomes).toContainEqual(['threaded', c!.caseNumber]);
    expect(outboxOf('notify').filter((m) => m.body.kind === 'urgentAlert')).not.toEqual([]);
  });

  it.each([
    ['a shop’s CRM', 'held', undefined],
    ['the petitioner’s own address', 'threaded', 'lijianhua1975@163.example'],
  ])('a newsletter answering our acknowledgement with marketing, from %s: %s', async (_, expected, from) => {
    await take(loanFraudPetition()).deliver();
    const [c] = cases();
    const ourAck = `${replyTagger(handlerEnv('INFO').REPLY_TAG_KEY!).messageIdPart(`ack:${c!.caseNumber}`)}@petitions.example`;
    bed.table().seed({ ...threadIndexKey(ourAck), entity: 'thread', caseNumber: c!.caseNumber });
    at('2026-12-08T01:20:02.000Z');
    await take(crmAutoReply(c!.caseNumber, ourAck, from)).deliver();

    const outcomes = bed.table().all().filter((i) => i.entity === 'idempotency').map((i) => i.outcome as string);
    expect(new Set(cases().map((x) => x.caseNumber))).toEqual(new Set([c!.caseNumber]));
    if (expected === 'held') {
      // Not appended to the case as the petitioner's words: held for the office, as any newsletter.
      expect(outcomes).not.toContain('threaded');
      expect(held().map((item) => item.from)).toEqual(['service@crm.shop-mall.example']);
    } else {
      expect(outcomes).toContain('threaded');
      expect(held()).toEqual([]);
    }
  });

  it('registers an urgent new mail with a newsletter’s header as urgent, and alerts at once, instead of holding it', async () => {
    await take(gatewayUrgent()).deliver();
    expect(held()).toEqual([]);
    const [c] = cases();
    expect(c).toMatchObject({ urgent: true, petitioner: { email: 'zhoujianguo@126.example' } });
    expect(outboxOf('notify').filter((m) => m.body.kind === 'urgentAlert')).not.toEqual([]);
  });

  it('takes a released email the way a new one goes: the same advertisement released twice is one case, not a second petition', async () => {
    const first = take(invoiceAdvert('<ad-one@mail.shuiwu-fuwu.example>'));
    await first.deliver();
    const second = take(invoiceAdvert('<ad-two@mail.shuiwu-fuwu.example>'));
    await second.deliver();
    expect(held()).toHaveLength(2);
    for (const mail of [first, second]) {
      const item = held().find((h) => h.rawKey === mail.key)!;
      bed.table().seed({ ...item, status: 'registerRequested', decidedBy: 'tl-office', decidedAt: '2026-12-07T02:00:00.000Z' });
      at('2026-12-07T02:00:05.000Z');
      await mail.deliver();
    }
    // The second is the first's resend (同一发件人当日同文), as if it had come in that way: on that case, not a 重复件.
    expect(cases().map((c) => c.caseNumber)).toEqual(['330122-2026-000001']);
    expect(held().map((h) => ({ status: h.status, caseNumber: h.caseNumber }))).toEqual([
      { status: 'registered', caseNumber: '330122-2026-000001' },
      { status: 'registered', caseNumber: '330122-2026-000001' },
    ]);
  });

  it.each([
    ['a citizen cheated by a loan company that advertised 无抵押 当天放款', loanFraudPetition],
    ['an advertisement pasted as the evidence of a complaint', pastedAdvertPetition],
  ])('registers %s and acknowledges it', async (_, fixture) => {
    await take(fixture()).deliver();
    expect(cases()).toHaveLength(1);
    expect(acknowledgements()).toHaveLength(1);
    expect(held()).toEqual([]);
  });
});

describe('代为反映', () => {
  it('registers the father as the petitioner and the daughter as the one who wrote for him; the acknowledgement goes to her, naming him', async () => {
    await take(writtenForFather()).deliver();
    const [c] = cases();
    expect(c!.petitioner).toEqual({
      anonymous: false,
      name: '王大山',
      email: 'wangxiaoli88@163.example',
      phone: '13957112233',
      writtenBy: { relation: '父亲', name: '王小丽', email: 'wangxiaoli88@163.example' },
    });
    const [ack] = acknowledgements();
    expect(ack!.body.to).toEqual(['wangxiaoli88@163.example']);
    expect(ack!.body.text).toMatch(/^王小丽：\n\n您好！您于[^，。]*代父亲王大山发送至桐庐县信访局的电子邮件（主题：替父亲反映养老金停发问题）已收到并登记/);
  });
});
