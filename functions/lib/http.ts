import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import type { Actor } from '../../shared/domain/access.js';
import { DomainError, InvalidInput, OutOfScope, Unauthenticated, VersionConflict, type InputIssue } from '../../shared/domain/errors.js';
import { formatPath, type Province } from '../../shared/config/province.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** HTTP status for each domain error code; anything else is a 500. */
export const STATUS_BY_CODE: Record<string, number> = {
  InvalidInput: 400,
  Unauthenticated: 401,
  OutOfScope: 403,
  CaseNotFound: 404,
  UnknownJurisdiction: 404,
  UnknownUnit: 404,
  RouteNotFound: 404,
  ReceptionSessionNotFound: 404,
  ReceptionBookingNotFound: 404,
  AttachmentNotFound: 404,
  HandoffNotFound: 404,
  HeldEmailNotFound: 404,
  OriginalEmailNotFound: 404,
  InvalidTransition: 409,
  VersionConflict: 409,
  ReceptionFull: 409,
  RuleViolation: 422,
  IdempotencyKeyReused: 422,
  AttachmentTooLarge: 413,
  TooManyRequests: 429,
};

/**
 * A jurisdiction or unit the request body names that does not exist is a mistake in the request (422, with the
 * field), not a missing resource at the URL (404, as for /jurisdictions/{code}).
 */
function statusOf(error: DomainError): number {
  if (error.field !== undefined && (error.code === 'UnknownJurisdiction' || error.code === 'UnknownUnit')) return 422;
  return STATUS_BY_CODE[error.code] ?? 500;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** A page for a person (the printable decision letter, the follow-up answer). */
export function html(statusCode: number, body: string, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'", ...headers },
    body,
  };
}

/**
 * A file to save, as a Lambda proxy answer: the bytes base64-encoded (API
 * Gateway and the local gateway decode them), never sniffed as another type,
 * and named for the save dialog in UTF-8 (RFC 6266 / RFC 5987) with a plain
 * ASCII name for clients that read only `filename`.
 */
export function download(body: Uint8Array, contentType: string, filename: string): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': contentDisposition(filename),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
    body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64'),
    isBase64Encoded: true,
  };
}

/** `attachment; filename="…"; filename*=UTF-8''…`: the ASCII fallback keeps the extension; the UTF-8 name is exact. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_') || 'attachment';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(filename)}`;
}

/** RFC 5987 ext-value characters: percent-encoded UTF-8 except attr-char (encodeURIComponent leaves ' ( ) * unescaped). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Text into HTML: the five characters that could start markup are escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** The staff id the verified token names (Cognito's `username`), if any. */
export function claimedStaffId(event: HttpEvent): string | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const staffId = claims.username ?? claims['cognito:username'];
  return typeof staffId === 'string' && staffId !== '' ? staffId : undefined;
}

/** The one place where errors become HTTP responses. */
export function httpErrors(logger: Logger): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: async (request) => {
      const error = request.error;
      if (error instanceof DomainError) {
        const status = statusOf(error);
        logger.info('request refused', { code: error.code, status });
        request.response = json(status, {
          error: { code: error.code, message: error.message, ...(error.chinese ? { messageZh: error.chinese } : {}), ...issuesOf(error), ...currentOf(error) },
        });
        return;
      }
      if (isRouteNotFound(error)) {
        request.response = json(404, { error: { code: 'RouteNotFound', message: 'no such route' } });
        return;
      }
      if (isTimedOut(error)) {
        logger.warn('request not completed in time', { error: error as Error });
        request.response = timedOut(request.event);
        return;
      }
      logger.error('request failed', { error: error as Error });
      request.response = json(500, { error: { code: 'InternalError', message: 'something went wrong; the request was not completed' } });
    },
  };
}

/** Seconds a caller is asked to wait before trying a request again that was not completed in time. */
const TIMED_OUT_RETRY_AFTER_SECONDS = 2;

/**
 * The function ran out of time (middy answers just before Lambda would stop it): the work may have gone on — a case
 * may be stored — so it is no 500 but 503 with Retry-After, as the gateway answers when the function gives no answer:
 * the same request again, with its Idempotency-Key or the form's token, answers what was done or does it once.
 */
function isTimedOut(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError' && (error.cause as { package?: unknown } | undefined)?.package === '@middy/core';
}

function timedOut(event: HttpEvent | undefined): HttpResult {
  const headers = { 'retry-after': String(TIMED_OUT_RETRY_AFTER_SECONDS) };
  // A person's browser (the citizen portal's forms) gets a page, not JSON.
  if (/text\/html/.test(event?.headers?.['accept'] ?? '')) {
    return html(
      503,
      '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>系统繁忙</title></head><body><h1>系统繁忙，请稍后重试</h1><p>您的请求未能在时限内完成，可能已经处理。请稍候片刻，返回上一页再提交一次：同一张表单再次提交不会重复登记。</p></body></html>',
      headers,
    );
  }
  return json(
    503,
    {
      error: {
        code: 'TimedOut',
        message: 'the request was not completed in time and may have gone on: try it again with the same Idempotency-Key',
        messageZh: '请求未能在时限内完成，可能已经处理，请稍后重试',
      },
    },
    headers,
  );
}

/** One problem as the API answers it: its Chinese, where it has one, as `messageZh`. */
type IssueBody = Omit<InputIssue, 'chinese'> & { messageZh?: string };

/** The problems to show at fields: the schema's, or the one field a rule's refusal names (in its words, both languages). */
function issuesOf(error: DomainError): { issues?: IssueBody[] } {
  if (error instanceof InvalidInput) return { issues: error.issues.map(({ chinese, ...issue }) => (chinese ? { ...issue, messageZh: chinese } : issue)) };
  return error.field ? { issues: [{ path: `body.${error.field}`, message: error.message, kind: 'rule', ...(error.chinese ? { messageZh: error.chinese } : {}) }] } : {};
}

/** A version conflict says what changed since the version the caller decided on, where that is known. */
function currentOf(error: DomainError): { current?: { version: unknown; status: unknown; changes: unknown } } {
  if (!(error instanceof VersionConflict) || error.details.currentVersion === undefined) return {};
  return { current: { version: error.details.currentVersion, status: error.details.currentStatus, changes: error.details.changes } };
}

function isRouteNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === 404;
}

/** Parses `value` with `schema`, or throws InvalidInput listing each problem with its path. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  // reportInput: zod 4 leaves the given value out of an issue otherwise, and kindOf needs it to tell "missing" from "wrong type".
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const pathOf = (path: readonly PropertyKey[]) => (path.length > 0 ? `${where}.${formatPath(path)}` : where);
  const issues = result.error.issues.flatMap((issue): InputIssue[] =>
    // A field the request may not carry is named itself (body.extra), not the object around it.
    // (A schema's own words for such a field stand, at the place it gave them.)
    issue.code === 'unrecognized_keys' && issue.message.startsWith('Unrecognized key')
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: `Unrecognized key: "${key}"`, kind: 'rule', chinese: `该请求没有“${key}”这一项` }))
      : [{ path: pathOf(issue.path), message: messageOf(issue), ...kindOf(issue), ...chineseOf(issue) }],
  );
  throw new InvalidInput(`the ${where} has ${issues.length} problem${issues.length === 1 ? '' : 's'}`, issues).inChinese(`填写的内容有 ${issues.length} 处问题`);
}

/** Zod's message, but a field left out says so plainly rather than "expected string, received undefined". */
function messageOf(issue: z.core.$ZodIssue): string {
  // A schema's own words for it stand.
  if (issue.code !== 'invalid_type' || issue.input !== undefined || !issue.message.startsWith('Invalid input: expected')) return issue.message;
  const what = issue.expected === 'string' ? 'a text' : issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`;
  return `required: give ${what}`;
}

/** A rule's own Chinese, given by the schema as `params: { zh }` on its refinement: screens show it instead of the English. */
function chineseOf(issue: z.core.$ZodIssue): Pick<InputIssue, 'chinese'> {
  const zh = issue.code === 'custom' ? (issue.params as { zh?: unknown } | undefined)?.zh : undefined;
  return typeof zh === 'string' ? { chinese: zh } : {};
}

/** What kind of problem a zod issue is, for screens that say it in Chinese (InputIssue). */
function kindOf(issue: z.core.$ZodIssue): Pick<InputIssue, 'kind' | 'limit'> {
  switch (issue.code) {
    case 'invalid_type':
      return { kind: issue.input === undefined || issue.input === null ? 'missing' : 'format' };
    case 'too_small':
      // A required text left empty is "missing", not "too short by one".
      return issue.origin === 'string' && Number(issue.minimum) === 1 ? { kind: 'missing' } : { kind: 'tooShort', limit: Number(issue.minimum) };
    case 'too_big':
      return { kind: 'tooLong', limit: Number(issue.maximum) };
    case 'invalid_format':
      return { kind: 'format' };
    case 'invalid_value':
    case 'invalid_union':
      return { kind: 'choice' };
    default:
      return { kind: 'rule' };
  }
}

/** The JSON body; `fallback` for actions whose body is optional (e.g. accept with no category). */
export function jsonBody(event: HttpEvent, fallback?: unknown): unknown {
  if (!event.body) {
    if (fallback !== undefined) return fallback;
    throw new InvalidInput('the request needs a JSON body', [{ path: 'body', message: 'missing' }]).inChinese('请求缺少 JSON 内容');
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInput('the body is not valid JSON', [{ path: 'body', message: (error as Error).message }]).inChinese('请求内容不是有效的 JSON');
  }
}

/**
 * The acting staff member. The token was verified before the handler runs (the
 * HTTP API's JWT authorizer on AWS, the local runtime's stand-in locally); the
 * staff id is the Cognito `username` claim.
 */
export function actorOf(event: HttpEvent, province: Province): Actor {
  const staffId = claimedStaffId(event);
  if (staffId === undefined) {
    throw new Unauthenticated('a bearer token identifying a staff member is required').inChinese('需要登录：请求未附带工作人员的身份令牌');
  }
  const staff = province.staff(staffId);
  if (!staff) throw new OutOfScope(`${staffId} is not a configured staff member`).inChinese(`${staffId} 不是系统中配置的工作人员`);
  return { staffId, jurisdiction: staff.jurisdiction, roles: staff.roles, ...(staff.unit ? { unit: staff.unit } : {}) };
}
