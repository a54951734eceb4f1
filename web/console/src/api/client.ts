import createClient, { type Middleware } from 'openapi-fetch';
import { clearSession, readSession } from '../lib/session';
import type { components, paths } from './schema';

export type ApiErrorBody = components['schemas']['Error']['error'];
export type ApiIssue = NonNullable<ApiErrorBody['issues']>[number];

/** A refusal by the API, carrying its `{error:{code,message,issues}}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ApiIssue[];
  constructor(status: number, body: Partial<ApiErrorBody> & { message?: string }) {
    super(body.message ?? `请求失败（${status}）`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? (status === 401 ? 'Unauthenticated' : 'Unknown');
    this.issues = body.issues ?? [];
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
    if (session) request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
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

/** The staff API, typed from its OpenAPI description (schema.d.ts, `npm run api:types`). */
export const api = createClient<paths>({ baseUrl: '/api', fetch: (request) => globalThis.fetch(request) });
api.use(auth);

/** A message for the person: the API's own, or a plain one. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return '请求失败';
}
