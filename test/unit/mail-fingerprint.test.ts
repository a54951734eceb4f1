import { describe, expect, it } from 'vitest';
import { contentFingerprint } from '../../shared/adapters/mail/content-fingerprint.js';
import { parseEmail } from '../../shared/adapters/mail/parse-email.js';
import { noMessageIdDeliveries, wageArrearsUtf8Base64 } from '../fixtures/emails.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

const SENT = [
  'From: =?UTF-8?B?5byg5Lyf?= <zhangwei1978@163.example>',
  'To: xinfang@tonglu.petitions.example',
  'Subject: =?UTF-8?B?5rWL6K+V?=',
  'Date: Mon, 12 Jan 2026 09:14:27 +0800',
  'DKIM-Signature: v=1; a=rsa-sha256; d=163.example; s=s110527; h=From:Subject:Date; bh=abc=; b=def=',
  'Content-Type: text/plain; charset=UTF-8',
  '',
  '工厂已拖欠我们三个月工资。',
  '',
].join('\r\n');

const delivered = (trace: string, sent = SENT) => utf8(trace + sent);

describe('contentFingerprint: what the sender wrote, not the path it took', () => {
  it('two SES deliveries of one email hash alike, whatever their Return-Path, Received, X-SES and authentication headers', () => {
    const [first, second] = noMessageIdDeliveries();
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
    expect(contentFingerprint(first)).toBe(contentFingerprint(second));
    expect(contentFingerprint(first)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['Received', 'Received: from mx2.163.example ([220.181.12.10])\r\n by inbound-smtp.ap-east-1.amazonaws.com with SMTP id x1;\r\n Mon, 12 Jan 2026 01:14:29 +0000\r\n'],
    ['X-Received', 'X-Received: by 2002:a05:6000:1a8c with SMTP id x1\r\n'],
    ['Return-Path', 'Return-Path: <SRS0=ab12=7Q=163.example=zhangwei1978@forward.example>\r\n'],
    ['Delivered-To and X-Original-To', 'Delivered-To: xinfang@tonglu.petitions.example\r\nX-Original-To: xinfang@tonglu.petitions.example\r\n'],
    ['X-SES-*', 'X-SES-Spam-Verdict: PASS\r\nX-SES-Virus-Verdict: PASS\r\nX-SES-RECEIPT: AEFBQUFBQUFBQUFH\r\n'],
    ['Authentication-Results and Received-SPF', 'Authentication-Results: amazonses.com; spf=pass; dkim=pass header.i=@163.example\r\nReceived-SPF: pass client-ip=220.181.12.10;\r\n'],
    ['ARC-*', 'ARC-Seal: i=1; a=rsa-sha256; cv=none; d=forward.example; b=xyz\r\nARC-Authentication-Results: i=1; forward.example; spf=pass\r\n'],
    ['an mbox From_ line', 'From zhangwei1978@163.example Mon Jan 12 01:14:29 2026\r\n'],
  ])('ignores %s', (_name, trace) => {
    expect(contentFingerprint(delivered(trace))).toBe(contentFingerprint(delivered('')));
  });

  it('ignores trace headers wherever a relay put them, refolded headers and LF line ends', () => {
    const moved = SENT.replace('Date:', 'Received: from relay.example by mx.example; Mon, 12 Jan 2026 01:15:00 +0000\r\nDate:');
    expect(contentFingerprint(utf8(moved))).toBe(contentFingerprint(delivered('')));
    const refolded = SENT.replace('h=From:Subject:Date; bh=abc=', 'h=From:Subject:Date;\r\n\tbh=abc=');
    expect(contentFingerprint(utf8(refolded))).toBe(contentFingerprint(delivered('')));
    expect(contentFingerprint(utf8(SENT.replace(/\r\n/g, '\n')))).toBe(contentFingerprint(delivered('')));
  });

  it.each([
    ['the body', SENT.replace('三个月', '四个月')],
    ['the subject', SENT.replace('5rWL6K+V', '5rWL6K+X')],
    ['the date (the same text sent again later is a new email)', SENT.replace('09:14:27', '09:20:03')],
    ['the sender’s DKIM signature', SENT.replace('b=def=', 'b=ghi=')],
    ['the order of the sender’s headers', SENT.replace('To: xinfang@tonglu.petitions.example\r\nSubject: =?UTF-8?B?5rWL6K+V?=', 'Subject: =?UTF-8?B?5rWL6K+V?=\r\nTo: xinfang@tonglu.petitions.example')],
  ])('tells apart a change in %s', (_name, changed) => {
    expect(contentFingerprint(utf8(changed))).not.toBe(contentFingerprint(delivered('')));
  });

  it('parseEmail exposes it as contentHash', async () => {
    const [first, second] = noMessageIdDeliveries();
    const [a, b] = await Promise.all([parseEmail(first), parseEmail(second)]);
    expect(a.contentHash).toBe(contentFingerprint(first));
    expect(a.contentHash).toBe(b.contentHash);
    expect((await parseEmail(wageArrearsUtf8Base64())).contentHash).not.toBe(a.contentHash);
  });

  it('never throws: empty input, no blank line, binary', () => {
    expect(contentFingerprint(new Uint8Array())).toMatch(/^[0-9a-f]{64}$/);
    expect(contentFingerprint(utf8('Subject: only headers'))).toMatch(/^[0-9a-f]{64}$/);
    expect(contentFingerprint(new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 37) & 0xff)))).toMatch(/^[0-9a-f]{64}$/);
  });
});
