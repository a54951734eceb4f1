import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { classifyNoise as classifyWith, ownAddresses } from '../../shared/domain/mail/noise.js';
import type { ParsedEmail } from '../../shared/domain/mail/parsed-email.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/** Our own addresses in these tests: the office mailbox, a unit's and the sending address. */
const OURS = new Set(['xinfang@tonglu.gov.cn', 'zhujian@tonglu.gov.cn', 'noreply@xinfang.zj.gov.cn']);
/** A Message-ID of ours whose mac verifies (the form ReplyTagger.messageIdPart writes), and one made up in that form. */
const OUR_ACK = `${'a1'.repeat(32)}.${'0f'.repeat(10)}@petitions.example`;
const MADE_UP = `${'a1'.repeat(32)}.${'00'.repeat(10)}@petitions.example`;
const classifyNoise = (e: ParsedEmail) =>
  classifyWith(
    e,
    (address) => OURS.has(address),
    (messageId) => messageId === OUR_ACK,
  );

/** A petition as it reaches the 桐庐县 office mailbox from a 163 account; override what a case needs. */
function email(overrides: Partial<ParsedEmail> = {}): ParsedEmail {
  return {
    messageId: '6b1f4c2e.3a9d.19a2c7e5b11.Coremail.wangjianguo1968@163.com',
    references: [],
    from: { address: 'wangjianguo1968@163.com', name: '王建国' },
    returnPath: 'wangjianguo1968@163.com',
    to: [{ address: 'xinfang@tonglu.gov.cn', name: '桐庐县信访局' }],
    cc: [],
    subject: '关于城南安置房工地拖欠农民工工资的反映',
    date: '2026-03-16T01:20:00.000Z',
    text: '尊敬的领导：您好！我是桐庐县城南街道的农民工王建国，包工头李某至今拖欠我工资38600元。联系电话：13857112345',
    headers: {},
    contentType: 'text/plain',
    attachments: [],
    defects: [],
    contentHash: '0'.repeat(64),
    ...overrides,
  };
}

describe('classifyNoise: petitions', () => {
  it('lets an ordinary petition through', () => {
    expect(classifyNoise(email())).toEqual({ kind: 'petition' });
  });

  it('treats Auto-Submitted: no as a human message', () => {
    expect(classifyNoise(email({ headers: { 'auto-submitted': 'no' } }))).toEqual({ kind: 'petition' });
  });

  it('does not take X-Auto-Response-Suppress for an auto-reply (Outlook sets it on ordinary mail)', () => {
    expect(classifyNoise(email({ headers: { 'x-auto-response-suppress': 'All' } }))).toEqual({ kind: 'petition' });
  });

  it('reads auto-reply words only at the start of the subject', () => {
    expect(classifyNoise(email({ subject: '关于自动回复系统的投诉' }))).toEqual({ kind: 'petition' });
  });

  it('reads them only as a whole word: 自动回复系统… and 外出务工… are petitions', () => {
    expect(classifyNoise(email({ subject: '自动回复系统从不转人工，投诉12345热线' }))).toEqual({ kind: 'petition' });
    expect(classifyNoise(email({ subject: '外出务工人员工资被拖欠' }))).toEqual({ kind: 'petition' });
  });

  it('ignores other Precedence values', () => {
    expect(classifyNoise(email({ headers: { precedence: 'first-class' } }))).toEqual({ kind: 'petition' });
  });
});

describe('classifyNoise: auto-replies', () => {
  it('recognises Auto-Submitted other than no, with its parameters', () => {
    const reply = email({ headers: { 'auto-submitted': 'auto-replied; owner-email="wangjianguo1968@163.com"' } });
    expect(classifyNoise(reply)).toEqual({ kind: 'autoReply', reason: 'Auto-Submitted: auto-replied' });
    expect(classifyNoise(email({ headers: { 'auto-submitted': 'Auto-Generated' } }))).toEqual({
      kind: 'autoReply',
      reason: 'Auto-Submitted: auto-generated',
    });
  });

  it('recognises X-Autoreply, X-Autorespond and X-Autoresponder', () => {
    expect(classifyNoise(email({ headers: { 'x-autoreply': 'yes' } }))).toEqual({ kind: 'autoReply', reason: 'X-Autoreply' });
    expect(classifyNoise(email({ headers: { 'x-autorespond': '' } }))).toMatchObject({ kind: 'autoReply', reason: 'X-Autorespond' });
    expect(classifyNoise(email({ headers: { 'x-autoresponder': 'true' } }))).toMatchObject({ kind: 'autoReply' });
  });

  it('recognises QQ/163 and Outlook auto-reply subjects', () => {
    expect(classifyNoise(email({ subject: '自动回复：关于城南安置房工地拖欠农民工工资的反映' }))).toEqual({
      kind: 'autoReply',
      reason: 'Subject: 自动回复',
    });
    expect(classifyNoise(email({ subject: '自动答复: 您的来信已收到' }))).toMatchObject({ kind: 'autoReply' });
    expect(classifyNoise(email({ subject: 'Automatic reply: 桐庐县信访局受理告知' }))).toMatchObject({ kind: 'autoReply' });
    expect(classifyNoise(email({ subject: 'Out of Office: 受理告知 330122-2026-000042' }))).toMatchObject({ kind: 'autoReply' });
    expect(classifyNoise(email({ subject: '【休假中】' }))).toMatchObject({ kind: 'autoReply' });
    expect(classifyNoise(email({ subject: 'AutoReply' }))).toMatchObject({ kind: 'autoReply' });
  });

  it('sees through reply prefixes: Re: 自动回复：… is automatic', () => {
    expect(classifyNoise(email({ subject: 'Re: 自动回复：受理告知 330122-2026-000042' }))).toEqual({
      kind: 'autoReply',
      reason: 'Subject: 自动回复',
    });
    expect(classifyNoise(email({ subject: '回复：回复：不在办公室' }))).toMatchObject({ kind: 'autoReply' });
  });

  it('takes a vacation reply sent from the null sender for an auto-reply, not a failed delivery', () => {
    const vacation = email({ returnPath: '', headers: { 'auto-submitted': 'auto-replied' }, subject: 'Re: 受理告知' });
    expect(classifyNoise(vacation)).toEqual({ kind: 'autoReply', reason: 'Auto-Submitted: auto-replied' });
  });

  it('takes a read receipt (multipart/report; report-type=disposition-notification) for an auto-reply', () => {
    const receipt = email({
      contentType: 'multipart/report',
      headers: { 'content-type': 'multipart/report; report-type=disposition-notification; boundary="b1"' },
      subject: '已读: 受理告知',
    });
    expect(classifyNoise(receipt)).toEqual({
      kind: 'autoReply',
      reason: 'Content-Type: multipart/report; report-type=disposition-notification',
    });
  });

  it('recognises Precedence: auto_reply', () => {
    expect(classifyNoise(email({ headers: { precedence: 'auto_reply' } }))).toEqual({ kind: 'autoReply', reason: 'Precedence: auto_reply' });
  });
});

describe('classifyNoise: bounces', () => {
  const postfixBounce = email({
    from: { address: 'MAILER-DAEMON@mx3.tonglu.gov.cn', name: 'Mail Delivery System' },
    returnPath: '',
    subject: 'Undelivered Mail Returned to Sender',
    contentType: 'multipart/report',
    headers: {
      'content-type': 'multipart/report; report-type=delivery-status; boundary="4F2A"',
      'auto-submitted': 'auto-replied',
    },
  });

  it('recognises a Postfix bounce as a bounce even though it carries Auto-Submitted', () => {
    expect(classifyNoise(postfixBounce)).toEqual({ kind: 'bounce', reason: 'From: mailer-daemon' });
  });

  it('recognises multipart/report with report-type=delivery-status', () => {
    const dsn = email({
      from: { address: 'service@notice.example.cn' },
      contentType: 'multipart/report',
      headers: { 'content-type': 'multipart/report; report-type=delivery-status; boundary="x"' },
    });
    expect(classifyNoise(dsn)).toEqual({ kind: 'bounce', reason: 'Content-Type: multipart/report; report-type=delivery-status' });
  });

  it('recognises a postmaster sender, case-insensitively', () => {
    expect(classifyNoise(email({ from: { address: 'PostMaster@qq.com', name: '系统退信' } }))).toEqual({
      kind: 'bounce',
      reason: 'From: postmaster',
    });
  });

  it('recognises X-Failed-Recipients (Exim)', () => {
    expect(classifyNoise(email({ headers: { 'x-failed-recipients': 'wangjianguo1968@163.com' } }))).toEqual({
      kind: 'bounce',
      reason: 'X-Failed-Recipients',
    });
  });

  it('takes the null sender with no other sign for a bounce', () => {
    expect(classifyNoise(email({ returnPath: '' }))).toEqual({ kind: 'bounce', reason: 'Return-Path: <> (null sender)' });
  });

  // Chinese providers' 退信 notices and gateways that rewrite the envelope: sent as ordinary mail, no DSN part, no null sender.
  it('recognises a bounce in prose by a mail system’s subject from a mail system’s address', () => {
    const notice = (subject: string, from = { address: 'noreply@notice.mail.example.cn' }) => classifyNoise(email({ subject, from, returnPath: from.address }));
    const fromService = "From: a mail system's address";
    expect(notice('Undelivered Mail Returned to Sender', { address: 'system@mx.sina.example' })).toEqual({ kind: 'bounce', reason: `Subject: Undelivered Mail Returned to Sender; ${fromService}` });
    expect(notice('Undeliverable: 【330122-2026-000042】您的信访事项已登记')).toEqual({ kind: 'bounce', reason: `Subject: Undeliverable; ${fromService}` });
    expect(notice('系统退信')).toEqual({ kind: 'bounce', reason: `Subject: 系统退信; ${fromService}` });
    expect(notice('退信通知：您发送的邮件未能送达')).toEqual({ kind: 'bounce', reason: `Subject: 退信通知; ${fromService}` });
    expect(notice('【系统退信】【330122-2026-000042】您的信访事项已登记')).toEqual({ kind: 'bounce', reason: `Subject: 系统退信; ${fromService}` });
    expect(notice('退信通知：您发送的邮件未能送达', { address: 'PostMaster@qq.com' })).toMatchObject({ kind: 'bounce' });
  });

  it('takes a failed-delivery subject for a bounce only from a mail system, by its address or its name', () => {
    expect(classifyNoise(email({ subject: '退信：【330122-2026-000042】您的信访事项已登记', from: { address: 'notify@service.mail.example.cn' } }))).toEqual({
      kind: 'bounce',
      reason: "Subject: 退信; From: a mail system's address",
    });
    expect(classifyNoise(email({ subject: '邮件投递失败', from: { address: 'svc01@mail.example.cn', name: '系统退信' } }))).toEqual({
      kind: 'bounce',
      reason: "Subject: 邮件投递失败; From: a mail system's name",
    });
  });

  it('leaves a citizen’s own words about returned mail or a lost parcel a petition', () => {
    expect(classifyNoise(email({ subject: '邮件被退回：我写给县长信箱的信被退了三次' }))).toEqual({ kind: 'petition' });
    expect(classifyNoise(email({ subject: '投递失败：快递公司弄丢我的包裹不赔' }))).toEqual({ kind: 'petition' });
    expect(classifyNoise(email({ subject: '转发：系统退信' }))).toEqual({ kind: 'petition' });
    expect(classifyNoise(email({ subject: '退信访件的处理太慢' }))).toEqual({ kind: 'petition' });
  });

  // 退信 is also a paper letter the post office returned; "Returned mail" anyone may type.
  it('leaves a citizen’s mail a petition whatever its subject says, when neither the sender nor the text is a mail system’s', () => {
    const citizen = { address: 'zhangwei@163.com', name: '张伟' };
    expect(classifyNoise(email({ subject: '退信通知：我寄给县长的信被邮局退回了', from: citizen, returnPath: citizen.address }))).toEqual({ kind: 'petition' });
    expect(classifyNoise(email({ subject: 'Returned mail', from: citizen, returnPath: citizen.address }))).toEqual({ kind: 'petition' });
    expect(classifyNoise(email({ subject: '系统退信：我的信访件为什么被退回', from: citizen }))).toEqual({ kind: 'petition' });
    expect(classifyNoise(email({ subject: 'Undeliverable: 我的快递被退回', from: citizen }))).toEqual({ kind: 'petition' });
  });

  it('takes a service word as a mail system’s address only as the whole local part (system.li@ is a person)', () => {
    for (const address of ['system.li@163.com', 'noreply.wang@163.com', 'notify-zhang@qq.com', 'bounce_li@sina.com', 'mailer.zhao@126.com']) {
      expect(classifyNoise(email({ subject: '邮件被退回：我写给县长信箱的信被退了三次', from: { address } })), address).toEqual({ kind: 'petition' });
    }
    for (const address of ['system@mx.sina.example', 'NoReply@notice.mail.example.cn', 'no_reply@mail.example.cn', 'do-not-reply@mail.example.cn', 'bounces+x=y@mail.example.cn']) {
      expect(classifyNoise(email({ subject: '邮件被退回：【330122-2026-000042】您的信访事项已登记', from: { address } })), address).toMatchObject({ kind: 'bounce' });
    }
  });

  it('takes a bounce subject from any sender for a bounce when the text quotes a genuine Message-ID of ours (a gateway that rewrites the sender)', () => {
    const gateway = { address: 'gw01@relay.example.cn' };
    const quoting = (id: string) => ['您发送的邮件未能送达。', '退信原因：550 User not found', '', '原邮件信息：', `Message-ID: <${id}>`].join('\n');
    expect(classifyNoise(email({ subject: 'Returned mail', from: gateway, returnPath: gateway.address, text: quoting(OUR_ACK) }))).toEqual({
      kind: 'bounce',
      reason: 'Subject: Returned mail; quotes a Message-ID of ours',
    });
    expect(classifyNoise(email({ subject: '退信：【330122-2026-000042】您的信访事项已登记', from: gateway, text: quoting(OUR_ACK) }))).toMatchObject({ kind: 'bounce' });
    // Made up in our form, or another system's: the sender proves nothing, so it stays a petition.
    expect(classifyNoise(email({ subject: 'Returned mail', from: gateway, text: quoting(MADE_UP) }))).toEqual({ kind: 'petition' });
    expect(classifyNoise(email({ subject: 'Returned mail', from: gateway, text: quoting('6b1f4c2e.3a9d@163.com') }))).toEqual({ kind: 'petition' });
    // A citizen's reply threads to our letter but quotes no header of it: still theirs.
    expect(classifyNoise(email({ subject: '退信通知：我寄给县长的信被邮局退回了', inReplyTo: OUR_ACK, references: [OUR_ACK] }))).toEqual({ kind: 'petition' });
  });

  it('does not take a missing Return-Path for the null sender', () => {
    expect(classifyNoise(email({ returnPath: undefined }))).toEqual({ kind: 'petition' });
  });
});

describe('classifyNoise: bulk and list mail', () => {
  it('recognises Precedence: bulk, junk and list', () => {
    expect(classifyNoise(email({ headers: { precedence: 'bulk' } }))).toEqual({ kind: 'bulk', reason: 'Precedence: bulk' });
    expect(classifyNoise(email({ headers: { precedence: 'Junk' } }))).toEqual({ kind: 'bulk', reason: 'Precedence: junk' });
    expect(classifyNoise(email({ headers: { precedence: 'list' } }))).toEqual({ kind: 'bulk', reason: 'Precedence: list' });
  });

  it('recognises List-Id and List-Unsubscribe', () => {
    expect(classifyNoise(email({ headers: { 'list-id': '<zhengce.lists.example.cn>' } }))).toEqual({ kind: 'bulk', reason: 'List-Id' });
    expect(classifyNoise(email({ headers: { 'list-unsubscribe': '<mailto:unsub@edm.example.cn>' } }))).toEqual({
      kind: 'bulk',
      reason: 'List-Unsubscribe',
    });
  });

  it('ranks an auto-reply from a list as an auto-reply', () => {
    expect(classifyNoise(email({ headers: { 'auto-submitted': 'auto-replied', precedence: 'bulk' } }))).toMatchObject({
      kind: 'autoReply',
    });
  });
});

describe('classifyNoise: our own mail', () => {
  it('mail from one of our mailboxes (From) is ours, not a petition', () => {
    expect(classifyNoise(email({ from: { address: 'zhujian@tonglu.gov.cn', name: '桐庐县住建局' }, returnPath: 'zhujian@tonglu.gov.cn' }))).toEqual({
      kind: 'ownMailbox',
      reason: 'From: one of our own mailboxes',
    });
  });

  it('so is mail whose envelope sender (Return-Path) is ours, whatever From says', () => {
    expect(classifyNoise(email({ returnPath: 'noreply@xinfang.zj.gov.cn' }))).toEqual({ kind: 'ownMailbox', reason: 'Return-Path: one of our own mailboxes' });
  });

  it('comes before the other checks: our own auto-reply is recorded as ours', () => {
    expect(classifyNoise(email({ from: { address: 'noreply@xinfang.zj.gov.cn' }, headers: { 'auto-submitted': 'auto-replied' } }))).toMatchObject({ kind: 'ownMailbox' });
  });

  it('a petitioner who merely writes to our mailbox, or copies it, is a petitioner', () => {
    expect(classifyNoise(email({ cc: [{ address: 'zhujian@tonglu.gov.cn' }], replyTo: { address: 'xinfang@tonglu.gov.cn' } }))).toEqual({ kind: 'petition' });
  });

  it('ownAddresses: every office and unit mailbox of the configuration and the sending address, in any case', () => {
    const ours = ownAddresses(loadProvinceConfig(DEMO_CONFIG));
    for (const address of ['xinfang@tonglu.petitions.example', 'housing@tonglu.petitions.example', 'xinfang@zj.petitions.example', 'NoReply@Petitions.example', ' noreply@petitions.example ']) {
      expect(ours(address), address).toBe(true);
    }
    for (const address of ['zhangwei1978@163.example', 'petitions.example', 'xinfang@tonglu.petitions.example.evil.example', '']) {
      expect(ours(address), address).toBe(false);
    }
  });
});

describe('auto-replies of Traditional-Chinese clients', () => {
  it('are auto-replies too (Outlook zh-TW: 自動回覆)', () => {
    expect(classifyNoise(email({ subject: '自動回覆: 關於拖欠工資的反映' }))).toMatchObject({ kind: 'autoReply' });
  });

  it('QQ Mail’s holiday reply, which has no header and keeps the subject, is known by its opening line', () => {
    expect(classifyNoise(email({ subject: 'Re: 【330122-2026-000001】信访事项受理告知', text: '这是来自QQ邮箱的假期自动回复邮件。\n您好，我最近正在休假中，无法亲自回复您的邮件。' }))).toMatchObject({ kind: 'autoReply' });
    expect(classifyNoise(email({ subject: '投诉', text: '我收到一封“这是来自QQ邮箱的假期自动回复邮件”，物业根本不理我。' }))).toEqual({ kind: 'petition' });
  });

  it('so is a reply to our letter whose short body opens with a bracketed 【自动回复】 and says nothing else (enterprise mail, Sina)', () => {
    expect(classifyNoise(email({ subject: 'Re: 【330122-2026-000001】信访事项受理告知', text: '【自动回复】您好，您的邮件已收到，我会尽快处理。' }))).toEqual({
      kind: 'autoReply',
      reason: 'Body: 【自动回复】; a reply to our case number',
    });
    expect(classifyNoise(email({ subject: 'Re: 受理告知', inReplyTo: OUR_ACK, references: [OUR_ACK], text: '[自动回复] 本人休假至2月1日。' }))).toEqual({
      kind: 'autoReply',
      reason: 'Body: [自动回复]; a reply to our letter',
    });
    // Our letter quoted below the auto-reply is not the sender's own words.
    const quotingOurs = '【自动回复】您好，您的邮件已收到，我会尽快处理。\n\n------------------ 原始邮件 ------------------\n发件人: 桐庐县信访局\n您的信访事项已登记，登记编号330122-2026-000001。请保存本邮件，查询办理进度时需要登记编号和查询码。受理机关将在15日内告知是否受理。';
    expect(classifyNoise(email({ subject: 'Re: 【330122-2026-000001】信访事项受理告知', text: quotingOurs }))).toMatchObject({ kind: 'autoReply' });
    expect(classifyNoise(email({ subject: '投诉', text: '12345热线只会发【自动回复】，从来没人处理。' }))).toEqual({ kind: 'petition' });
  });

  it('or from the null sender or a mail system, with a short body', () => {
    expect(classifyNoise(email({ returnPath: '', subject: '关于拖欠工资的反映', text: '【自动回复】您好，您的邮件已收到。' }))).toEqual({
      kind: 'autoReply',
      reason: 'Body: 【自动回复】; Return-Path: <> (null sender)',
    });
    expect(classifyNoise(email({ from: { address: 'noreply@mail.example.cn' }, text: '（自动答复）来信已收到，谢谢。' }))).toEqual({
      kind: 'autoReply',
      reason: "Body: （自动答复）; From: a mail system's address",
    });
  });

  // Citizens paste a department's auto-reply above their complaint, or say their own mailbox sent one.
  it('leaves a body marker with no other sign, or with the sender’s own words after it, a petition', () => {
    const pasted = '【自动回复】您好，您的来信已收到。——这是你们上次的回复，可是到现在都没人来修，楼顶还在漏水。';
    const asked = '此为自动回复吗？我给你们写了三封信，每次都只收到一封自动回复。';
    const ownAutoReply = '（自动回复）我的邮箱设置了自动回复，请忽略。以下是我的诉求：小区门口的垃圾站每天早上五点开始作业，噪音太大。';
    for (const text of [pasted, asked, ownAutoReply, '[自动回复] 本人休假至2月1日。']) {
      expect(classifyNoise(email({ subject: '楼顶漏水没人修', text })), text).toEqual({ kind: 'petition' });
    }
    // A reply to our letter is a sign, but not enough when the sender has something to say.
    for (const text of [pasted, asked, ownAutoReply]) {
      expect(classifyNoise(email({ subject: 'Re: 【330122-2026-000001】信访事项受理告知', inReplyTo: OUR_ACK, text })), text).toEqual({ kind: 'petition' });
    }
    // Nor is a Message-ID made up in our form, or a case number in a subject that is no reply.
    expect(classifyNoise(email({ subject: 'Re: 受理告知', inReplyTo: MADE_UP, text: '[自动回复] 本人休假至2月1日。' }))).toEqual({ kind: 'petition' });
    expect(classifyNoise(email({ subject: '【330122-2026-000001】补充材料', text: '【自动回复】您好，您的邮件已收到。' }))).toEqual({ kind: 'petition' });
    // A long body after the marker is the sender's letter.
    expect(classifyNoise(email({ subject: 'Re: 【330122-2026-000001】信访事项受理告知', inReplyTo: OUR_ACK, text: `【自动回复】您好，您的邮件已收到。${'我家的承包地被村里收回后一直没有补偿。'.repeat(8)}` }))).toEqual({
      kind: 'petition',
    });
  });
});
