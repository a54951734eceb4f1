import { describe, expect, it } from 'vitest';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { handlerEnv } from '../fixtures/handler-env.js';
import { arrive, intakeHandlerBed, outboxOf } from '../fixtures/intake-aws.js';

/**
 * 撤回存疑 by email: the 撤回告知 tells the petitioner to reply if the
 * withdrawal was not their will. A reply saying so is not mere material: the
 * office is asked, under its own heading, to verify and take the case up again
 * (恢复办理), the petitioner is told what happens next, and the case's history
 * shows the doubt — but the case stays withdrawn until the office decides.
 */
const ENV = handlerEnv('INFO');
const bed = intakeHandlerBed(ENV);
const { at, deliver } = bed;

const NUMBER = '330122-2026-000318';
const PETITIONER = 'wangjianhua1972@163.example';
const TONGLU = 'xinfang@tonglu.petitions.example';
const TAGGED = replyTagger(ENV.REPLY_TAG_KEY!).tag(TONGLU, NUMBER, PETITIONER);
/** As the parser keeps it (without the angle brackets of the header). */
const MESSAGE_ID = '3c9e1a47.5b2d.19c1f0a2b3c.Coremail.wangjianhua1972@163.example';

/** Unpaid wages on a building site, withdrawn "by phone" on 3 December: the petitioner never called. */
const withdrawn = {
  pk: `CASE#${NUMBER}`,
  sk: 'CASE',
  entity: 'case',
  caseNumber: NUMBER,
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'withdrawn',
  subject: '迎春南路工地拖欠农民工工资',
  matter: '我在桐庐县城南街道迎春南路安置房工地做钢筋工，包工头拖欠我和工友三个月工资共计4万余元。',
  petitioner: { anonymous: false, name: '王建华', email: PETITIONER, phone: '13957112345' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-20T01:00:00.000Z',
  registeredAt: '2026-11-20T01:00:05.000Z',
  registeredBy: 'system:intake',
  acceptedAt: '2026-11-23T02:00:00.000Z',
  handling: { lead: '330122-hrss', cooperating: [] },
  deadlines: { acceptance: '2026-12-07T16:00:00.000Z', handling: '2027-01-22T16:00:00.000Z' },
  withdrawal: { at: '2026-12-03T06:00:00.000Z', by: 'tonglu-registrar', how: 'phone', note: '来电称工资已结清，不再反映。', from: 'inProgress' },
  attachments: [],
  acknowledgement: 'queued',
  version: 8,
  updatedAt: '2026-12-03T06:00:00.000Z',
};

/** The petitioner answers the 撤回告知 from his own mailbox, to the tagged Reply-To it carried, quoting it below. */
function replyToWithdrawalNotice(words: string, options: { from?: string; to?: string; messageId?: string } = {}): Uint8Array {
  const from = options.from ?? PETITIONER;
  const text = `${words}\r\n\r\n王建华\r\n\r\n------------------ 原始邮件 ------------------\r\n发件人: 桐庐县信访局\r\n\r\n王建华：\r\n\r\n您于2026年12月3日 14:00电话提出撤回所反映的信访事项（登记编号 ${NUMBER}）。本机关已终止办理，各项办理期限不再计算。\r\n\r\n撤回并非您本人真实意愿的，请直接回复本邮件，或来电、来访向桐庐县信访局说明情况。\r\n`;
  const raw = [
    `Return-Path: <${from}>`,
    'Date: Mon, 7 Dec 2026 20:14:00 +0800',
    `From: =?UTF-8?B?${Buffer.from('王建华').toString('base64')}?= <${from}>`,
    `To: ${options.to ?? TAGGED}`,
    `Subject: =?UTF-8?B?${Buffer.from(`回复：【${NUMBER}】信访事项撤回告知 — 桐庐县信访局`).toString('base64')}?=`,
    `Message-ID: <${options.messageId ?? MESSAGE_ID}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(text, 'utf8').toString('base64'),
    '',
  ].join('\r\n');
  return new Uint8Array(Buffer.from(raw, 'utf8'));
}

const DISPUTE = '我没有撤回！是工地的人打电话冒充我的，工资一分钱都没结。请你们继续处理。';
const key = (id: string) => `raw/${TONGLU}/${id}`;
const events = () => bed.table().partition(`CASE#${NUMBER}`).filter((i) => i.entity === 'event');

describe('a reply to a withdrawn case disputing the withdrawal', () => {
  it('asks the office to verify (【撤回存疑】, not the generic material notice), tells the petitioner what happens next, and records the doubt; the case stays withdrawn', async () => {
    bed.table().seed(withdrawn);
    const record = arrive(key('6b1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'), replyToWithdrawalNotice(DISPUTE), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');

    expect(await deliver(record('1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'))).toEqual({ batchItemFailures: [] });

    // Not reinstated: the office decides, after speaking with the petitioner.
    expect(bed.table().get(`CASE#${NUMBER}`, 'CASE')).toMatchObject({ status: 'withdrawn', version: 9 });
    expect(events()).toEqual([expect.objectContaining({ type: 'messageReceived', detail: expect.objectContaining({ senderVerified: true, withdrawalDisputed: '没有撤回' }) })]);

    const mails = outboxOf('notify').map((m) => m.body);
    expect(mails.map((m) => m.subject)).not.toContainEqual(expect.stringContaining('信访人补充了材料'));
    const [office, petitioner] = mails;
    expect(mails).toHaveLength(2);
    // To the office only: never the unit it was with, which may be the one the petitioner complains of.
    expect(office).toMatchObject({ to: [TONGLU], subject: `【撤回存疑】${NUMBER} 信访人来信称撤回并非本人意愿，请核实 — 桐庐县信访局` });
    expect(office.text).toContain('2026年12月3日 14:00记录为撤回（电话提出，申屠丽娟记录）');
    expect(office.text).toContain('工地的人打电话冒充我的');
    expect(office.text).toContain('事项仍为撤回状态，系统未自动恢复办理');
    expect(office.text).toContain('“恢复办理”');
    // The quoted 撤回告知 is the petitioner's to read, not the office's.
    expect(office.text).not.toContain('原始邮件');
    expect(petitioner).toMatchObject({
      to: [PETITIONER],
      inReplyTo: MESSAGE_ID,
      replyTo: TONGLU,
      subject: `【${NUMBER}】您对撤回的异议已收到 — 桐庐县信访局`,
    });
    expect(petitioner.text).toContain('您于2026年12月7日 20:14来信表示');
    expect(petitioner.text).toContain('桐庐县信访局将与您本人核实情况');
    expect(petitioner.text).toContain('经核实撤回确非您本人真实意愿的，本机关将重新办理该事项，撤回期间不计入办理期限');
    expect(petitioner.text).toContain('核实之前，本事项仍记录为撤回');
  });

  it('delivered again — by the queue, or stored a second time under the same Message-ID — tells nobody twice', async () => {
    bed.table().seed(withdrawn);
    const record = arrive(key('6b1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'), replyToWithdrawalNotice(DISPUTE), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');
    await deliver(record('1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'));
    const first = outboxOf('notify');

    at('2026-12-07T12:17:30.000Z');
    expect(await deliver(record('1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', 2))).toEqual({ batchItemFailures: [] });
    const copy = arrive(key('7c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e'), replyToWithdrawalNotice(DISPUTE), '2026-12-07T12:20:00.000Z');
    at('2026-12-07T12:20:05.000Z');
    expect(await deliver(copy('2b3c4d5e-6f70-4b8c-9d0e-1f2a3b4c5d6e'))).toEqual({ batchItemFailures: [] });

    expect(outboxOf('notify')).toEqual(first);
    expect(first.map((m) => m.id)).toEqual([`withdrawal-disputed:${NUMBER}:${MESSAGE_ID}`, `withdrawal-dispute-received:${NUMBER}:${MESSAGE_ID}`]);
    expect(events()).toHaveLength(1);
    expect(bed.table().get(`CASE#${NUMBER}`, 'CASE')).toMatchObject({ status: 'withdrawn', version: 9 });
  });

  it('from an unproven sender still reaches the office as 撤回存疑, said to be unproven; the address of record is told how to confirm, not answered', async () => {
    bed.table().seed(withdrawn);
    // Straight to the office's mailbox with the case number in the subject: no tag, no quoted Message-ID of ours.
    const record = arrive(key('8d3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f'), replyToWithdrawalNotice('不是我撤回的，请核实。', { to: TONGLU }), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');

    await deliver(record('3c4d5e6f-7081-4c9d-8e0f-2a3b4c5d6e7f'));

    const mails = outboxOf('notify').map((m) => m.body);
    expect(mails.map((m) => m.subject)).toEqual([`【发件人未验证】【撤回存疑】${NUMBER} 信访人来信称撤回并非本人意愿，请核实 — 桐庐县信访局`, `【${NUMBER}】关于您的信访事项收到的一封邮件`]);
    expect(mails[0]!.text).not.toContain('系统已回复信访人');
    expect(events()[0]).toMatchObject({ detail: expect.objectContaining({ senderVerified: false, withdrawalDisputed: '不是我撤回' }) });
    expect(bed.table().get(`CASE#${NUMBER}`, 'CASE')).toMatchObject({ status: 'withdrawn' });
  });

  it('a mere thanks is material as before: the generic notice to the office, nothing to the petitioner, no doubt recorded', async () => {
    bed.table().seed(withdrawn);
    const record = arrive(key('9e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a'), replyToWithdrawalNotice('收到，谢谢你们。工资已经结清了，撤回是我自愿的，没有人逼我。'), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');

    await deliver(record('4d5e6f70-8192-4dae-9f10-3b4c5d6e7f80'));

    const mails = outboxOf('notify').map((m) => m.body);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: [TONGLU], subject: expect.stringContaining('信访人补充了材料') });
    expect(events()[0]!.detail).not.toHaveProperty('withdrawalDisputed');
  });
});
