import type * as z from 'zod';
import type { ArchiveDeps } from '../../shared/app/closing/closing.js';
import type { DecisionDeps } from '../../shared/app/handoff/decisions.js';
import type { OperationsDeps } from '../../shared/app/operations.js';
import type { HeldMailStore } from '../../shared/app/held-mail.js';
import type { Clock, DestructionRegister } from '../../shared/app/ports.js';
import type { ReceptionDeps } from '../../shared/app/reception.js';
import type { RegisterDeps } from '../../shared/app/register-case.js';
import type { StatisticsDeps } from '../../shared/app/statistics.js';
import type { Actor } from '../../shared/domain/access.js';
import { actorOf, jsonBody, parseInput, type HttpEvent, type HttpResult } from '../lib/http.js';
import { InvalidInput } from '../../shared/domain/errors.js';

/**
 * How a route of the staff API is defined: once, with its method, path,
 * handler and its OpenAPI description. routes.ts gives the router these
 * routes and openapi.ts builds the document from the same ones, so a route
 * cannot be served undescribed, and the schemas the document shows are the
 * ones the handler's `params()`, `query()` and `body()` parse with.
 */

/** Everything the API's use cases need; created once per container (handler.ts). */
export type ApiDeps = DecisionDeps &
  RegisterDeps &
  ReceptionDeps &
  StatisticsDeps &
  ArchiveDeps & { clock: Clock; operations: OperationsDeps; register: Pick<DestructionRegister, 'destructionsOf'>; held: HeldMailStore };

/** The document's tags, in the order tools show them; each route names at least one. */
export const TAGS = [
  { name: 'Cases', description: 'Registering, reading and listing cases.' },
  { name: 'Decisions', description: 'Accept, decline, redirect, claim, the triage decision and extensions: take effect at once.' },
  { name: 'Handoff', description: 'Assign (交办), transfer (转办) and return (退回): checked at once, applied through the handoff queue (202).' },
  { name: 'Closing', description: 'Conclude, reply, review and re-review, follow-up, close, archive, recusal and the audit trail.' },
  { name: 'Reception days', description: 'Leader reception days (领导接待日): the public schedule and bookings, and the staff side.' },
  { name: 'Directory', description: 'Who is who: jurisdictions, offices, units and staff by name, and the caller.' },
  { name: 'Statistics', description: 'Figures of a jurisdiction for a period, as JSON or CSV.' },
  { name: 'Administration', description: 'For administrators: the configuration as loaded, queue depths, redriving dead letters, replaying stored mail, their audit trail, and the destruction register.' },
  { name: 'Public', description: 'No token: citizens use these without an account.' },
  { name: 'Documentation', description: 'This description of the API.' },
] as const;
export type Tag = (typeof TAGS)[number]['name'];

/** Refusals a route may answer besides 401 (staff routes) and 500 (every route). */
export type ErrorStatus = 400 | 403 | 404 | 409 | 413 | 422 | 429;

/**
 * Paths under /public/ need no token: the gateway has no authorizer there
 * (infra/constructs/api.ts, local/http-gateway.ts) and the function checks
 * none (app.ts). Every other path needs a staff token.
 */
export const isPublic = (path: string): boolean => path.startsWith('/public/');

export interface ApiResponse {
  status: number;
  description: string;
  /** Media types of the answer; JSON unless said otherwise; `file` is a download in the file's own type. */
  media?: ('json' | 'html' | 'csv' | 'file')[];
  /** The JSON answer's shape, where the document describes it. */
  schema?: z.ZodType;
  /** Description of the Location header, if the answer sets one. */
  location?: string;
}

export interface ApiBody<S = z.ZodType> {
  schema: S;
  description?: string;
  /** No body is read as `{}` (e.g. accept without a category). */
  optional?: boolean;
  /** JSON unless said otherwise; with `form`, a form post (or JSON, by its content type); `multipart`, a form post with files (read by the route itself). */
  media?: ('json' | 'form' | 'multipart')[];
}

/** What the OpenAPI document says of a route: its definition without the handler. */
export interface RouteDescription {
  method: 'GET' | 'POST';
  /** The path as the router matches it, with {placeholders}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: [Tag, ...Tag[]];
  /** The path parameters; one property per {placeholder}. */
  params?: z.ZodType;
  query?: z.ZodType;
  headers?: { name: string; schema: z.ZodType; description: string }[];
  /** Descriptions of path and query parameters, by name. */
  describe?: Record<string, string>;
  body?: ApiBody;
  responses: [ApiResponse, ...ApiResponse[]];
  errors: ErrorStatus[];
  /** The refusals are pages for a person (text/html), not the JSON error: what each says. */
  pageRefusals?: Partial<Record<ErrorStatus, string>>;
}

/** A route as the table holds it: described, with its handler. */
export interface ApiRoute extends RouteDescription {
  handler: (event: HttpEvent, deps: ApiDeps) => Promise<HttpResult>;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : never;

/**
 * What a handler gets. Each input is parsed when the handler asks for it, with
 * the route's own schema (400 with every problem and its path, as `path.…`,
 * `query.…`, `body.…` or `form.…`), so the handler decides the order in which
 * the caller, the path and the body are checked.
 */
export interface RouteInput<P, Q, B> {
  event: HttpEvent;
  deps: ApiDeps;
  /** The staff member the verified token names (401 without one, 403 if not configured). */
  actor: () => Actor;
  params: () => Parsed<P>;
  query: () => Parsed<Q>;
  body: () => Parsed<B>;
}

export type RouteDefinition<P, Q, B> = Omit<RouteDescription, 'params' | 'query' | 'body'> & {
  params?: P;
  query?: Q;
  body?: ApiBody<B>;
  handler: (input: RouteInput<P, Q, B>) => Promise<HttpResult>;
};

/** One route of the API: how it is described and what it does. */
export function defineRoute<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  definition: RouteDefinition<P, Q, B>,
): ApiRoute {
  const { handler, ...description } = definition;
  const declared = <S>(schema: S | undefined, what: string): S => {
    if (schema === undefined) throw new Error(`${definition.method} ${definition.path} reads ${what} it does not declare`);
    return schema;
  };
  return {
    ...(description as RouteDescription),
    handler: async (event, deps) => {
      if (definition.body === undefined && definition.method !== 'GET') refuseBody(event);
      return handler({
        event,
        deps,
        actor: () => actorOf(event, deps.province),
        params: () => parseInput(declared(definition.params, 'path parameters') as z.ZodType, event.pathParameters ?? {}, 'path') as Parsed<P>,
        query: () => parseInput(declared(definition.query, 'a query') as z.ZodType, event.queryStringParameters ?? {}, 'query') as Parsed<Q>,
        body: () => readBody(declared(definition.body, 'a body') as ApiBody, event) as Parsed<B>,
      });
    },
  };
}

/**
 * An action that takes no body (结案, 归档, 答复…) refuses one with content, so
 * that a note a caller meant to record is not silently dropped; nothing, `{}`
 * or `null` is fine.
 */
function refuseBody(event: HttpEvent): void {
  if (!event.body || event.body.trim() === '') return;
  const given = jsonBody(event);
  if (given === null) return;
  const keys = typeof given === 'object' && !Array.isArray(given) ? Object.keys(given) : undefined;
  if (keys?.length === 0) return;
  const issues = keys ? keys.map((key) => ({ path: `body.${key}`, message: `Unrecognized key: "${key}" (this action takes no body)`, kind: 'format' as const })) : [{ path: 'body', message: 'this action takes no body', kind: 'format' as const }];
  throw new InvalidInput(`the body has ${issues.length} problem${issues.length === 1 ? '' : 's'}`, issues).inChinese(`请求内容有 ${issues.length} 处问题`);
}

function readBody(body: ApiBody, event: HttpEvent): unknown {
  if (body.media?.includes('form')) return parseInput(body.schema, formBody(event), 'form');
  return parseInput(body.schema, jsonBody(event, body.optional ? {} : undefined), 'body');
}

/** The form body (application/x-www-form-urlencoded), or JSON. */
function formBody(event: HttpEvent): Record<string, string> {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if ((event.headers['content-type'] ?? '').includes('application/json')) return jsonBody(event) as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(raw));
}
