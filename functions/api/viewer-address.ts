import { timingSafeEqual } from 'node:crypto';
import type { HttpEvent } from '../lib/http.js';

/** The header CloudFront adds to every request it sends the API, with the secret only the distribution knows. */
export const ORIGIN_SECRET_HEADER = 'x-origin-verify';

/**
 * The network address a public page's per-address limits count: the
 * viewer's, from `CloudFront-Viewer-Address` (`ip:port`), when the request
 * came through CloudFront — known by the secret origin header the
 * distribution adds (env ORIGIN_SECRET) — and otherwise the caller's own.
 * Without the secret the header is ignored: anyone may send it.
 */
export function viewerAddress(event: HttpEvent, originSecret = process.env.ORIGIN_SECRET): string {
  const source = event.requestContext.http.sourceIp;
  const viewer = event.headers['cloudfront-viewer-address'];
  const presented = event.headers[ORIGIN_SECRET_HEADER];
  if (!originSecret || !viewer || !presented) return source;
  const a = Buffer.from(presented);
  const b = Buffer.from(originSecret);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return source;
  // "203.0.113.7:46532" or "2001:db8::8:46532": the address is all before the last colon.
  const cut = viewer.lastIndexOf(':');
  const address = cut > 0 ? viewer.slice(0, cut) : '';
  return /^[0-9a-fA-F.:]{2,45}$/.test(address) ? address : source;
}
