import { describe, expect, it } from 'vitest';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { handlerEnv } from '../fixtures/handler-env.js';
import { arrive, intakeHandlerBed, outboxOf } from '../fixtures/intake-aws.js';
import { unpacked } from '../fixtures/stored-items.js';

/**
 * What a petitioner's reply to their registered case asks for beyond the
 * material itself. A threat to life or of a mass incident in a reply to a case already
 * registered is reported at once, as a new petition's is (条例 第二十五条): the
 * case becomes urgent, its leaders get an alert of this message, and a
 * response is awaited — not a mere 补充材料 notice to the unit.
 */
const ENV = handlerEnv('INFO');
const bed = intakeHandlerBed(ENV);
const { at, deliver } = bed;

const NUMBER = '330122-2026-000412';
const PETITIONER = 'zhangwei1979@163.example';
const TONGLU = 'xinfang@tonglu.petitions.example';
const TAGGED = replyTagger(ENV.REPLY_TAG_KEY!).tag(TONGLU, NUMBER, PETITIONER);

const working = {
  pk: `CASE#${NUMBER}`,
  sk: 'CASE',
  entity: 'case',
  caseNumber: NUMBER,
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'inProgress',
  subject: '迎春南路工地拖欠工资',
  matter: '桐庐县迎春南路安置房工地拖欠我们工资三个月。',
  petitioner: { anonymous: false, name: '张伟', email: PETITIONER },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-20T01:00:00.000Z',
  registeredAt: '2026-11-20T01:00:05.000Z',
  registeredBy: 'system:intake',
  acceptedAt: '2026-11-23T02:00:00.000Z',
  handling: { lead: '330122-hrss', cooperating: [] },
  deadlines: { handling: '2027-01-22T16:00:00.000Z' },
  attachments: [],
  acknowledgement: 'queued',
  version: 6,
  updatedAt: '2026-11-23T02:00:00.000Z',
};

function reply(words: string, messageId: string): Uint8Array {
  const raw = [
    'Date: Mon, 7 Dec 2026 20:14:00 +0800',
    `From: =?UTF-8?B?${Buffer.from('张伟').toString('base64')}?= <${PETITIONER}>`,
    `To: ${TAGGED}`,
    `Subject: =?UTF-8?B?${Buffer.from(`回复：【${NUMBER}】信访事项受理告知 — 桐庐县信访局`).toString('base64')}?=`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(`${words}\r\n\r\n张伟\r\n`, 'utf8').toString('base64'),
    '',
  ].join('\r\n');
  return new Uint8Array(Buffer.from(raw, 'utf8'));
}

const THREAT = '一个多月了还没人联系我。如果这个月再不发工资，我就从工地楼顶跳下去，工友们也说明天去县政府堵门。';
const key = (id: string) => `raw/${TONGLU}/${id}`;
const stored = () => unpacked(bed.table().get(`CASE#${NUMBER}`, 'CASE')!);
const alerts = () => outboxOf('notify').filter((m) => m.body.kind === 'urgentAlert');

describe('urgent words in a reply to a registered case', () => {
  it('make the case urgent, alert its leaders at once with a response awaited, and record the words', async () => {
    bed.table().seed(working);
    const record = arrive(key('7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'), reply(THREAT, 'r1.zhangwei@163.example'), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');
    expect(await deliver(record('2a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'))).toEqual({ batchItemFailures: [] });

    expect(stored()).toMatchObject({ urgent: true, urgentResponse: { alertedAt: '2026-12-07T12:14:05.000Z', dueAt: '2026-12-07T12:44:05.000Z' } });
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]!.body).toMatchObject({ subject: expect.stringContaining(`【紧急】${NUMBER}`), text: expect.stringContaining('跳下去') });
    expect(alerts()[0]!.body.to).toContain('fang.jianhua@tonglu.petitions.example');
    const events = bed.table().partition(`CASE#${NUMBER}`).filter((i) => i.entity === 'event');
    expect(events).toEqual([expect.objectContaining({ type: 'messageReceived', detail: expect.objectContaining({ urgentWords: expect.arrayContaining(['跳下去']) }) })]);
  });

  it('alert again for a new threat once the first was answered, and not for a reply without one', async () => {
    bed.table().seed({ ...working, urgent: true, urgentResponse: { alertedAt: '2026-11-20T01:00:05.000Z', dueAt: '2026-11-20T01:30:05.000Z', respondedAt: '2026-11-20T01:20:00.000Z', respondedBy: 'tonglu-leader-petitions', note: '已约谈' } });
    const calm = arrive(key('8c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'), reply('补充一份工资条，请查收。', 'r2.zhangwei@163.example'), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');
    expect(await deliver(calm('3a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'))).toEqual({ batchItemFailures: [] });
    expect(alerts()).toHaveLength(0);

    const threat = arrive(key('9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'), reply(THREAT, 'r3.zhangwei@163.example'), '2026-12-07T13:00:05.000Z');
    at('2026-12-07T13:00:10.000Z');
    expect(await deliver(threat('4a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'))).toEqual({ batchItemFailures: [] });
    expect(alerts()).toHaveLength(1);
    // A new response is awaited, counted from the message's arrival: the earlier one answered the first threat, not this one.
    expect(stored().urgentResponse).toEqual(expect.objectContaining({ alertedAt: '2026-12-07T13:00:05.000Z', dueAt: '2026-12-07T13:30:05.000Z' }));
    expect(stored().urgentResponse).not.toHaveProperty('respondedAt');
  });
});

describe('a reply asking to withdraw the petition (撤回)', () => {
  it('tells the office, which records a withdrawal, in the petitioner’s words; the case goes on until it does', async () => {
    bed.table().seed(working);
    const record = arrive(key('ac1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'), reply('工资已经结清了，我要撤回这个信访，不用再处理了。', 'r4.zhangwei@163.example'), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');
    expect(await deliver(record('5a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'))).toEqual({ batchItemFailures: [] });

    const request = outboxOf('notify').find((m) => m.body.subject.startsWith('【申请撤回】'));
    expect(request?.body).toMatchObject({ to: ['xinfang@tonglu.petitions.example'], subject: `【申请撤回】${NUMBER} 信访人来信表示要撤回，请核实 — 桐庐县信访局` });
    expect(request?.body.text).toContain('表示“要撤回”');
    // The petitioner is answered: received, to be checked with them, handled as before until then.
    const received = outboxOf('notify').filter((m) => m.body.subject.includes('您的撤回申请已收到'));
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toMatchObject({ to: ['zhangwei1979@163.example'], fromName: '桐庐县信访局' });
    expect(received[0]!.body.text).toContain('核实之前，您的信访事项照常办理');
    expect(stored()).toMatchObject({ status: 'inProgress' });
    const events = bed.table().partition(`CASE#${NUMBER}`).filter((i) => i.entity === 'event');
    expect(events).toEqual([expect.objectContaining({ detail: expect.objectContaining({ withdrawalRequested: '要撤回' }) })]);
  });

  it('is not read into a reply that only mentions the word', async () => {
    bed.table().seed(working);
    const record = arrive(key('bc1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'), reply('包工头让我撤回，我不想撤回，请继续处理。', 'r5.zhangwei@163.example'), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');
    expect(await deliver(record('6a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'))).toEqual({ batchItemFailures: [] });
    expect(outboxOf('notify').map((m) => m.body.subject)).not.toContainEqual(expect.stringContaining('申请撤回'));
  });
});

describe('a reply to a repeat declined into its earlier case (重复件)', () => {
  const REPEAT = '330122-2026-000430';
  const repeatTagged = replyTagger(ENV.REPLY_TAG_KEY!).tag(TONGLU, REPEAT, PETITIONER);
  const declinedRepeat = {
    ...working,
    pk: `CASE#${REPEAT}`,
    caseNumber: REPEAT,
    status: 'declined',
    repeatOf: NUMBER,
    subject: '再次反映工地拖欠工资',
    handling: undefined,
    version: 3,
  };
  const replyToRepeat = (words: string, messageId: string) =>
    new Uint8Array(
      Buffer.from(
        [
          'Date: Mon, 7 Dec 2026 20:14:00 +0800',
          `From: <${PETITIONER}>`,
          `To: ${repeatTagged}`,
          `Subject: =?UTF-8?B?${Buffer.from(`回复：【${REPEAT}】不予受理告知书`).toString('base64')}?=`,
          `Message-ID: <${messageId}>`,
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=UTF-8',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from(`${words}\r\n`, 'utf8').toString('base64'),
          '',
        ].join('\r\n'),
        'utf8',
      ),
    );
  const messagesOf = (n: string) => bed.table().partition(`CASE#${n}`).filter((i) => i.entity === 'message' && i.id !== `repeat:${REPEAT}`);
  /** What the router's merge left on the earlier case: the repeat's material, under the repeat's id. */
  const mergeRecord = {
    pk: `CASE#${NUMBER}`,
    sk: `MSG#2026-12-06T02:00:00.000Z#repeat:${REPEAT}`,
    entity: 'message',
    caseNumber: NUMBER,
    id: `repeat:${REPEAT}`,
    direction: 'in',
    at: '2026-12-06T02:00:00.000Z',
    to: [],
    subject: '再次反映工地拖欠工资',
    text: '…',
    messageIds: [],
    attachments: [],
    kind: 'petition',
  };

  it('goes to the earlier case the unit is handling, whose unit is told', async () => {
    bed.table().seed(working, mergeRecord);
    bed.table().seed(declinedRepeat);
    const record = arrive(key('cc1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'), replyToRepeat('补充材料：包工头今天又说下个月才发。', 'r6.zhangwei@163.example'), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');
    expect(await deliver(record('7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'))).toEqual({ batchItemFailures: [] });

    expect(messagesOf(NUMBER)).toHaveLength(1);
    expect(messagesOf(REPEAT)).toHaveLength(0);
    // Proven by the repeat's mail it answers: the unit gets the material as the petitioner's, not 【发件人未验证】.
    const notices = outboxOf('notify').filter((m) => m.body.kind === 'petitionerMessage');
    expect(notices.map((m) => [m.body.caseNumber, m.body.to, m.body.subject])).toEqual([[NUMBER, ['hrss@tonglu.petitions.example'], `【${NUMBER}】信访人补充了材料 — 桐庐县信访局`]]);
  });

  it('stays on a repeat declined for another reason, its material never merged', async () => {
    bed.table().seed(working);
    bed.table().seed(declinedRepeat);
    const record = arrive(key('ec1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'), replyToRepeat('补充材料：包工头今天又说下个月才发。', 'r8.zhangwei@163.example'), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');
    expect(await deliver(record('9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'))).toEqual({ batchItemFailures: [] });
    expect(messagesOf(REPEAT)).toHaveLength(1);
    expect(messagesOf(NUMBER)).toHaveLength(0);
  });

  it('stays on the repeat once the earlier case is no longer open', async () => {
    bed.table().seed({ ...working, status: 'closed' }, mergeRecord);
    bed.table().seed(declinedRepeat);
    const record = arrive(key('dc1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'), replyToRepeat('补充材料：包工头今天又说下个月才发。', 'r7.zhangwei@163.example'), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');
    expect(await deliver(record('8a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'))).toEqual({ batchItemFailures: [] });
    expect(messagesOf(REPEAT)).toHaveLength(1);
    expect(messagesOf(NUMBER)).toHaveLength(0);
  });
});
