import { describe, expect, it } from 'vitest';
import { bouncedMessageId } from '../../shared/domain/mail/bounce.js';
import type { ParsedAttachment, ParsedEmail } from '../../shared/domain/mail/parsed-email.js';
import { threadCandidates } from '../../shared/domain/mail/threading.js';

const OUR_ACK = '330122-2026-000042.ack.7f3c9a@xinfang.tonglu.gov.cn';

function email(overrides: Partial<ParsedEmail> = {}): ParsedEmail {
  return {
    messageId: 'tencent_5A3F9C1B2D4E@qq.com',
    references: [],
    from: { address: '1395720088@qq.com', name: '陈秀英' },
    returnPath: '1395720088@qq.com',
    to: [{ address: 'xinfang@tonglu.gov.cn' }],
    cc: [],
    subject: '补充材料',
    text: '',
    headers: {},
    contentType: 'text/plain',
    attachments: [],
    defects: [],
    contentHash: '0'.repeat(64),
    ...overrides,
  };
}

function part(contentType: string, content: string): ParsedAttachment {
  const bytes = new TextEncoder().encode(content);
  return { filename: '', contentType, size: bytes.length, content: bytes, inline: false };
}

const RETURNED_ACK = [
  'Return-Path: <bounces@xinfang.tonglu.gov.cn>',
  'From: =?UTF-8?B?5qGQ5bqQ5Y6/5L+h6K6/5bGA?= <xinfang@tonglu.gov.cn>',
  'To: chenxiuying@163.com',
  'Subject: =?UTF-8?B?5Y+X55CG5ZGK55+l?=',
  'Message-ID:',
  ` <${OUR_ACK}>`,
  'Content-Type: text/plain; charset=UTF-8',
  '',
  '您的来信已登记，登记编号 330122-2026-000042。',
  'Message-ID: <quoted-in-body@example.cn>',
].join('\r\n');

describe('bouncedMessageId', () => {
  const bounce = {
    from: { address: 'MAILER-DAEMON@163.com' },
    returnPath: '',
    contentType: 'multipart/report',
    subject: '系统退信',
  };

  it('finds our Message-ID in the returned message (message/rfc822), unfolding the header', () => {
    const dsn = email({
      ...bounce,
      attachments: [
        part('message/delivery-status', 'Reporting-MTA: dns; m15.163.com\r\n\r\nFinal-Recipient: rfc822; chenxiuying@163.com\r\nStatus: 5.1.1\r\n'),
        part('message/rfc822', RETURNED_ACK),
      ],
    });
    expect(bouncedMessageId(dsn)).toBe(OUR_ACK);
  });

  it('reads returned headers only (text/rfc822-headers, message/rfc822-headers, message/global-headers)', () => {
    for (const type of ['text/rfc822-headers', 'message/rfc822-headers', 'message/global-headers']) {
      const headersOnly = email({ ...bounce, attachments: [part(type, `From: xinfang@tonglu.gov.cn\nmessage-id: <${OUR_ACK}>\n`)] });
      expect(bouncedMessageId(headersOnly)).toBe(OUR_ACK);
    }
  });

  it('does not take an id quoted in the body of the returned message', () => {
    const noHeader = email({
      ...bounce,
      inReplyTo: OUR_ACK,
      attachments: [part('message/rfc822', 'From: xinfang@tonglu.gov.cn\r\n\r\nMessage-ID: <quoted-in-body@example.cn>\r\n')],
    });
    expect(bouncedMessageId(noHeader)).toBe(OUR_ACK);
  });

  it('ignores other attachments (a scanned letter) and falls back to In-Reply-To', () => {
    const withPdf = email({ ...bounce, inReplyTo: OUR_ACK, attachments: [part('application/pdf', `Message-ID: <not-this@x>`)] });
    expect(bouncedMessageId(withPdf)).toBe(OUR_ACK);
  });

  it('falls back to the last of References', () => {
    expect(bouncedMessageId(email({ ...bounce, references: ['first@qq.com', OUR_ACK] }))).toBe(OUR_ACK);
  });

  it('falls back to headers quoted in the text of a plain-text bounce (qmail)', () => {
    const qmail = email({
      ...bounce,
      text: `Hi. This is the qmail-send program.\n--- Below this line is a copy of the message.\n\nReturn-Path: <bounces@xinfang.tonglu.gov.cn>\nMessage-ID: <${OUR_ACK}>\n`,
    });
    expect(bouncedMessageId(qmail)).toBe(OUR_ACK);
  });

  it('is undefined when nothing names the original', () => {
    expect(bouncedMessageId(email(bounce))).toBeUndefined();
  });
});

describe('threadCandidates', () => {
  it('finds the case number in a reply subject', () => {
    const reply = email({ subject: '回复：关于330122-2026-000042号信访事项的补充材料' });
    expect(threadCandidates(reply)).toEqual({ messageIds: [], caseNumbers: ['330122-2026-000042'] });
  });

  it('lists In-Reply-To, then References newest first, without duplicates', () => {
    const reply = email({
      inReplyTo: OUR_ACK,
      references: ['tencent_0001@qq.com', '330122-2026-000042.ack.1@xinfang.tonglu.gov.cn', OUR_ACK],
    });
    expect(threadCandidates(reply).messageIds).toEqual([
      OUR_ACK,
      '330122-2026-000042.ack.1@xinfang.tonglu.gov.cn',
      'tencent_0001@qq.com',
    ]);
  });

  it('reads bracketed ids when a client puts several in In-Reply-To', () => {
    expect(threadCandidates(email({ inReplyTo: `<${OUR_ACK}> <tencent_0001@qq.com>` })).messageIds).toEqual([
      OUR_ACK,
      'tencent_0001@qq.com',
    ]);
  });

  it('reads full-width case numbers and lists each once', () => {
    const subject = 'Re: ３３０１２２－２０２６－０００１２３ 与 330122-2026-000123、330122001-2026-000007 合并处理';
    expect(threadCandidates(email({ subject })).caseNumbers).toEqual(['330122-2026-000123', '330122001-2026-000007']);
  });

  it('reads case numbers retyped with spaces, other dashes or without the leading zeros, as the system writes them', () => {
    const read = (subject: string) => threadCandidates(email({ subject })).caseNumbers;
    expect(read('Re: 330122 - 2026 - 000042 补充材料')).toEqual(['330122-2026-000042']);
    expect(read('补充 330122—2026—000042 的照片')).toEqual(['330122-2026-000042']);
    expect(read('补充330122－2026－000042号')).toEqual(['330122-2026-000042']);
    expect(read('关于 ３３０１２２ ２０２６ ００００４２ 的补充')).toEqual(['330122-2026-000042']);
    expect(read('案件编号:330122-2026-42 补充')).toEqual(['330122-2026-000042']);
    expect(read('330122001 – 2026 – 7')).toEqual(['330122001-2026-000007']);
  });

  it('does not read a date, a phone or an account number with dashes as a case number', () => {
    const read = (subject: string) => threadCandidates(email({ subject })).caseNumbers;
    expect(read('2026-01-12 楼顶漏水')).toEqual([]);
    expect(read('电话 0571-8888-6666')).toEqual([]);
    expect(read('账号 6222021202-2026-000042')).toEqual([]);
    expect(read('139 5720 0880 找我')).toEqual([]);
  });

  it('finds nothing in a new petition', () => {
    expect(threadCandidates(email({ subject: '分水镇五丰村土地征收补偿款未发放' }))).toEqual({ messageIds: [], caseNumbers: [] });
  });

  it('does not read a phone or an ID number in the subject as a case number', () => {
    expect(threadCandidates(email({ subject: '13857112345 身份证330122198003154312' })).caseNumbers).toEqual([]);
  });
});
