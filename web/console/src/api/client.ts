import createClient, { type Middleware } from 'openapi-fetch';
import { runtimeConfig } from '../lib/runtime-config';
import { clearSession, readSession } from '../lib/session';
import type { components, paths } from './schema';

/** Where requests are addressed before /config.json's `apiBase` applies (the same on both runtimes today). */
const CONSOLE_API_BASE = '/api';

export type ApiErrorBody = components['schemas']['Error']['error'];
export type ApiIssue = NonNullable<ApiErrorBody['issues']>[number];

/**
 * Refusals staff read in the console's words, not the API's: a case the
 * reader may not see answers exactly as one that does not exist (没有登记编号为…),
 * and staff are told it may be either.
 */
const OWN_WORDS: ReadonlySet<string> = new Set(['CaseNotFound']);

/** A refusal by the API, carrying its `{error:{code,message,messageZh,issues}}`; `message` is what staff read. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ApiIssue[];
  /** The API's own words in Chinese, when it gave them (messageZh). */
  readonly messageZh: string | undefined;
  constructor(status: number, body: Partial<ApiErrorBody> & { message?: string }) {
    super((body.code && OWN_WORDS.has(body.code) ? undefined : body.messageZh) ?? chineseMessage(status, body.code, body.message));
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? (status === 401 ? 'Unauthenticated' : 'Unknown');
    this.issues = body.issues ?? [];
    this.messageZh = body.messageZh;
  }
}

/**
 * What staff read when the API gave no Chinese of its own (messageZh): the
 * refusal in Chinese by its code, with the API's English explanation after
 * it where that explanation is the substance (a rule, a lifecycle step); the
 * code alone where the API's words add nothing.
 */
const BY_CODE: Record<string, { text: string; withDetail: boolean }> = {
  CaseNotFound: { text: '未找到该信访事项，或您无权查看', withDetail: false },
  OutOfScope: { text: '您无权执行此操作', withDetail: false },
  Unauthenticated: { text: '登录已失效，请重新登录', withDetail: false },
  VersionConflict: { text: '该事项已被他人更新，请刷新后重试', withDetail: false },
  TooManyRequests: { text: '请求过于频繁，请稍后再试', withDetail: false },
  InvalidTransition: { text: '该事项当前的状态不允许此操作', withDetail: true },
  RuleViolation: { text: '该操作不符合办理规定', withDetail: true },
  IdempotencyKeyReused: { text: '该表单已提交过另一件信访事项，请刷新后重新填写', withDetail: false },
  InvalidInput: { text: '填写的内容有误', withDetail: true },
  AttachmentNotFound: { text: '该附件不存在', withDetail: false },
  HandoffNotFound: { text: '该事项没有这条移交指令', withDetail: false },
  OriginalEmailNotFound: { text: '该事项没有这封原邮件', withDetail: false },
  AttachmentTooLarge: { text: '附件超过 4 MB，无法在控制台下载，请联系系统管理员调取原件', withDetail: false },
  ReceptionSessionNotFound: { text: '轮值表中没有该接待场次', withDetail: false },
  ReceptionBookingNotFound: { text: '该场接待没有这条预约', withDetail: false },
  ReceptionFull: { text: '该场接待名额已满，请选择其他接待日', withDetail: false },
};

const GATEWAY_GAVE_UP: ReadonlySet<number> = new Set([502, 503, 504]);

export function chineseMessage(status: number, code: string | undefined, detail: string | undefined): string {
  const known = code ? BY_CODE[code] : undefined;
  // API Gateway's own answers when the function ran past its time or could not be reached: English, and no code.
  if (!known && GATEWAY_GAVE_UP.has(status)) return `服务器暂时未能答复（${status}），请稍后再试`;
  if (!known) return detail ? `请求失败（${status}）：${detail}` : `请求失败（${status}）`;
  return known.withDetail && detail ? `${known.text}（${detail}）` : known.text;
}

/**
 * A field problem in Chinese, by its kind; where the message is the
 * substance (a rule), the API's own Chinese (messageZh), else its English.
 * Shown next to its field, so the field's label is not repeated.
 */
export function issueText(issue: ApiIssue): string {
  switch (issue.kind) {
    case 'missing':
      return '此项必填';
    case 'tooShort':
      return issue.limit === undefined ? '太短或太小' : `不能少于 ${issue.limit}`;
    case 'tooLong':
      return issue.limit === undefined ? '太长或太大' : `不能多于 ${issue.limit}`;
    case 'format':
      return '格式不正确';
    case 'choice':
      return '请从列表中选择';
    default:
      return issue.messageZh ?? issue.message;
  }
}

/** Called on a 401: the session is cleared, and the app goes to /login. */
let onUnauthenticated: () => void = () => {
  if (typeof window !== 'undefined' && window.location.pathname !== '/login') window.location.assign('/login');
};
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

const auth: Middleware = {
  onRequest({ request }) {
    const session = readSession();
    // A request may bring its own token: the sign-in asks GET /me before the token is the session's.
    if (session && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${session.token}`);
    return atApiBase(request);
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    let body: { error?: Partial<ApiErrorBody>; message?: string } = {};
    try {
      body = (await response.clone().json()) as typeof body;
    } catch {
      // Not JSON (a proxy's page, say): the status tells.
    }
    if (response.status === 401) {
      clearSession();
      onUnauthenticated();
    }
    throw new ApiError(response.status, body.error ?? { message: body.message });
  },
};

/** The client addresses /api; /config.json may put the API elsewhere on the console's origin, or on its own (CloudFront China). */
function atApiBase(request: Request): Request {
  const { apiBase } = runtimeConfig();
  if (apiBase === CONSOLE_API_BASE) return request;
  const url = new URL(request.url);
  const base = new URL(apiBase, url);
  url.protocol = base.protocol;
  url.host = base.host;
  url.pathname = `${base.pathname.replace(/\/$/, '')}${url.pathname.slice(CONSOLE_API_BASE.length)}`;
  return new Request(url, request);
}

/** The staff API, typed from its OpenAPI description (schema.d.ts, `npm run api:types`). */
export const api = createClient<paths>({ baseUrl: CONSOLE_API_BASE, fetch: (request) => globalThis.fetch(request) });
api.use(auth);

/** A message for the person: the API's own (in Chinese where it gave it, ApiError), or a plain one. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return '请求失败';
}
