import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../shared/adapters/mail/parse-email.js';
import { boundaryMismatchGbk, deeplyNestedUtf8, exeAttachment, wageArrearsUtf8Base64 } from '../fixtures/emails.js';

const RECOVERED = 'mime: the text was recovered from the raw message; check it against the original';

function raw(...parts: (string | Buffer)[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p.replace(/\r?\n/g, '\r\n'), 'utf8') : p))));
}

const HEAD = `From: a@qq.example
To: xinfang@tonglu.petitions.example
Subject: test
Message-ID: <r@qq.example>
MIME-Version: 1.0
`;

describe('parseEmail: text recovered when the MIME structure cannot be followed', () => {
  it('a boundary parameter that matches no delimiter line: the GBK base64 text part, not the HTML twin', async () => {
    const p = await parseEmail(boundaryMismatchGbk());
    expect(p.textRecovered).toBe(true);
    expect(p.text).toContain('我是临岐镇夏峰村村民李桂花，今年59岁。');
    expect(p.text).toContain('这是院里定的，不服去告');
    expect(p.text).toContain('联系电话：135 8876 4410');
    // the plain part is preferred, as the parser does: no doubled text from the HTML alternative
    expect(p.text.match(/淳安县信访局领导/g)).toHaveLength(1);
    expect(p.text).not.toMatch(/[A-Za-z0-9+/]{40}/); // no base64 of the photo
    expect(p.text).not.toContain('Content-Type');
    expect(p.defects).toContain(RECOVERED);
  });

  it('nesting deeper than mailparser goes: the UTF-8 quoted-printable text at the bottom', async () => {
    const p = await parseEmail(deeplyNestedUtf8());
    expect(p.textRecovered).toBe(true);
    expect(p.text).toContain('分水镇东溪村村口的宏达砖瓦厂这两年一直在烧砖');
    expect(p.text).toContain('反映人：周建民（东溪村村民）');
    expect(p.text).not.toContain('=E5');
    expect(p.text).not.toContain('--=_gw');
  });

  it('8-bit GBK parts without a charset under a mismatched boundary', async () => {
    const p = await parseEmail(
      raw(
        HEAD + 'Content-Type: multipart/mixed; boundary="AAA"\n\n--BBB\nContent-Type: text/plain\n\n',
        iconv.encode('我家的低保被取消了，请求重新核查。', 'gbk'),
        '\n--BBB--\n',
      ),
    );
    expect(p.text).toBe('我家的低保被取消了，请求重新核查。');
    expect(p.textRecovered).toBe(true);
  });

  it('only an HTML part under a mismatched boundary: its text, sanitised', async () => {
    const html = '<p>小区电梯停运两个月<script>alert(1)</script></p><p>联系人：孙丽娟</p>';
    const p = await parseEmail(raw(HEAD + 'Content-Type: multipart/alternative; boundary=x1\n\n--x2\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n' + Buffer.from(html).toString('base64') + '\n--x2--\n'));
    expect(p.text).toBe('小区电梯停运两个月\n\n联系人：孙丽娟');
    expect(p.textRecovered).toBe(true);
  });

  it('no delimiter lines at all: the raw body, decoded as GB18030, MIME noise and control characters removed', async () => {
    const p = await parseEmail(
      raw(HEAD + 'Content-Type: multipart/mixed\n\nThis is a multi-part message in MIME format.\n\n', iconv.encode('征地补偿款至今没有发放。\u0007请领导过问。', 'gb18030'), '\n'),
    );
    expect(p.text).toBe('征地补偿款至今没有发放。请领导过问。');
    expect(p.textRecovered).toBe(true);
  });

  it('no delimiter lines, a base64 body: decoded when it is text', async () => {
    const p = await parseEmail(raw(HEAD + 'Content-Type: multipart/mixed\nContent-Transfer-Encoding: base64\n\n' + Buffer.from('工资被拖欠三个月。').toString('base64') + '\n'));
    expect(p.text).toBe('工资被拖欠三个月。');
  });

  it.each([
    ['well-formed mail', wageArrearsUtf8Base64()],
    ['HTML-only mail', exeAttachment()],
  ])('%s is not flagged', async (_name, message) => {
    const p = await parseEmail(message);
    expect(p.textRecovered).toBeUndefined();
    expect(p.defects).not.toContain(RECOVERED);
  });

  it.each([
    ['a photo and an empty text part', HEAD + 'Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n\n--b\nContent-Type: image/jpeg\nContent-Disposition: attachment; filename="a.jpg"\nContent-Transfer-Encoding: base64\n\n/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR\n--b--\n'],
    ['a photo under a mismatched boundary', HEAD + 'Content-Type: multipart/mixed; boundary=a\n\n--b\nContent-Type: image/jpeg\nContent-Transfer-Encoding: base64\n\n/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR\n--b--\n'],
    ['a text file attached under a mismatched boundary', HEAD + 'Content-Type: multipart/mixed; boundary=a\n\n--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename="x.txt"\n\n附件内容\n--b--\n'],
    ['a single image part', HEAD + 'Content-Type: image/jpeg\nContent-Transfer-Encoding: base64\n\n/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR\n'],
    ['binary noise without structure', HEAD + 'Content-Type: multipart/mixed\n\n', Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7919 + 13) & 0xff))],
  ])('nothing readable, nothing invented: %s', async (_name, ...message) => {
    const p = await parseEmail(raw(...message));
    expect(p.text).toBe('');
    expect(p.textRecovered).toBeUndefined();
  });
});
