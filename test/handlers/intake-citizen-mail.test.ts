import { describe, expect, it } from 'vitest';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { threadIndexKey } from '../../shared/adapters/dynamodb/keys.js';
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
