import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { isConsoleRequest, serveConsole, type ConsoleSite } from './console-assets.js';
import type { LocalAuth } from './local-auth.js';

export type HttpHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyResultV2>;

/** Routes served by the local runtime itself (never deployed). */
export type LocalRoute = (request: { method: string; path: string; query: URLSearchParams; body: string }) => Promise<{
  status: number;
  body: unknown;
}>;

const MAX_BODY_BYTES = 10 * 1024 * 1024; // the HTTP API payload limit
const TEXT_TYPES = /^(application\/(json|x-www-form-urlencoded|xml)|text\/)/i;

/** Seconds a throttled or timed-out caller is asked to wait before trying again. */
const RETRY_AFTER_SECONDS = '1';

export interface GatewayOptions {
  host: string;
  port: number;
  auth: LocalAuth;
  handler: HttpHandler;
  context: () => Context;
  localRoutes: Record<string, LocalRoute>;
  /**
   * API invocations in flight at once. A request beyond it is answered at once with
   * API Gateway's throttling answer, `429 {"message":"Too Many Requests"}` and
   * Retry-After, before any work is done; nothing waits in a queue, so the timeout
   * below only ever measures the function's own work. /local/ routes are not counted.
   */
  maxConcurrency: number;
  /**
   * The function's timeout: without an answer by then the caller gets `503
   * {"message":"Service Unavailable"}` and Retry-After, as API Gateway does when its
   * integration times out (the work may still complete; the slot stays taken until it does).
   */
  timeoutSeconds: number;
  onError: (error: unknown) => void;
  /**
   * The staff console's build, served to browsers' page loads and under /assets/
   * (as CloudFront serves it from S3 on AWS); absent, every request goes to the API.
   */
  console?: ConsoleSite;
}

/** The console calls the API under this prefix, as behind CloudFront; the root paths stay for curl and tests. */
const API_PREFIX = '/api';

/**
 * The local stand-in for API Gateway (HTTP API, payload format 2.0, JWT
 * authorizer): every request outside /local/ becomes the event the API
 * function receives on AWS (under /api/ with the prefix stripped); browsers'
 * page loads get the staff console.
 */
export function startHttpGateway(opts: GatewayOptions): Promise<{ server: Server; url: string }> {
  let inFlight = 0;
  const server = createServer((req, res) => {
    if (opts.console) {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (isConsoleRequest((req.method ?? 'GET').toUpperCase(), pathname, header(req, 'accept'))) {
        req.resume();
        try {
          return serveConsole(req, res, opts.console, pathname);
        } catch (error) {
          opts.onError(error);
          if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
          return;
        }
      }
    }
    const local = (req.url ?? '/').startsWith('/local/');
    if (!local && inFlight >= opts.maxConcurrency) {
      req.resume(); // the body is not read: the request is refused as it arrives
      return send(res, 429, { message: 'Too Many Requests' }, { 'retry-after': RETRY_AFTER_SECONDS });
    }
    if (!local) inFlight += 1;
    serve(req, res, opts)
      .catch((error) => {
        opts.onError(error);
        if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      })
      .finally(() => {
        if (!local) inFlight -= 1;
      });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      resolve({ server, url: `http://${opts.host}:${port}` });
    });
  });
}

/** Settles only when the invocation has finished, even after a 503, so the concurrency slot is held as long as the work runs. */
async function serve(req: IncomingMessage, res: ServerResponse, opts: GatewayOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const body = await readBody(req);
  if (body === undefined) return send(res, 413, { message: 'Request Entity Too Large' });
  const method = (req.method ?? 'GET').toUpperCase();

  // /api/local/… is not the local routes: those stay at the root, never deployed.
  const prefixed = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
  if (prefixed) url.pathname = url.pathname.slice(API_PREFIX.length) || '/';
  else if (url.pathname.startsWith('/local/')) {
    const route = opts.localRoutes[`${method} ${url.pathname}`];
    if (!route) return send(res, 404, { message: 'Not Found' });
    const answer = await route({ method, path: url.pathname, query: url.searchParams, body: body.toString('utf8') });
    return send(res, answer.status, answer.body);
  }

  // As on AWS, where the /public/ routes have no authorizer: citizens use them without an account.
  const isPublic = url.pathname.startsWith('/public/');
  const claims = isPublic ? undefined : await opts.auth.verify(header(req, 'authorization'));
  if (!claims && !isPublic) return send(res, 401, { message: 'Unauthorized' });

  const event = toEvent(req, url, body, method, claims);
  const invocation = opts.handler(event, opts.context());
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), opts.timeoutSeconds * 1000);
  });
  const result = await Promise.race([invocation, timedOut]).finally(() => clearTimeout(timer));
  if (result === 'timeout') {
    send(res, 503, { message: 'Service Unavailable' }, { 'retry-after': RETRY_AFTER_SECONDS });
    opts.onError(new Error(`no answer within ${opts.timeoutSeconds} s: answered 503 (the invocation goes on)`));
    await invocation.catch((error: unknown) => opts.onError(error));
    return;
  }
  if (typeof result === 'string' || result === undefined || !('statusCode' in (result as object))) {
    return send(res, 200, result ?? null);
  }
  const structured = result as Exclude<APIGatewayProxyResultV2, string>;
  const headers: Record<string, string | string[]> = { ...(structured.headers as Record<string, string>) };
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  res.writeHead(structured.statusCode ?? 200, headers);
  res.end(structured.body === undefined ? undefined : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8'));
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  method: string,
  claims: Record<string, string> | undefined,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(',');
  const binary = body.length > 0 && !TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
  const now = new Date();
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);
  return {
    version: '2.0',
    routeKey: 'ANY /{proxy+}',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    pathParameters: { proxy: url.pathname.replace(/^\//, '') },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      // A public route's event has no authorizer context at all.
      ...(claims
        ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: claims.scope ? claims.scope.split(' ') : [] } } }
        : ({} as { authorizer: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'] })),
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: 'ANY /{proxy+}',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: body.toString(binary ? 'base64' : 'utf8') } : {}),
    isBase64Encoded: binary,
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
