import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { composeEmail, type OutgoingEmail } from '../../shared/adapters/mail/compose-email.js';
import { parseEmail, sanitizeEmailHtml } from '../../shared/adapters/mail/parse-email.js';
import { admitAttachments, MAX_FORWARD_DEPTH, MAX_FORWARDS_READ } from '../../shared/domain/mail/attachment-policy.js';
import type { ParsedAttachment } from '../../shared/domain/mail/parsed-email.js';
import { mostlyUtf8, parseParams, undeclaredBig5 } from '../../shared/adapters/mail/mime-decode.js';
import {
  ALL_FIXTURES,
  BOUNCED_ACK_MESSAGE_ID,
  big5FromHongKong,
  collectivePetitionGb18030,
  dsnBounce,
  exeAttachment,
  followUpWithCaseNumber,
  hostileAttachments,
  hostileHtmlOnly,
  landCompensationGb2312Base64,
  leakingRoofUtf8Qp,
  listMail,
  malformedMime,
  ndrHeadersOnly,
  nightConstructionGbkQp,
  noCharsetBig58bit,
  noCharsetGbk8bit,
  outlookAutoReply,
  urgentThreatRawGbkHeaders,
  vacationReplyXAutoreply,
  wageArrearsUtf8Base64,
} from '../fixtures/emails.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const asText = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
const hex = (b: Uint8Array, n: number): string => Buffer.from(b.subarray(0, n)).toString('hex');

describe('fixture library', () => {
  it('has unique names and covers every charset the issue lists', () => {
    const names = ALL_FIXTURES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    const all = ALL_FIXTURES.map((f) => Buffer.from(f.raw).toString('latin1')).join('\n');
    for (const marker of ['charset=UTF-8', 'quoted-printable', '=?GB2312?B?', 'charset=gbk', '=?gbk?Q?', 'charset="GB18030"', 'charset="big5"', 'text/html', 'multipart/report', 'List-Id:', "filename*=UTF-8''%E5%B7%A5%E8%B5%84%E6%9D%A1.jpg"]) {
      expect(all).toContain(marker);
    }
  });
});

describe('parseEmail: every fixture', () => {
  it.each(ALL_FIXTURES.map((f) => [f.name, f] as const))('%s', async (_name, fixture) => {
    const parsed = await parseEmail(fixture.raw);
    const { expect: want } = fixture;
    expect(parsed.subject).toBe(want.subject);
    expect(parsed.from?.address).toBe(want.fromAddress);
    if (want.fromName !== undefined) expect(parsed.from?.name).toBe(want.fromName);
    for (const snippet of want.textIncludes) expect(parsed.text).toContain(snippet);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(want.attachmentNames);
    if (want.attachmentSizes) expect(parsed.attachments.map((a) => a.size)).toEqual(want.attachmentSizes);
    for (const a of parsed.attachments) expect(a.size).toBe(a.content.byteLength);
    if ('messageId' in want) expect(parsed.messageId).toBe(want.messageId);
    if (want.hasDefects) expect(parsed.defects.length).toBeGreaterThan(0);
    else expect(parsed.defects).toEqual([]);
    expect(parsed.subject).not.toContain('\uFFFD');
    expect(parsed.text).not.toContain('\uFFFD');
    expect(parsed.from?.name ?? '').not.toContain('\uFFFD');
  });
});

describe('parseEmail: charsets and encodings', () => {
  it('UTF-8 base64 with RFC 2231 filenames (plain and continued), date, return path and MIME type', async () => {
    const p = await parseEmail(wageArrearsUtf8Base64());
    expect(p.to).toEqual([{ address: 'xinfang@tonglu.petitions.example', name: '桐庐县信访局' }]);
    expect(p.cc).toEqual([]);
    expect(p.returnPath).toBe('zhangwei1978@163.example');
    expect(p.date).toBe('2026-01-12T01:14:27.000Z');
    expect(p.contentType).toBe('multipart/mixed');
    // the text part is preferred to the HTML alternative; the HTML is kept sanitised
    expect(p.text).toContain('他一直以"货款没有收回来"为由推脱');
    expect(p.safeHtml).toContain('他一直以“货款没有收回来”为由推脱');
    const [jpeg, pdf] = p.attachments;
    expect(jpeg).toMatchObject({ filename: '工资条.jpg', contentType: 'image/jpeg', size: 18_437, inline: false });
    expect(hex(jpeg!.content, 4)).toBe('ffd8ffe0');
    expect(pdf).toMatchObject({ filename: '考勤记录.pdf', contentType: 'application/pdf', size: 9_862, inline: false });
    expect(Buffer.from(pdf!.content.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.7');
    expect(p.headers['x-mailer']).toBe('Coremail Webmail Server Version XT5.0.14 build 20230109(dcb5de15) Copyright (c) 2002-2026 www.mailtech.cn 163com');
  });

  it('UTF-8 quoted-printable, quoted encoded-word display names, lower-cased addresses, Cc, RFC 2047 filename, inline image', async () => {
    const p = await parseEmail(leakingRoofUtf8Qp());
    expect(p.from).toEqual({ address: 'lixiuying1958@qq.example', name: '李秀英' });
    expect(p.cc).toEqual([{ address: 'housing@tonglu.petitions.example', name: '桐庐县住建局' }]);
    expect(p.text).toContain('我前后向小区物业（桐庐春江物业服务有限公司）报修了不下十次');
    expect(p.safeHtml).toBeUndefined();
    const [docx, photo] = p.attachments;
    expect(docx).toMatchObject({ filename: '情况说明.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 12_290, inline: false });
    expect(hex(docx!.content, 4)).toBe('504b0304');
    expect(photo).toMatchObject({ filename: 'IMG_20260114_183012.jpg', inline: true });
  });

  it('GB2312 label holding GBK characters: body, HTML, encoded-word subject, name and filename', async () => {
    const p = await parseEmail(landCompensationGb2312Base64());
    expect(p.from?.name).toBe('王堃');
    expect(p.to).toEqual([{ address: 'xinfang@qiandaohu.chunan.petitions.example', name: '千岛湖镇信访办' }]);
    expect(p.text).toContain('全村有类似情况的农户有二十多户');
    expect(p.safeHtml).toContain('我是千岛湖镇青溪村村民王堃');
    expect(p.attachments[0]).toMatchObject({ filename: '征地补偿协议.pdf', contentType: 'application/pdf', size: 23_511 });
  });

  it('GBK quoted-printable with =?gbk?Q?…?= headers and format=flowed', async () => {
    const p = await parseEmail(nightConstructionGbkQp());
    expect(p.from).toEqual({ address: 'zhaorong@sina.example', name: '赵镕' });
    expect(p.contentType).toBe('text/plain; charset=gbk; format=flowed');
    expect(p.text).toContain('晚上10点到早上6点禁止高噪声作业');
  });

  it('GB18030 8bit with characters outside GBK (䶮 U+4DAE, 𠀀 U+20000)', async () => {
    const p = await parseEmail(collectivePetitionGb18030());
    expect(p.from?.name).toBe('刘䶮');
    expect(p.text).toContain('刘䶮');
    expect(p.text).toContain('陈𠀀生');
    expect(p.cc).toEqual([{ address: 'xinfang@meishan.changxing.petitions.example' }]);
  });

  it('a raw 8-bit UTF-8 subject cut mid-character (a gateway’s byte limit) stays UTF-8, the cut byte U+FFFD, not read as GBK', async () => {
    const subject = Buffer.from('关于城南小区楼顶漏水问题的反映');
    const raw = Buffer.concat([
      Buffer.from('From: zhangwei@qq.example\r\nTo: xinfang@tonglu.petitions.example\r\nMessage-ID: <cut.1@qq.example>\r\nSubject: '),
      subject.subarray(0, subject.length - 2),
      Buffer.from('\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n楼顶漏水三个月。\r\n'),
    ]);
    const p = await parseEmail(new Uint8Array(raw));
    expect(p.subject).toBe('关于城南小区楼顶漏水问题的反\uFFFD');
    expect(p.headers['subject']).toBe(p.subject);
    expect(p.defects).toContain('charset: raw 8-bit UTF-8 in the message headers with invalid bytes (cut short?); read as UTF-8');
  });

  it('a raw 8-bit GBK subject that UTF-8 reads as one Han and a code point outside CJK (向党规被压) stays GBK', async () => {
    // As UTF-8 these bytes are U+FFFD, U+B5CF9 (plane 11, unassigned), 汻 (U+6C7B), U+0479: not two CJK characters.
    const subject = iconv.encode('向党规被压', 'gbk');
    expect(mostlyUtf8(subject)).toBe(false);
    const raw = Buffer.concat([
      Buffer.from('From: zhangwei@qq.example\r\nTo: xinfang@tonglu.petitions.example\r\nMessage-ID: <gbk.1@qq.example>\r\nSubject: '),
      subject,
      Buffer.from('\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=gbk\r\n\r\n'),
      iconv.encode('村干部打压举报人。', 'gbk'),
      Buffer.from('\r\n'),
    ]);
    const p = await parseEmail(new Uint8Array(raw));
    expect(p.subject).toBe('向党规被压');
    expect(p.defects.some((d) => d.startsWith('charset: raw 8-bit non-UTF-8 bytes in the message headers'))).toBe(true);
    expect(p.defects.some((d) => d.includes('read as UTF-8'))).toBe(false);
  });

  it('mostlyUtf8 counts Han and CJK punctuation, not Hangul, private use or symbols above U+2E80', () => {
    const cut = (s: string) => Buffer.concat([Buffer.from(s), Buffer.from([0xe5])]);
    expect(mostlyUtf8(cut('反映'))).toBe(true);
    expect(mostlyUtf8(cut('（，'))).toBe(true);
    expect(mostlyUtf8(cut('𠀀𠀁'))).toBe(true);
    expect(mostlyUtf8(cut('한국'))).toBe(false);
    expect(mostlyUtf8(cut('\ue000\ue001'))).toBe(false);
    expect(mostlyUtf8(cut('⺀㇀'))).toBe(false);
  });

  it('raw 8-bit GBK Subject and From (no RFC 2047): decoded with the declared charset, defect recorded', async () => {
    const p = await parseEmail(urgentThreatRawGbkHeaders());
    expect(p.subject).toBe('走投无路，求领导救命');
    expect(p.headers['subject']).toBe('走投无路，求领导救命');
    expect(p.headers['from']).toBe('"陈国华" <chenguohua1971@163.example>');
    expect(p.from).toEqual({ address: 'chenguohua1971@163.example', name: '陈国华' });
    expect(p.text).toContain('明天我就去县政府门口，再不解决我就从楼上跳下去！');
    expect(p.defects).toEqual(['charset: raw 8-bit non-UTF-8 bytes in the message headers (no RFC 2047), decoded as gb18030']);
  });

  it('no charset anywhere, GBK bytes in headers and body: GB18030 fallback, defects recorded', async () => {
    const p = await parseEmail(noCharsetGbk8bit());
    expect(p.subject).toBe('我母亲的低保被取消了');
    expect(p.text).toContain('村里说是系统比对发现有存款');
    expect(p.contentType).toBe('text/plain');
    expect(p.defects).toContain('charset: a text part declares no charset and is not UTF-8; decoded as gb18030');
    expect(p.defects.some((d) => d.includes('raw 8-bit'))).toBe(true);
  });

  it('no charset anywhere, Big5 bytes in headers and body (traditional Chinese): read as Big5, not as GB18030 mojibake', async () => {
    const p = await parseEmail(noCharsetBig58bit());
    expect(p.subject).toBe('購房兩年未辦房產證');
    expect(p.from).toEqual({ address: 'chenkaming@netvigator.example', name: '陳家明' });
    expect(p.text).toContain('開發商至今沒有辦理房產證');
    expect(p.defects).toContain('charset: a text part declares no charset and is not UTF-8; decoded as big5');
  });

  it('Big5 is chosen only when the statistics say so: GBK text and a few characters stay GB18030', () => {
    expect(undeclaredBig5(iconv.encode('桐廬縣信訪局：開發商至今沒有辦理房產證，已經拖了兩年。', 'big5'))).toBe('big5');
    expect(undeclaredBig5(iconv.encode('淳安县民政局：我母亲的低保被取消了，村里说是系统比对发现有存款。', 'gbk'))).toBeUndefined();
    // Four characters score alike in both: mainland mail is GB.
    expect(undeclaredBig5(iconv.encode('房屋漏水', 'big5'))).toBeUndefined();
    expect(undeclaredBig5(Buffer.from('桐庐县信访局：路灯坏了三个月。'))).toBeUndefined();
  });

  it('a GB2312-labelled part that holds four-byte GB18030 characters is read as GB18030', async () => {
    const iconv = (await import('iconv-lite')).default;
    const raw = Buffer.concat([
      Buffer.from('From: a@163.example\r\nTo: xinfang@tonglu.petitions.example\r\nSubject: test\r\nMessage-ID: <gb@163.example>\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
      iconv.encode('代表：陈𠀀生\r\n', 'gb18030'),
    ]);
    const p = await parseEmail(raw);
    expect(p.text).toBe('代表：陈𠀀生');
    expect(p.defects).toEqual(['charset: a text part labelled gb2312 holds GB18030 four-byte characters; decoded as GB18030']);
  });

  it('a text part whose label is wrong is read as what it holds: GBK labelled UTF-8 or us-ascii, UTF-8 labelled GB2312', async () => {
    const iconv = (await import('iconv-lite')).default;
    const TEXT = '楼上漏水已经三个月了，物业一直不管，请帮忙解决。';
    const mail = (label: string, cte: string, body: Buffer) =>
      Buffer.concat([Buffer.from(`From: a@163.example\r\nTo: xinfang@tonglu.petitions.example\r\nSubject: test\r\nMessage-ID: <${label}.${cte}@163.example>\r\nContent-Type: text/plain; charset=${label}\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n`), body, Buffer.from('\r\n')]);
    const gbk = iconv.encode(TEXT, 'gbk');
    for (const [label, cte, body, read] of [
      ['utf-8', '8bit', gbk, 'gb18030'],
      ['utf-8', 'base64', Buffer.from(gbk.toString('base64')), 'gb18030'],
      ['us-ascii', '8bit', gbk, 'gb18030'],
      ['iso-8859-1', '8bit', gbk, 'gb18030'],
      ['gb2312', '8bit', Buffer.from(TEXT, 'utf8'), 'utf-8'],
    ] as const) {
      const p = await parseEmail(mail(label, cte, body));
      expect(p.text, `${label} ${cte}`).toBe(TEXT);
      expect(p.defects.join(' ').toLowerCase(), `${label} ${cte}`).toContain(`decoded as ${read}`);
    }
    // A Western text in Latin-1 stays as labelled.
    const latin = await parseEmail(mail('iso-8859-1', '8bit', Buffer.from('Café crème à la Müller', 'latin1')));
    expect(latin.text).toBe('Café crème à la Müller');
  });

  it('raw 8-bit headers of a multipart message are read in the charset of its text part; raw UTF-8 lines stay UTF-8', async () => {
    const iconv = (await import('iconv-lite')).default;
    const raw = Buffer.concat([
      Buffer.from('From: hk@hkmail.example\r\nMessage-ID: <b5@hkmail.example>\r\nSubject: '),
      iconv.encode('懇請調查處理', 'big5'),
      Buffer.from('\r\nX-Note: 原样保留\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\nContent-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
      iconv.encode('家母老屋被拆除', 'big5'),
      Buffer.from('\r\n--q--\r\n'),
    ]);
    const p = await parseEmail(raw);
    expect(p.subject).toBe('懇請調查處理');
    expect(p.headers['x-note']).toBe('原样保留');
    expect(p.text).toBe('家母老屋被拆除');
    expect(p.defects).toEqual(['charset: raw 8-bit non-UTF-8 bytes in the message headers (no RFC 2047), decoded as big5']);
  });

  it('a raw 8-bit header ending in a character whose UTF-8 ends in 0xA0 (欠) keeps it: UTF-8, GBK, folded, and a filename', async () => {
    const iconv = (await import('iconv-lite')).default;
    const utf8Subject = await parseEmail(
      Buffer.from('From: a@163.example\r\nMessage-ID: <a0@163.example>\r\nSubject: Fwd: 工资拖欠\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n某厂拖欠工资\r\n'),
    );
    expect(utf8Subject.subject).toBe('Fwd: 工资拖欠');
    expect(utf8Subject.headers['subject']).toBe('Fwd: 工资拖欠');
    expect(utf8Subject.defects).toEqual([]);

    const gbkSubject = await parseEmail(
      Buffer.concat([
        Buffer.from('From: a@163.example\r\nMessage-ID: <a0gbk@163.example>\r\nSubject: '),
        iconv.encode('六个月工资被拖欠', 'gbk'),
        Buffer.from(' \r\nContent-Type: text/plain; charset=gbk\r\n\r\n'),
        iconv.encode('某厂拖欠工资', 'gbk'),
        Buffer.from('\r\n'),
      ]),
    );
    expect(gbkSubject.subject).toBe('六个月工资被拖欠');

    const folded = await parseEmail(
      Buffer.from('From: a@163.example\r\nMessage-ID: <a0f@163.example>\r\nSubject: =?UTF-8?B?5YWz5LqO?= 某厂\r\n 长期拖欠\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n见附件\r\n--q\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=工资拖欠\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--q--\r\n'),
    );
    expect(folded.subject).toBe('关于 某厂 长期拖欠');
    expect(folded.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/^工资拖欠/)]);
  });

  it('the fallback reader of a MIME structure keeps an unquoted raw filename ending in 欠 whole', () => {
    const raw = Buffer.from('attachment; filename=工资拖欠 ').toString('latin1');
    expect(parseParams(raw)).toMatchObject({ value: 'attachment', params: { filename: '工资拖欠' } });
  });

  it('Big5 (Traditional Chinese) body and headers', async () => {
    const p = await parseEmail(big5FromHongKong());
    expect(p.from).toEqual({ address: 'chan.meiling@hkmail.example', name: '陳美玲' });
    expect(p.to[0]?.name).toBe('臨岐鎮信訪辦');
    expect(p.headers['thread-topic']).toBe('家母老屋被強行拆除，懇請調查處理');
    expect(p.text).toContain('將家母居住的老屋拆除，家中物品全部被埋');
  });

  it('follow-up: subject cut mid-character over two encoded words, In-Reply-To, References in order', async () => {
    const p = await parseEmail(followUpWithCaseNumber());
    expect(p.subject).toBe('回复：关于330122-2026-000042号信访事项的补充材料');
    expect(p.headers['subject']).toBe('回复：关于330122-2026-000042号信访事项的补充材料');
    expect(p.inReplyTo).toBe('ack.330122-2026-000042.1@petitions.example');
    expect(p.references).toEqual(['case-330122-2026-000042.intake@petitions.example', 'ack.330122-2026-000042.1@petitions.example']);
    expect(p.to).toEqual([{ address: 'noreply@petitions.example', name: '桐庐县信访局' }]);
  });

  it('headers: lower-cased names, decoded values, repeated headers joined with a newline', async () => {
    const raw = utf8(
      'Received: from a.example by b.example; Mon, 12 Jan 2026 09:14:27 +0800\r\n' +
        'Received: from c.example\r\n by a.example; Mon, 12 Jan 2026 09:14:26 +0800\r\n' +
        'From: =?UTF-8?B?5byg5Lyf?= <ZhangWei1978@163.example>\r\n' +
        'Reply-To: "Zhang Wei" <zw.reply@qq.example>\r\n' +
        'To: "Office" <xinfang@tonglu.petitions.example>, Group: a@qq.example, b@qq.example;\r\n' +
        'Subject: =?UTF-8?Q?=E6=B5=8B=E8=AF=95?= plain\r\n' +
        'Message-ID: <h@163.example>\r\nX-Custom: =?UTF-8?B?5qGQ5bqQ?=\r\n\r\nbody\r\n',
    );
    const p = await parseEmail(raw);
    expect(p.headers['received']).toBe('from a.example by b.example; Mon, 12 Jan 2026 09:14:27 +0800\nfrom c.example by a.example; Mon, 12 Jan 2026 09:14:26 +0800');
    expect(p.headers['x-custom']).toBe('桐庐');
    expect(p.headers['from']).toBe('张伟 <ZhangWei1978@163.example>');
    expect(p.subject).toBe('测试 plain');
    expect(p.from).toEqual({ address: 'zhangwei1978@163.example', name: '张伟' });
    expect(p.replyTo).toEqual({ address: 'zw.reply@qq.example', name: 'Zhang Wei' });
    expect(p.to.map((a) => a.address)).toEqual(['xinfang@tonglu.petitions.example', 'a@qq.example', 'b@qq.example']);
    expect(p.returnPath).toBeUndefined();
    expect(p.text).toBe('body');
  });
});

describe('parseEmail: a letter forwarded as an attachment (作为附件转发)', () => {
  const inner = [
    'From: =?UTF-8?B?' + Buffer.from('王秀兰').toString('base64') + '?= <wangxiulan@qq.example>',
    'To: xinfang@hz.petitions.example',
    'Subject: =?UTF-8?B?' + Buffer.from('房屋征收补偿问题').toString('base64') + '?=',
    'Message-ID: <inner-1@qq.example>',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('我家房屋被征收，补偿款至今未到位，联系电话：13957100011。', 'utf8').toString('base64'),
  ].join('\r\n');
  const outer = (type: string) =>
    utf8(
      [
        'From: zhangming@163.example',
        'To: xinfang@tonglu.petitions.example',
        'Subject: =?UTF-8?B?' + Buffer.from('转发：房屋征收补偿问题').toString('base64') + '?=',
        'Message-ID: <outer-1@163.example>',
        `Content-Type: ${type}; boundary=b`,
        '',
        '--b',
        'Content-Type: text/plain; charset=UTF-8',
        '',
        '请看附件',
        '--b',
        'Content-Type: message/rfc822; name="fwd.eml"',
        'Content-Disposition: attachment; filename="fwd.eml"',
        '',
        inner,
        '--b--',
        '',
      ].join('\r\n'),
    );

  it('reads the forwarded letter’s words into the text, under the sender’s own, and keeps the .eml', async () => {
    const p = await parseEmail(outer('multipart/mixed'));
    expect(p.text).toContain('请看附件');
    expect(p.text).toContain('---------- 转发的邮件 ----------\n发件人：王秀兰 <wangxiulan@qq.example>\n主题：房屋征收补偿问题\n\n我家房屋被征收，补偿款至今未到位');
    expect(p.attachments.map((a) => a.contentType)).toEqual(['message/rfc822']);
  });

  it('leaves a delivery report’s returned message out of its text', async () => {
    const p = await parseEmail(outer('multipart/report'));
    expect(p.text).not.toContain('转发的邮件');
  });
});

describe('parseEmail: what a forwarded letter carries is read for the attachment policy', () => {
  /** A Windows program's leading bytes: MZ, and the PE header where e_lfanew points. */
  const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);
  program.writeUInt32LE(0x80, 0x3c);
  program.write('PE\0\0', 0x80, 'latin1');
  const POLICY = { maxBytes: 10 * 1024 * 1024, maxCount: 20, allowedTypes: ['image/*', 'application/pdf', 'text/plain', 'message/rfc822'] };

  /** A letter with one attachment part (its headers and base64 body), or a forwarded letter inside it. */
  const letter = (subject: string, part: string) =>
    [
      'From: someone@qq.example',
      'To: xinfang@tonglu.petitions.example',
      `Subject: ${subject}`,
      `Message-ID: <${subject.replace(/\W/g, '')}@qq.example>`,
      'Content-Type: multipart/mixed; boundary="=b_' + subject + '"',
      '',
      '--=b_' + subject,
      'Content-Type: text/plain; charset=UTF-8',
      '',
      `letter ${subject}`,
      '--=b_' + subject,
      part,
      '--=b_' + subject + '--',
      '',
    ].join('\r\n');
  const exePart = ['Content-Type: application/x-msdownload; name="invoice.exe"', 'Content-Disposition: attachment; filename="invoice.exe"', 'Content-Transfer-Encoding: base64', '', program.toString('base64')].join('\r\n');
  const pdfPart = ['Content-Type: application/pdf; name="reply.pdf"', 'Content-Disposition: attachment; filename="reply.pdf"', 'Content-Transfer-Encoding: base64', '', Buffer.from('%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1').toString('base64')].join('\r\n');
  const emlPart = (inner: string, name = 'evidence.eml') => [`Content-Type: message/rfc822; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, '', inner].join('\r\n');

  it('reads the parts of an attached .eml: a program in it is found and refuses the .eml, naming it', async () => {
    const p = await parseEmail(utf8(letter('outer', emlPart(letter('inner', exePart)))));
    expect(p.attachments.map((a) => a.filename)).toEqual(['evidence.eml']);
    expect(p.attachments[0]!.forwarded!.attachments.map((a) => [a.filename, a.detectedType])).toEqual([['invoice.exe', 'application/x-msdownload']]);
    expect(p.text).toContain('letter inner');
    expect(admitAttachments(p.attachments, POLICY).refused).toEqual([{ filename: 'evidence.eml', reason: '转发的邮件中附带“invoice.exe”，不接受可执行程序或脚本文件' }]);
  });

  it(`reads ${MAX_FORWARDS_READ.messages} forwarded messages in all, however nested; those beyond are refused unread, not parsed`, async () => {
    // One letter forwarding 6 letters that each forward 4 (30 forwarded messages): the budget is the email's, not each level's.
    const middle = (i: number) => letter(`m${i}`, Array.from({ length: 4 }, (_, j) => emlPart(letter(`l${i}x${j}`, pdfPart), `l${j}.eml`)).join(`\r\n--=b_m${i}\r\n`));
    const outer = letter('outer', Array.from({ length: 6 }, (_, i) => emlPart(middle(i), `m${i}.eml`)).join('\r\n--=b_outer\r\n'));
    const p = await parseEmail(utf8(outer));
    const all = (list: readonly ParsedAttachment[]): ParsedAttachment[] => list.flatMap((a) => (a.forwarded ? [a, ...all(a.forwarded.attachments)] : []));
    const forwards = all(p.attachments);
    const read = forwards.filter((a) => !a.forwarded!.unread);
    expect(read).toHaveLength(MAX_FORWARDS_READ.messages);
    expect(forwards.filter((a) => a.forwarded!.unread === 'tooMany').length).toBeGreaterThan(0);
    const { refused, admitted } = admitAttachments(p.attachments, POLICY);
    expect(admitted.map((a) => a.filename)).toEqual(['m0.eml', 'm1.eml', 'm2.eml', 'm3.eml']);
    // Read depth first: m0–m3 and their 4 each are the 20; m4 and m5 are refused unread, whatever they hold.
    const reason = `转发的邮件过多（超过 ${MAX_FORWARDS_READ.messages} 封），无法逐一检查其中的附件`;
    expect(refused).toEqual([{ filename: 'm4.eml', reason }, { filename: 'm5.eml', reason }]);
  });

  it('a forwarded reply with a PDF is kept whole', async () => {
    const p = await parseEmail(utf8(letter('outer', emlPart(letter('inner', pdfPart)))));
    expect(p.attachments[0]!.forwarded).toEqual({ attachments: [expect.objectContaining({ filename: 'reply.pdf', detectedType: 'application/pdf' })] });
    expect(admitAttachments(p.attachments, POLICY).admitted).toHaveLength(1);
  });

  it('a program in a text part that names it (mailparser reads it as body text; a mail client lists invoice.exe) refuses the .eml', async () => {
    for (const headers of [['Content-Type: text/plain; name="invoice.exe"'], ['Content-Type: text/plain', 'Content-Disposition: inline; filename="invoice.exe"'], ['Content-Type: text/html; name="invoice.exe"']]) {
      const part = [...headers, 'Content-Transfer-Encoding: base64', '', program.toString('base64')].join('\r\n');
      const p = await parseEmail(utf8(letter('outer', emlPart(letter('inner', part)))));
      expect(admitAttachments(p.attachments, POLICY).refused, headers.join(' ')).toEqual([{ filename: 'evidence.eml', reason: '转发的邮件中附带“invoice.exe”，不接受可执行程序或脚本文件' }]);
    }
    const note = ['Content-Type: text/plain; charset=UTF-8; name="说明.txt"', '', '补充说明'].join('\r\n');
    expect(admitAttachments((await parseEmail(utf8(letter('outer', emlPart(letter('inner', note)))))).attachments, POLICY).refused).toEqual([]);
  });

  it('a program uuencoded in the forwarded letter’s text (listed as a file by Thunderbird and Outlook) refuses the .eml', async () => {
    const uu = (bytes: Buffer) => {
      const lines: string[] = [];
      for (let i = 0; i < bytes.length; i += 45) {
        const chunk = bytes.subarray(i, i + 45);
        let line = String.fromCharCode(32 + chunk.length);
        for (let j = 0; j < chunk.length; j += 3) {
          const [a = 0, b = 0, c = 0] = [chunk[j], chunk[j + 1], chunk[j + 2]];
          line += [a >> 2, ((a << 4) | (b >> 4)) & 63, ((b << 2) | (c >> 6)) & 63, c & 63].map((n) => String.fromCharCode(n === 0 ? 96 : 32 + n)).join('');
        }
        lines.push(line);
      }
      return ['begin 644 invoice.exe', ...lines, '`', 'end'].join('\r\n');
    };
    const inner = ['From: someone@qq.example', 'Subject: inner', 'Content-Type: text/plain; charset=us-ascii', '', '请查收', uu(program), ''].join('\r\n');
    const p = await parseEmail(utf8(letter('outer', emlPart(inner))));
    expect(p.attachments[0]!.forwarded!.attachments.map((a) => [a.filename, a.detectedType])).toEqual([['invoice.exe', 'application/x-msdownload']]);
    expect(admitAttachments(p.attachments, POLICY).refused[0]!.reason).toBe('转发的邮件中附带“invoice.exe”，不接受可执行程序或脚本文件');
  });

  it(`reads messages within messages to ${MAX_FORWARD_DEPTH} levels; one deeper is marked too deep`, async () => {
    const nested = (levels: number, innermost: string): string => (levels === 0 ? innermost : emlPart(letter(`level${levels}`, nested(levels - 1, innermost)), `level${levels}.eml`));
    const within = await parseEmail(utf8(letter('outer', nested(MAX_FORWARD_DEPTH, exePart))));
    expect(admitAttachments(within.attachments, POLICY).refused[0]!.reason).toBe('转发的邮件中附带“level2.eml”中的“level1.eml”中的“invoice.exe”，不接受可执行程序或脚本文件');
    const deeper = await parseEmail(utf8(letter('outer', nested(MAX_FORWARD_DEPTH + 1, pdfPart))));
    expect(admitAttachments(deeper.attachments, POLICY).refused[0]!.reason).toBe(`转发的邮件中附带“level3.eml”中的“level2.eml”中的“level1.eml”，转发的邮件嵌套超过 ${MAX_FORWARD_DEPTH} 层，无法检查其中的附件`);
  });
});

describe('parseEmail: HTML', () => {
  it('hostile HTML-only mail: nothing executable survives in safeHtml, the table text survives in text', async () => {
    const p = await parseEmail(hostileHtmlOnly());
    const safe = p.safeHtml ?? '';
    expect(safe).not.toBe('');
    for (const bad of ['<script', 'onerror', 'onload', 'onclick', 'javascript:', 'vbscript:', 'data:', '<iframe', '<object', '<embed', '<form', '<input', '<svg', '<style', 'expression(', '<meta', '<base', 'target=', 'alert(', 'document.cookie']) {
      expect(safe.toLowerCase()).not.toContain(bad);
    }
    expect(safe).toContain('<td>3号楼</td><td>61</td><td>48</td>');
    expect(safe).toContain('<a href="https://wuye.example/notice/2026-01" rel="noopener noreferrer nofollow">物业公告</a>');
    expect(p.text).toContain('关于滨江花园小区电梯长期停运的反映');
    expect(p.text).toMatch(/楼栋\s+停运天数\s+受影响户数\n3号楼\s+61\s+48\n5号楼\s+45\s+36/);
    expect(p.text).toContain('物业公告 <https://wuye.example/notice/2026-01>');
    expect(p.text).not.toContain('alert');
    expect(p.text).not.toContain('document.cookie');
    expect(p.text).not.toContain('body {');
  });

  it('HTML only inside multipart/mixed: converted to text; cid images kept, the inline image and the .exe are attachments', async () => {
    const p = await parseEmail(exeAttachment());
    expect(p.text).toContain('下面是我拍的照片：');
    expect(p.safeHtml).toContain('<img width="480" src="cid:outflow-20260123@163.example" />');
    const [photo, exe] = p.attachments;
    expect(photo).toMatchObject({ filename: 'paiwu.jpg', contentType: 'image/jpeg', inline: true, size: 3_210 });
    expect(exe).toMatchObject({ filename: '证据视频播放器.exe', contentType: 'application/x-msdownload', inline: false, size: 4_608 });
    expect(Buffer.from(exe!.content.subarray(0, 2)).toString('latin1')).toBe('MZ');
  });

  /** A multipart/alternative email: a plain text part and an HTML part, as webmail sends them. */
  const alternatives = (plain: string, html: string): Uint8Array =>
    utf8(
      [
        'From: =?UTF-8?B?5byg5Lyf?= <zhangwei1978@163.example>',
        'To: xinfang@tonglu.petitions.example',
        'Subject: =?UTF-8?B?5qW86aG25ryP5rC0?=',
        'Message-ID: <alt.1@163.example>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary="alt"',
        '',
        '--alt',
        'Content-Type: text/plain; charset=UTF-8',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(plain).toString('base64'),
        '--alt',
        'Content-Type: text/html; charset=UTF-8',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(html).toString('base64'),
        '--alt--',
        '',
      ].join('\r\n'),
    );
  const letter = '<div>尊敬的领导：</div><div>城南小区3号楼楼顶漏水已三个月，物业一直推脱不修。</div><div>请求督促处理。</div><div>张伟 13857112345</div>';

  it('takes the HTML’s text when the plain alternative only points at the HTML, and says so', async () => {
    const p = await parseEmail(alternatives('此邮件为HTML格式，请使用支持HTML的邮件客户端查看。', '<div>楼顶漏水三个月，请求处理。张伟</div>'));
    expect(p.text).toBe('楼顶漏水三个月，请求处理。张伟');
    expect(p.defects).toContain('mime: the text/plain alternative is a stub of the HTML (far shorter); the HTML’s text was taken');
  });

  it('takes the HTML’s text when the plain alternative is a stub of it (a greeting, the rest lost)', async () => {
    const p = await parseEmail(alternatives('尊敬的领导：', letter));
    expect(p.text).toBe('尊敬的领导：\n城南小区3号楼楼顶漏水已三个月，物业一直推脱不修。\n请求督促处理。\n张伟 13857112345');
  });

  it('keeps the plain alternative when both say the same, whatever the HTML’s layout or footer', async () => {
    const plain = '尊敬的领导：\r\n城南小区3号楼楼顶漏水已三个月，物业一直推脱不修。\r\n请求督促处理。\r\n张伟 13857112345';
    const p = await parseEmail(alternatives(plain, `${letter}<p>&nbsp;</p><div>发自网易邮箱大师</div>`));
    expect(p.text).toBe(plain.replace(/\r\n/g, '\n'));
    expect(p.defects).toEqual([]);
  });

  it('QQ Mail’s HTML-only letter: its words and line breaks, no CSS, no tracking pixel, no run of blank lines', async () => {
    const html = [
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GB18030"><style>body{font-size:14px;font-family:"微软雅黑"}</style></head><body>',
      '<div>尊敬的领导：</div><div>&nbsp;&nbsp;&nbsp;&nbsp;我是城南街道居民，楼顶漏水已三个月。<br>物业一直不修。<br/><br/>请求督促处理。</div>',
      '<div><br></div><div><br></div><p>&nbsp;</p><div>张伟</div>',
      '<img src="https://mail.qq.example/cgi-bin/viewfile?t=1" width="1" height="1"><img src="http://track.example/p.gif" width="1" height="1">',
      '</body></html>',
    ].join('');
    const raw = Buffer.concat([
      Buffer.from('From: zhangwei@qq.example\r\nTo: xinfang@tonglu.petitions.example\r\nSubject: =?gb18030?B?wqW2pcKpy67=?=\r\nMessage-ID: <qq.1@qq.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset="gb18030"\r\nContent-Transfer-Encoding: base64\r\n\r\n'),
      Buffer.from(iconv.encode(html, 'gb18030').toString('base64') + '\r\n'),
    ]);
    const p = await parseEmail(new Uint8Array(raw));
    expect(p.text).toBe('尊敬的领导：\n    我是城南街道居民，楼顶漏水已三个月。\n物业一直不修。\n\n请求督促处理。\n\n张伟');
    expect(p.safeHtml).not.toContain('track.example');
  });

  it.each([
    ['<script>alert(1)</script>ok', 'ok'],
    ['<img src=x onerror=alert(1)>', ''],
    ['<IMG SRC="JaVaScRiPt:alert(1)">', ''],
    ['<img src="http://tracker.example/p.gif">', ''],
    ['<img src="data:image/png;base64,iVBORw0KGgo=">', ''],
    ['<img src="https://img.example/a.png" onload="x()">', '<img src="https://img.example/a.png" />'],
    ['<img src="cid:photo1@qq.example">', '<img src="cid:photo1@qq.example" />'],
    ['<a href="&#106;avascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'],
    ['<a href="java\tscript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'],
    ['<a href="//evil.example/">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'],
    ['<a href="/relative">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'],
    ['<a href="https://ok.example/" target="_blank" onmouseover="x()">x</a>', '<a href="https://ok.example/" rel="noopener noreferrer nofollow">x</a>'],
    ['<a href="mailto:xinfang@tonglu.petitions.example">信箱</a>', '<a href="mailto:xinfang@tonglu.petitions.example" rel="noopener noreferrer nofollow">信箱</a>'],
    ['<div style="background:url(javascript:alert(1))" class="c" id="i">文字</div>', '<div>文字</div>'],
    ['<math><mi xlink:href="javascript:alert(1)">x</mi></math>', ''],
    ['<noscript><p title="</noscript><img src=x onerror=alert(1)>">', ''],
    ['<font color="red" face="宋体">红字</font>', '<font color="red" face="宋体">红字</font>'],
  ])('sanitiser: %s', (input, output) => {
    expect(sanitizeEmailHtml(input).trim()).toBe(output);
  });
});

describe('parseEmail: bounces and noise', () => {
  it('DSN: null return path, multipart/report type, delivery-status and the returned message kept as attachments', async () => {
    const p = await parseEmail(dsnBounce('ack.330122-2026-000042.7@petitions.example'));
    expect(p.returnPath).toBe('');
    expect(p.contentType).toBe('multipart/report; report-type=delivery-status');
    expect(p.headers['auto-submitted']).toBe('auto-replied');
    expect(p.text).toContain('<wu.xiaoli.1990@qq.example>: host mx1.qq.example[203.205.219.57] said: 550');
    const status = p.attachments.find((a) => a.contentType === 'message/delivery-status');
    expect(asText(status!.content)).toContain('Final-Recipient: rfc822; wu.xiaoli.1990@qq.example');
    expect(asText(status!.content)).toContain('Status: 5.0.0');
    const returned = p.attachments.find((a) => a.contentType === 'message/rfc822');
    expect(returned).toMatchObject({ filename: 'attachment-2.eml', inline: false });
    expect(asText(returned!.content)).toContain('Message-ID: <ack.330122-2026-000042.7@petitions.example>');
    // the domain can parse the returned message to find what bounced
    const original = await parseEmail(returned!.content);
    expect(original.messageId).toBe('ack.330122-2026-000042.7@petitions.example');
    expect(original.subject).toBe('信访事项受理告知书（330122-2026-000042）');
    expect(original.headers['x-case-number']).toBe('330122-2026-000042');
  });

  it('DSN with the default Message-ID parameter', async () => {
    const p = await parseEmail(dsnBounce());
    const returned = p.attachments.find((a) => a.contentType === 'message/rfc822');
    expect(asText(returned!.content)).toContain(`Message-ID: <${BOUNCED_ACK_MESSAGE_ID}>`);
  });

  it('Exchange NDR: text/rfc822-headers kept as an attachment with the original Message-ID', async () => {
    const p = await parseEmail(ndrHeadersOnly('notice.330122-2026-000042.3@petitions.example'));
    expect(p.returnPath).toBe('');
    expect(p.inReplyTo).toBe('notice.330122-2026-000042.3@petitions.example');
    const headersPart = p.attachments.find((a) => a.contentType === 'text/rfc822-headers');
    expect(headersPart?.filename).toBe('attachment-2.txt');
    expect(asText(headersPart!.content)).toContain('Message-ID: <notice.330122-2026-000042.3@petitions.example>');
  });

  it('auto-replies and list mail keep the headers the noise filter reads', async () => {
    const outlook = await parseEmail(outlookAutoReply());
    expect(outlook.headers['auto-submitted']).toBe('auto-replied');
    expect(outlook.headers['x-auto-response-suppress']).toBe('All');
    expect(outlook.headers['thread-topic']).toBe('信访事项转送告知（330122-2026-000042）');
    expect(outlook.inReplyTo).toBe('notice.330122-2026-000042.2@petitions.example');
    expect(outlook.contentType).toBe('multipart/alternative');

    const vacation = await parseEmail(vacationReplyXAutoreply());
    expect(vacation.headers['x-autoreply']).toBe('yes');
    expect(vacation.headers['auto-submitted']).toBeUndefined();

    const list = await parseEmail(listMail());
    expect(list.headers['list-id']).toBe('普法周刊 <weekly.lists.pufa.example>');
    expect(list.headers['precedence']).toBe('list');
    expect(list.headers['list-unsubscribe']).toBe('<mailto:unsubscribe@lists.pufa.example?subject=unsubscribe>, <https://pufa.example/unsubscribe?u=xinfang%40tonglu.petitions.example>');
  });
});

describe('parseEmail: malformed input never throws', () => {
  it('missing closing boundary, broken base64, no Message-ID, bad Date, header without colon', async () => {
    const p = await parseEmail(malformedMime());
    expect(p.messageId).toBeUndefined();
    expect(p.date).toBeUndefined();
    expect(p.subject).toBe('我父亲手术后感染，医院推诿责任');
    expect(p.text).toContain('我们要求医院公开病历、说明情况');
    expect(p.attachments.map((a) => a.filename)).toEqual(['bingli.jpg']);
    expect(hex(p.attachments[0]!.content, 3)).toBe('ffd8ff');
    expect(p.defects).toEqual(
      expect.arrayContaining([
        'mime: closing boundary --=====BROKEN_b0undary_4471=====-- missing (message truncated?)',
        'mime: broken base64 in a image/jpeg part; decoded best-effort',
        'header: no Message-ID',
        'header: unparseable Date "2026年1月24日 星期六 上午9:15"',
        'header: line without a colon in the message ignored: "X-Broken-Header-Without-Colon"',
      ]),
    );
  });

  it('when mailparser gives up (too many parts), the message is registered from a best-effort split', async () => {
    const parts = Array.from({ length: 1100 }, (_, i) => `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n第${i}部分\r\n`).join('');
    const raw = utf8(`From: =?UTF-8?B?5byg5Lyf?= <zhangwei1978@163.example>\r\nTo: xinfang@tonglu.petitions.example\r\nSubject: =?UTF-8?B?5rWL6K+V?=\r\nMessage-ID: <many@163.example>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n${parts}--b--\r\n`);
    const p = await parseEmail(raw);
    expect(p.defects.some((d) => d.startsWith('mime: mailparser failed (Max allowed child nodes exceeded)'))).toBe(true);
    expect(p.subject).toBe('测试');
    expect(p.from).toEqual({ address: 'zhangwei1978@163.example', name: '张伟' });
    expect(p.messageId).toBe('many@163.example');
    expect(p.text).toContain('第0部分');
    expect(p.text).toContain('第999部分');
  });

  it('the fallback keeps attachments (RFC 2231, raw GBK and unnamed) and decodes raw GBK headers', async () => {
    const iconv = (await import('iconv-lite')).default;
    const filler = Array.from({ length: 1000 }, (_, i) => `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n第${i}部分\r\n`).join('');
    const raw = Buffer.concat([
      Buffer.from('From: '),
      iconv.encode('俞建平', 'gbk'),
      Buffer.from(' <YuJianping@sohu.example>\r\nTo: xinfang@fenshui.tonglu.petitions.example\r\nSubject: '),
      iconv.encode('拖欠工资', 'gbk'),
      Buffer.from('\r\nMessage-ID: <fallback@sohu.example>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n' + filler + '--b\r\nContent-Type: application/vnd.ms-excel; name="'),
      iconv.encode('明细表.xls', 'gbk'),
      Buffer.from(
        '"\r\nContent-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAw==\r\n' +
          "--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename*=UTF-8''%E5%B7%A5%E8%B5%84%E6%9D%A1.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n" +
          '--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n',
      ),
    ]);
    const p = await parseEmail(raw);
    expect(p.defects.some((d) => d.startsWith('mime: mailparser failed'))).toBe(true);
    expect(p.subject).toBe('拖欠工资');
    expect(p.from).toEqual({ address: 'yujianping@sohu.example', name: '俞建平' });
    expect(p.to).toEqual([{ address: 'xinfang@fenshui.tonglu.petitions.example' }]);
    expect(p.text).toContain('第999部分');
    expect(p.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
      ['明细表.xls', 'application/vnd.ms-excel', 4],
      ['工资条.jpg', 'image/jpeg', 6],
      ['attachment-3.png', 'image/png', 8],
    ]);
    expect(hex(p.attachments[1]!.content, 3)).toBe('ffd8ff');
  });

  it('an oversized header block falls back too, keeping the body', async () => {
    const raw = utf8(`From: a@qq.example\r\nSubject: big\r\nX-Junk: ${'a'.repeat(1_100_000)}\r\n\r\n正文还在\r\n`);
    const p = await parseEmail(raw);
    expect(p.defects.some((d) => d.includes('Max header size'))).toBe(true);
    expect(p.subject).toBe('big');
    expect(p.text).toBe('正文还在');
  });

  it.each([
    ['empty', new Uint8Array()],
    ['random bytes', new Uint8Array(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) & 0xff))],
    ['headers only, no body', utf8('Subject: hi\r\nFrom: a@qq.example')],
    ['body only', utf8('\r\n\r\n只有正文')],
    ['NUL and control bytes', utf8('From: a@qq.example\r\nSubject: a\u0000b\u0007c\r\n\r\n\u0000\u0000hello')],
    ['multipart without boundary', utf8('Content-Type: multipart/mixed\r\n\r\nhello')],
    ['unknown charset', utf8('Content-Type: text/plain; charset=x-klingon\r\n\r\nhello 你好')],
    ['nested 300 deep', utf8('Content-Type: multipart/mixed; boundary=b0\r\n\r\n' + Array.from({ length: 300 }, (_, i) => `--b${i}\r\nContent-Type: multipart/mixed; boundary=b${i + 1}\r\n\r\n`).join(''))],
  ])('%s: no throw, a result with defects', async (_name, raw) => {
    const p = await parseEmail(raw);
    expect(typeof p.subject).toBe('string');
    expect(typeof p.text).toBe('string');
    expect(p.defects.length).toBeGreaterThan(0);
    // eslint-disable-next-line no-control-regex
    expect(p.subject + p.text).not.toMatch(/[\x00-\x08]/);
  });

  it('an unknown charset is reported and read best-effort', async () => {
    const p = await parseEmail(utf8('From: a@qq.example\r\nMessage-ID: <k@qq.example>\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nhello 你好\r\n'));
    expect(p.text).toBe('hello 你好');
    expect(p.defects).toEqual(['charset: unknown charset "x-klingon"; decoded as utf-8']);
  });
});

describe('composeEmail → parseEmail round trip', () => {
  const ack: OutgoingEmail = {
    from: { address: 'noreply@petitions.example', name: '桐庐县信访局' },
    to: ['张伟 <zhangwei1978@163.example>'],
    cc: ['hrss@tonglu.petitions.example'],
    subject: '信访事项受理告知书（330122-2026-000042）',
    text: '张伟：\n\n您于2026年1月12日提出的信访事项已收到，编号330122-2026-000042。\n我局将在15日内告知您是否受理。\n\n桐庐县信访局\n',
    html: '<p>张伟：</p><p>您的信访事项已收到，编号<b>330122-2026-000042</b>。</p>',
    messageId: 'ack.330122-2026-000042.1@petitions.example',
    inReplyTo: '2f3c1a9e.1b7e.19b9a3c5d2e.Coremail.zhangwei1978@163.example',
    references: ['case-330122-2026-000042.intake@petitions.example', '2f3c1a9e.1b7e.19b9a3c5d2e.Coremail.zhangwei1978@163.example'],
    headers: { 'Reply-To': '桐庐县信访局 <xinfang@tonglu.petitions.example>', 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', 'X-Case-Number': '330122-2026-000042' },
    attachments: [{ filename: '受理告知书.pdf', contentType: 'application/pdf', content: new Uint8Array(Buffer.from('%PDF-1.7\n%%EOF\n', 'latin1')) }],
    date: new Date('2026-01-13T02:02:00Z'),
  };

  it('gives back subject, names, ids, headers, text and attachments', async () => {
    const raw = await composeEmail(ack);
    const p = await parseEmail(raw);
    expect(p.subject).toBe('信访事项受理告知书（330122-2026-000042）');
    expect(p.from).toEqual({ address: 'noreply@petitions.example', name: '桐庐县信访局' });
    expect(p.to).toEqual([{ address: 'zhangwei1978@163.example', name: '张伟' }]);
    expect(p.cc).toEqual([{ address: 'hrss@tonglu.petitions.example' }]);
    expect(p.replyTo).toEqual({ address: 'xinfang@tonglu.petitions.example', name: '桐庐县信访局' });
    expect(p.messageId).toBe('ack.330122-2026-000042.1@petitions.example');
    expect(p.inReplyTo).toBe('2f3c1a9e.1b7e.19b9a3c5d2e.Coremail.zhangwei1978@163.example');
    expect(p.references).toEqual(['case-330122-2026-000042.intake@petitions.example', '2f3c1a9e.1b7e.19b9a3c5d2e.Coremail.zhangwei1978@163.example']);
    expect(p.headers['auto-submitted']).toBe('auto-replied');
    expect(p.headers['x-auto-response-suppress']).toBe('All');
    expect(p.headers['x-case-number']).toBe('330122-2026-000042');
    expect(p.date).toBe('2026-01-13T02:02:00.000Z');
    expect(p.text).toBe('张伟：\n\n您于2026年1月12日提出的信访事项已收到，编号330122-2026-000042。\n我局将在15日内告知您是否受理。\n\n桐庐县信访局');
    expect(p.safeHtml).toBe('<p>张伟：</p><p>您的信访事项已收到，编号<b>330122-2026-000042</b>。</p>');
    expect(p.attachments).toHaveLength(1);
    expect(p.attachments[0]).toMatchObject({ filename: '受理告知书.pdf', contentType: 'application/pdf', size: 15, inline: false });
    expect(p.defects).toEqual([]);
  });

  it('writes RFC 5322 on the wire: CRLF only, ASCII headers with encoded words, the extra headers as given', async () => {
    const wire = Buffer.from(await composeEmail(ack)).toString('latin1');
    const head = wire.slice(0, wire.indexOf('\r\n\r\n'));
    expect(wire).not.toMatch(/[^\r]\n/);
    // eslint-disable-next-line no-control-regex
    expect(head).toMatch(/^[\x09\x0a\x0d\x20-\x7e]*$/);
    expect(head).toContain('\r\nSubject: =?UTF-8?B?');
    expect(head).toContain('Auto-Submitted: auto-replied\r\n');
    expect(head).toContain('X-Auto-Response-Suppress: All\r\n');
    expect(head).toContain('X-Case-Number: 330122-2026-000042\r\n');
    expect(head).toContain('Message-ID: <ack.330122-2026-000042.1@petitions.example>\r\n');
    expect(head).toContain('In-Reply-To: <2f3c1a9e.1b7e.19b9a3c5d2e.Coremail.zhangwei1978@163.example>\r\n');
    for (const line of wire.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  });

  it('a long Chinese subject with the case number survives folding; text-only mail has no HTML', async () => {
    const subject = '关于330122-2026-000042号信访事项（桐庐县富春江镇华丰针织有限公司拖欠43名工人工资）转送县人力资源和社会保障局办理的告知';
    const p = await parseEmail(await composeEmail({ ...ack, subject, html: undefined, attachments: [] }));
    expect(p.subject).toBe(subject);
    expect(p.safeHtml).toBeUndefined();
    expect(p.contentType).toBe('text/plain; charset=utf-8');
  });

  it('line breaks in the subject or extra headers cannot inject headers', async () => {
    const p = await parseEmail(
      await composeEmail({ ...ack, subject: '回复：补充材料\r\nBcc: evil@attacker.example', headers: { 'X-Case-Number': '330122-2026-000042\r\nX-Injected: yes' } }),
    );
    expect(p.subject).toBe('回复：补充材料 Bcc: evil@attacker.example');
    expect(p.headers['bcc']).toBeUndefined();
    expect(p.headers['x-injected']).toBeUndefined();
    expect(p.headers['x-case-number']).toBe('330122-2026-000042 X-Injected: yes');
  });

  it("threads to a petitioner's odd ids: ids without @ are kept, unusable ones dropped, never thrown", async () => {
    const p = await parseEmail(await composeEmail({ ...ack, inReplyTo: 'LOCAL12345', references: ['a b@c.example', '<ok@qq.example>', 'LOCAL12345'] }));
    expect(p.inReplyTo).toBe('LOCAL12345');
    expect(p.references).toEqual(['ok@qq.example', 'LOCAL12345']);
    const q = await parseEmail(await composeEmail({ ...ack, inReplyTo: 'has space@x.example', references: ['<>'] }));
    expect(q.inReplyTo).toBeUndefined();
    expect(q.references).toEqual([]);
  });

  it('rejects programming errors: a bad own Message-ID, header names, reserved headers, no recipient', async () => {
    await expect(composeEmail({ ...ack, messageId: 'no-at-sign' })).rejects.toThrow(/messageId/);
    await expect(composeEmail({ ...ack, messageId: 'a b@petitions.example' })).rejects.toThrow(/messageId/);
    await expect(composeEmail({ ...ack, headers: { 'Bad Name': 'x' } })).rejects.toThrow(/invalid header name/);
    await expect(composeEmail({ ...ack, headers: { 'Content-Type': 'text/html' } })).rejects.toThrow(/set by the composer/);
    await expect(composeEmail({ ...ack, to: [], cc: [] })).rejects.toThrow(/no recipient/);
    // angle brackets given by habit are accepted
    const p = await parseEmail(await composeEmail({ ...ack, messageId: '<ack.2@petitions.example>' }));
    expect(p.messageId).toBe('ack.2@petitions.example');
  });
});

describe('parseEmail: attachments as Windows and file-type see them', () => {
  it('names are normalised where they are read: trailing dots, NTFS streams and direction marks go', async () => {
    const p = await parseEmail(hostileAttachments());
    expect(p.attachments.map((a) => a.filename)).toEqual(['xianchang.jpg', '补充说明.txt', '证据视频播放器.exe', '查看证据.bat', '现场示意图.svg', '工资条.jpg', '举报材料fdp.exe']);
  });

  it('each attachment carries the type its leading bytes show, whatever it was declared as', async () => {
    const p = await parseEmail(hostileAttachments());
    expect(p.attachments.map((a) => [a.filename, a.contentType, a.detectedType])).toEqual([
      ['xianchang.jpg', 'image/jpeg', 'image/jpeg'],
      ['补充说明.txt', 'text/plain', undefined],
      ['证据视频播放器.exe', 'application/octet-stream', 'application/x-msdownload'],
      ['查看证据.bat', 'text/plain', undefined],
      ['现场示意图.svg', 'image/svg+xml', 'application/xml'],
      ['工资条.jpg', 'image/jpeg', 'application/x-msdownload'],
      ['举报材料fdp.exe', 'application/pdf', 'application/x-msdownload'],
    ]);
    const wage = await parseEmail(wageArrearsUtf8Base64());
    expect(wage.attachments.map((a) => a.detectedType)).toEqual(['image/jpeg', 'application/pdf']);
  });

  it('the same in the fallback when mailparser gives up', async () => {
    const filler = Array.from({ length: 1000 }, (_, i) => `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n第${i}部分\r\n`).join('');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510)]);
    exe.writeUInt32LE(0x80, 0x3c);
    const pe = Buffer.concat([exe, Buffer.from('PE\0\0'), Buffer.alloc(200)]);
    const raw = utf8(
      `From: a@qq.example\r\nMessage-ID: <f@qq.example>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n${filler}` +
        `--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename="photo\u202Egpj.exe. "\r\nContent-Transfer-Encoding: base64\r\n\r\n${pe.toString('base64')}\r\n--b--\r\n`,
    );
    const p = await parseEmail(raw);
    expect(p.defects.some((d) => d.startsWith('mime: mailparser failed'))).toBe(true);
    expect(p.attachments.map((a) => [a.filename, a.detectedType])).toEqual([['photogpj.exe', 'application/x-msdownload']]);
  });
});
