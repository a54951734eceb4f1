import { describe, expect, it } from 'vitest';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { threadIndexKey } from '../../shared/adapters/dynamodb/keys.js';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { handlerEnv } from '../fixtures/handler-env.js';
import { arrive, dynamo, intakeHandlerBed, outboxOf } from '../fixtures/intake-aws.js';
import { unpacked } from '../fixtures/stored-items.js';

/*
 * Mail as citizens write it to a county office, through the intake handler:
 * what they retype of our letters, and what their providers send back.
 */
const bed = intakeHandlerBed(handlerEnv('INFO'));
const { at, deliver } = bed;

const TONGLU = 'xinfang@tonglu.petitions.example';
const NUMBER = '330122-2026-000042';
const PETITIONER = 'zhangwei1978@163.example';

const casePuts = () =>
  dynamo
    .commandCalls(TransactWriteCommand)
    .flatMap((c) => c.args[0].input.TransactItems!.map((i) => i.Put?.Item))
    .filter((item): item is Record<string, any> => item?.entity === 'case')
    .map(unpacked);
const words = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;

/** A plain UTF-8 email as a webmail client sends it. */
function email(headers: string[], body: string): Uint8Array {
  const raw = [...headers, 'Date: Wed, 21 Jan 2026 09:00:00 +0800', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', Buffer.from(body).toString('base64'), ''];
  return new Uint8Array(Buffer.from(raw.join('\r\n'), 'utf8'));
}

let stored = 0;
/** SES stores the email under the office's prefix; the intake takes it two seconds later. */
function take(raw: Uint8Array) {
  const key = `raw/${TONGLU}/0123abcd${String(++stored).padStart(32, '0')}`;
  const record = arrive(key, raw, '2026-01-21T01:00:00.000Z');
  at('2026-01-21T01:00:02.000Z');
  return deliver(record(`5f0c1e2d-0000-4000-8000-${String(stored).padStart(12, '0')}`));
}

/** Case 42, registered from the petitioner's email and assigned to the county's labour bureau. */
const case42 = {
  pk: `CASE#${NUMBER}`,
  sk: 'CASE',
  entity: 'case',
  caseNumber: NUMBER,
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'assigned',
  subject: '关于华丰针织有限公司拖欠工资的投诉',
  matter: '公司自2025年9月起拖欠我们车间工人的工资。',
  petitioner: { anonymous: false, name: '张伟', email: PETITIONER },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-hrss', cooperating: [] },
  receivedAt: '2026-01-12T01:14:31.000Z',
  registeredAt: '2026-01-12T01:14:35.000Z',
  registeredBy: 'system:intake',
  deadlines: { acceptance: '2026-01-27T16:00:00.000Z', handling: '2026-03-14T16:00:00.000Z' },
  attachments: [],
  acknowledgement: 'queued',
  version: 4,
  updatedAt: '2026-01-13T02:00:00.000Z',
};

describe('a petitioner who retypes the case number in the subject', () => {
  it.each([['330122 - 2026 - 000042'], ['330122—2026—000042'], ['３３０１２２ ２０２６ ００００４２'], ['330122-2026-42']])(
    'as %s: the email joins that case, no second case or acknowledgement',
    async (typed) => {
      bed.table().seed(case42);
      const raw = email([`From: ${words('张伟')} <${PETITIONER}>`, `To: ${TONGLU}`, `Subject: ${words(`补充材料 ${typed}`)}`, `Message-ID: <r${stored}.Coremail.zhangwei1978@163.example>`], '领导好，补充一下：公司今天又说下个月再发。');

      expect(await take(raw)).toEqual({ batchItemFailures: [] });

      expect(casePuts().map((c) => c.caseNumber)).toEqual([NUMBER]);
      // Material for the unit, marked unproven (a subject anyone can type proves no sender); the address of record is told.
      expect(outboxOf('notify').map((m) => m.id.replace(/:[^:]*$/, ''))).toEqual([`pmsg:${NUMBER}`, `unverified:${NUMBER}`]);
      // Plain material, kept for staff to check: said as that, not as a refusal of a request it never made.
      const [staff, told] = outboxOf('notify').map((m) => m.body as { text: string });
      expect(staff!.text).toContain('请核实发件人后再作为信访人的补充材料使用');
      expect(staff!.text).not.toContain('未据此办理任何事项');
      expect(told!.text).toContain('邮件及所附材料已收到，随您的信访事项保存，工作人员核实发件人后，再作为您的补充材料使用。');
      expect(told!.text).toContain('如该邮件确系您本人所发，不必重新发送');
      expect(told!.text).not.toContain('未据此办理任何事项');
      expect(outboxOf('routing')).toEqual([]);
    },
  );
});

describe('a 退信 notice in prose from a Chinese provider (no DSN part, no null sender)', () => {
  const notice = () =>
    email(
      [`From: ${words('系统退信')} <noreply@service.mail.example.cn>`, `Return-Path: <noreply@service.mail.example.cn>`, `To: ${TONGLU}`, `Subject: ${words(`退信通知：【${NUMBER}】您的信访事项已登记`)}`, 'Message-ID: <bounce.20260121.0001@service.mail.example.cn>'],
      [
        '很抱歉，您发送的邮件未能送达。',
        `收件人：${PETITIONER}`,
        '退信原因：收件人邮箱不存在（550 User not found）',
        '',
        '原邮件信息：',
        `主题：【${NUMBER}】您的信访事项已登记 — 桐庐县信访局`,
        `Message-ID: <ack.${NUMBER}.1@petitions.example>`,
      ].join('\r\n'),
    );

  it('is recorded on the case of the letter it quotes: no case of its own, nothing sent to the provider', async () => {
    bed.table().seed(case42, { ...threadIndexKey(`ack.${NUMBER}.1@petitions.example`), entity: 'thread', caseNumber: NUMBER });
    expect(await take(notice())).toEqual({ batchItemFailures: [] });

    expect(casePuts().map((c) => c.caseNumber)).toEqual([NUMBER]);
    expect(bed.table().partition(`CASE#${NUMBER}`).filter((i) => i.entity === 'event').map((e) => unpacked(e).type)).toContain('bounceRecorded');
    expect(outboxOf('notify')).toEqual([]);
    expect(outboxOf('routing')).toEqual([]);
  });

  it('quoting no letter of ours: ignored as a bounce, never registered or acknowledged', async () => {
    expect(await take(notice())).toEqual({ batchItemFailures: [] });
    expect(casePuts()).toEqual([]);
    expect(outboxOf('notify')).toEqual([]);
  });
});

describe('a citizen’s own subject about returned mail (退信 is also a paper letter the post office returned)', () => {
  it.each([
    ['zhangwei@163.example', '退信通知：我寄给县长的信被邮局退回了'],
    ['zhangwei@163.example', 'Returned mail'],
    ['system.li@163.example', '邮件被退回：我写给县长信箱的信被退了三次'],
  ])('from %s, “%s”: registered as a petition and acknowledged, not dropped as a bounce', async (from, subject) => {
    const raw = email(
      [`From: ${words('张伟')} <${from}>`, `Return-Path: <${from}>`, `To: ${TONGLU}`, `Subject: ${words(subject)}`, `Message-ID: <p${stored}.Coremail.${from}>`],
      '县长您好：我上个月给县长寄的挂号信被邮局退回了，信封上写着查无此单位。我们村的自来水管道破了三个月没人修，全村人只能挑水吃，请领导过问。',
    );

    expect(await take(raw)).toEqual({ batchItemFailures: [] });

    const registered = casePuts();
    expect(registered).toHaveLength(1);
    expect(registered[0]!.petitioner).toMatchObject({ email: from });
    expect(outboxOf('notify').map((m) => m.id)).toContain(`ack:${registered[0]!.caseNumber}`);
  });
});

describe('a prose bounce from a gateway that rewrites the sender (no mail system’s address or name)', () => {
  const OUR_ACK = `${replyTagger(handlerEnv('INFO').REPLY_TAG_KEY!).messageIdPart(`ack:${NUMBER}`)}@petitions.example`;
  const bounce = (quoted: string) =>
    email(
      ['From: gw01@relay.example.cn', 'Return-Path: <gw01@relay.example.cn>', `To: ${TONGLU}`, 'Subject: Returned mail', 'Message-ID: <nd.20260121.7@relay.example.cn>'],
      ['The following message could not be delivered: 550 User not found', '', '--- Original message headers ---', `Message-ID: <${quoted}>`, `Subject: 【${NUMBER}】您的信访事项已登记`].join('\r\n'),
    );

  it('quoting a genuine Message-ID of ours: recorded on that letter’s case, no case or answer of its own', async () => {
    bed.table().seed(case42, { ...threadIndexKey(OUR_ACK), entity: 'thread', caseNumber: NUMBER });
    expect(await take(bounce(OUR_ACK))).toEqual({ batchItemFailures: [] });

    expect(casePuts().map((c) => c.caseNumber)).toEqual([NUMBER]);
    expect(bed.table().partition(`CASE#${NUMBER}`).filter((i) => i.entity === 'event').map((e) => unpacked(e).type)).toContain('bounceRecorded');
    expect(outboxOf('notify')).toEqual([]);
  });

  it('quoting one made up in our form: registered like any mail from that address', async () => {
    bed.table().seed(case42);
    expect(await take(bounce(OUR_ACK.replace(/\.[0-9a-f]{20}@/, `.${'0'.repeat(20)}@`)))).toEqual({ batchItemFailures: [] });

    expect(casePuts().filter((c) => c.caseNumber !== NUMBER)).toHaveLength(1);
  });
});

describe('a body that opens with 【自动回复】', () => {
  const OUR_ACK = `${replyTagger(handlerEnv('INFO').REPLY_TAG_KEY!).messageIdPart(`ack:${NUMBER}`)}@petitions.example`;
  const reply = (body: string) =>
    email(
      [`From: ${words('张伟')} <${PETITIONER}>`, `To: ${TONGLU}`, `Subject: ${words(`Re: 【${NUMBER}】您的信访事项已登记`)}`, `Message-ID: <ar${stored}.sina.example>`, `In-Reply-To: <${OUR_ACK}>`, `References: <${OUR_ACK}>`],
      body,
    );

  it('a citizen who pastes a department’s auto-reply above the complaint: registered and acknowledged', async () => {
    const raw = email(
      [`From: ${words('李秀英')} <lixiuying@163.example>`, `To: ${TONGLU}`, `Subject: ${words('楼顶漏水三个月没人修')}`, `Message-ID: <pa${stored}.Coremail.lixiuying@163.example>`],
      '【自动回复】您好，您的来信已收到。——这是你们上次的回复，可是到现在都没人来修，楼顶还在漏水，家里的墙都发霉了。',
    );

    expect(await take(raw)).toEqual({ batchItemFailures: [] });

    const registered = casePuts();
    expect(registered).toHaveLength(1);
    expect(outboxOf('notify').map((m) => m.id)).toContain(`ack:${registered[0]!.caseNumber}`);
  });

  it('the petitioner’s mailbox answering our letter with a short auto-reply: nothing registered, threaded or sent', async () => {
    bed.table().seed(case42, { ...threadIndexKey(OUR_ACK), entity: 'thread', caseNumber: NUMBER });
    expect(await take(reply('【自动回复】您好，您的邮件已收到，我会尽快处理。'))).toEqual({ batchItemFailures: [] });

    expect(casePuts()).toEqual([]);
    expect(outboxOf('notify')).toEqual([]);
  });

  it('the petitioner answering our letter with the auto-reply pasted above what they add: on the case for the unit', async () => {
    bed.table().seed(case42, { ...threadIndexKey(OUR_ACK), entity: 'thread', caseNumber: NUMBER });
    expect(await take(reply('【自动回复】您好，您的来信已收到。——这是你们上次的回复，可是到现在都没人来修。'))).toEqual({ batchItemFailures: [] });

    expect(casePuts().map((c) => c.caseNumber)).toEqual([NUMBER]);
    expect(outboxOf('notify').map((m) => m.id.replace(/:[^:]*$/, ''))).toContain(`pmsg:${NUMBER}`);
  });
});
