/**
 * IMAP's modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable ASCII
 * stands for itself (`&` as `&-`), anything else is `&`, the UTF-16BE code
 * units in base64 with `,` for `/`, then `-`. A folder named 已入库 travels as
 * `&XfJRZV6T-`; clients encode it so (imapflow does).
 */

export function decodeMailboxName(encoded: string): string {
  return encoded.replace(/&([A-Za-z0-9+,]*)-/g, (_match, b64: string) => {
    if (b64 === '') return '&';
    const bytes = Buffer.from(b64.replace(/,/g, '/'), 'base64');
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes.readUInt16BE(i));
    return out;
  });
}

export function encodeMailboxName(name: string): string {
  let out = '';
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const bytes = Buffer.alloc(pending.length * 2);
    for (let i = 0; i < pending.length; i++) bytes.writeUInt16BE(pending.charCodeAt(i), i * 2);
    out += `&${bytes.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
    pending = '';
  };
  for (const c of name) {
    const code = c.charCodeAt(0);
    if (code >= 0x20 && code <= 0x7e) {
      flush();
      out += c === '&' ? '&-' : c;
    } else {
      // Characters beyond the BMP are two UTF-16 code units; the for…of gives both at once.
      pending += c;
    }
  }
  flush();
  return out;
}
