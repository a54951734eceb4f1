import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { HttpEvent } from '../lib/http.js';

/**
 * The portal's first-party browser id: a random value (256 bits) the form
 * page leaves in a cookie of the portal's own, so that an anonymous petition
 * sent again from a fresh form in the same browser (Back, then 提交) is known
 * as the one already registered (submitWebPetition). It names no one and is
 * never logged; only its hash is stored, in the resend key, which expires.
 * Without it (cookies blocked) the portal works as it always did.
 */
export const PORTAL_BROWSER_COOKIE = 'xf_portal_browser';

/** The portal's paths only: the staff console and API never receive it. */
const COOKIE_PATH = '/public';
/** Long-lived (a year; browsers cap a cookie's life at 400 days). */
const COOKIE_MAX_AGE_SECONDS = 365 * 86_400;

/** 32 random bytes, base64url: 43 characters. Anything else in the cookie is ignored, as if there were none. */
const browserIdSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const newBrowserId = (): string => randomBytes(32).toString('base64url');

/** The browser id the request carries, when it carries a well-formed one. */
export function portalBrowserId(event: HttpEvent): string | undefined {
  // API Gateway's payload 2.0 gives the cookies apart (event.cookies); a Cookie header is read as well.
  const pairs = [...(event.cookies ?? []), ...(event.headers?.cookie?.split(';') ?? [])];
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== PORTAL_BROWSER_COOKIE) continue;
    const parsed = browserIdSchema.safeParse(pair.slice(at + 1).trim());
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

/**
 * The Set-Cookie value that gives a browser its id: HttpOnly (no script
 * reads it), SameSite=Lax (not sent with another site's posts), Secure when
 * the page was asked for over https, and only for the portal's paths.
 */
export function browserIdCookie(event: HttpEvent, id: string): string {
  const https = (event.headers?.['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase() === 'https';
  return `${PORTAL_BROWSER_COOKIE}=${id}; Path=${COOKIE_PATH}; Max-Age=${COOKIE_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${https ? '; Secure' : ''}`;
}

/** The cookie to set on the form page: none when the browser has its id already. */
export function browserIdCookies(event: HttpEvent): string[] {
  return portalBrowserId(event) ? [] : [browserIdCookie(event, newBrowserId())];
}
