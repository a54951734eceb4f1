/**
 * MIME building blocks for the intake benchmark's generated petitions: text in
 * a charset (iconv-lite for the legacy Chinese ones), RFC 2047 encoded words,
 * RFC 2231 parameters, base64 and quoted-printable bodies, CRLF line ends and
 * dates in China time — the same forms as test/fixtures/emails.ts writes by hand.
 */
import iconv from 'iconv-lite';

export const CRLF = '\r\n';

/** Every line end becomes CRLF, as messages travel on the wire. */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, CRLF);
}

/**
 * The bytes of a text in a charset. Chinese clients label GBK text as GB2312,
 * so GB2312 is written with the GBK table. Throws if a character does not
 * survive (iconv-lite would silently put '?'): a petition must arrive as written.
 */
export function encode(text: string, charset: string): Buffer {
  if (/^utf-?8$/i.test(charset)) return Buffer.from(text, 'utf8');
  const table = /^gb2312$/i.test(charset) ? 'gbk' : charset;
  const bytes = iconv.encode(text, table);
  if (iconv.decode(bytes, table) !== text) throw new Error(`bench: text not representable in ${charset}: ${text.slice(0, 40)}…`);
  return bytes;
}

/** A base64 body, 76 characters a line. */
export function base64Body(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF) + CRLF;
}

const hex2 = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');

/** A quoted-printable body (RFC 2045): hard line breaks kept, soft breaks before 76 characters. */
export function qpBody(data: Buffer): string {
  const lines: string[] = [];
  let start = 0;
  const flush = (end: number) => {
    const line = data.subarray(start, end > start && data[end - 1] === 0x0d ? end - 1 : end);
    let out = '';
    let current = '';
    for (let i = 0; i < line.length; i++) {
      const b = line[i]!;
      const last = i === line.length - 1;
      const literal = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
      const token = literal ? String.fromCharCode(b) : `=${hex2(b)}`;
      if (current.length + token.length > 75) {
        out += `${current}=${CRLF}`;
        current = '';
      }
      current += token;
    }
    lines.push(out + current);
  };
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x0a) {
      flush(i);
      start = i + 1;
    }
  }
  flush(data.length);
  return lines.join(CRLF) + CRLF;
}

function qWord(data: Buffer): string {
  let out = '';
  for (const b of data) {
    const safe = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || [33, 42, 43, 45, 47].includes(b);
    out += b === 32 ? '_' : safe ? String.fromCharCode(b) : `=${hex2(b)}`;
  }
  return out;
}

/** RFC 2047 encoded words, split on character boundaries (at most 75 characters a word), folded. */
export function encodedWords(text: string, charset: string, enc: 'B' | 'Q'): string {
  const prefix = `=?${charset}?${enc}?`;
  const encodeChunk = (s: string) => (enc === 'B' ? encode(s, charset).toString('base64') : qWord(encode(s, charset)));
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    const next = chunk + ch;
    if (chunk && prefix.length + encodeChunk(next).length + 2 > 75) {
      words.push(`${prefix}${encodeChunk(chunk)}?=`);
      chunk = ch;
    } else {
      chunk = next;
    }
  }
  if (chunk) words.push(`${prefix}${encodeChunk(chunk)}?=`);
  return words.join(`${CRLF} `);
}

/** RFC 2231 extended parameter value in UTF-8. */
export function rfc2231(text: string): string {
  return `UTF-8''${encodeURIComponent(text)}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** An RFC 5322 date in China time: `Mon, 12 Jan 2026 09:14:27 +0800`. */
export function chinaMailDate(at: Date): string {
  const c = new Date(at.getTime() + 8 * 3_600_000);
  return `${WEEKDAYS[c.getUTCDay()]}, ${c.getUTCDate()} ${MONTHS[c.getUTCMonth()]} ${c.getUTCFullYear()} ${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}:${pad(c.getUTCSeconds())} +0800`;
}

/** `2026年1月12日`, as petitioners date their letters. */
export function chineseDate(at: Date): string {
  const c = new Date(at.getTime() + 8 * 3_600_000);
  return `${c.getUTCFullYear()}年${c.getUTCMonth() + 1}月${c.getUTCDate()}日`;
}

/** A small seeded PRNG (mulberry32): the same seed and index give the same petition. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 0x1_0000_0000).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  /** A weighted choice: [value, weight] pairs. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let x = this.next() * total;
    for (const [value, weight] of choices) {
      x -= weight;
      if (x < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }
}

/** A file body of `size` bytes: the format's real leading and trailing bytes, pseudo-random in between. */
export function fakeFile(size: number, head: Buffer, tail: Buffer, rng: Rng): Buffer {
  const out = Buffer.alloc(Math.max(size, head.length + tail.length));
  head.copy(out, 0);
  const words = new Uint32Array(Math.ceil((out.length - head.length - tail.length) / 4));
  for (let i = 0; i < words.length; i++) words[i] = Math.floor(rng.next() * 0x1_0000_0000);
  Buffer.from(words.buffer).copy(out, head.length, 0, out.length - head.length - tail.length);
  tail.copy(out, out.length - tail.length);
  return out;
}

export const FILE_KINDS = {
  jpeg: {
    contentType: 'image/jpeg',
    head: Buffer.from('ffd8ffe000104a46494600010101004800480000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f', 'hex'),
    tail: Buffer.from('ffd9', 'hex'),
  },
  png: {
    contentType: 'image/png',
    head: Buffer.from('89504e470d0a1a0a0000000d49484452000004380000078008060000', 'hex'),
    tail: Buffer.from('0000000049454e44ae426082', 'hex'),
  },
  pdf: {
    contentType: 'application/pdf',
    head: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n', 'latin1'),
    tail: Buffer.from('\nstartxref\n1187\n%%EOF\n', 'latin1'),
  },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    head: Buffer.concat([Buffer.from('504b0304140006000800000021003d2f9a8d7c010000', 'hex'), Buffer.from('[Content_Types].xml', 'latin1')]),
    tail: Buffer.from('504b0506000000000b000b00c30200009f5a00000000', 'hex'),
  },
} as const;
export type FileKind = keyof typeof FILE_KINDS;
