import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { consoleContentSecurityPolicy, CONSOLE_RUNTIME_CONFIG_PATH, LOCAL_CONSOLE_RUNTIME_CONFIG } from '../shared/resources/console.js';

/** Where the console lives locally: its Vite project and the build it serves. */
export interface ConsoleSite {
  /** web/console/dist (Vite's output). */
  distDir: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** One policy for both runtimes (shared/resources/console.ts); locally the console calls only its own origin. */
export const CONSOLE_CSP = consoleContentSecurityPolicy();

const COMMON_HEADERS = { 'x-content-type-options': 'nosniff' };
const HTML_HEADERS = { ...COMMON_HEADERS, 'cache-control': 'no-cache', 'content-security-policy': CONSOLE_CSP, 'referrer-policy': 'no-referrer' };
/** Vite names everything under assets/ by its content hash, so it never changes under one name. */
const HASHED_CACHE = 'public, max-age=31536000, immutable';

/**
 * Whether a request is the console's rather than the API's: anything under
 * /assets/, the console's runtime configuration (/config.json), and a
 * browser's page load (GET/HEAD accepting text/html) outside the API's own
 * prefixes. curl and fetch send `Accept: *\/*`, so they still reach the API
 * at its root paths.
 */
export function isConsoleRequest(method: string, pathname: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (pathname.startsWith('/assets/') || pathname === CONSOLE_RUNTIME_CONFIG_PATH) return true;
  if (/^\/(api|public|local)(\/|$)/.test(pathname)) return false;
  return /\btext\/html\b/i.test(accept ?? '');
}

/** Serves a console request: a file of the build, else index.html for the app's client-side routes. */
export function serveConsole(req: IncomingMessage, res: ServerResponse, site: ConsoleSite, pathname: string): void {
  const head = (req.method ?? 'GET').toUpperCase() === 'HEAD';
  // Not a file of the build: the one build serves every runtime, and this one signs in by the staff picker.
  if (pathname === CONSOLE_RUNTIME_CONFIG_PATH) return sendJson(res, LOCAL_CONSOLE_RUNTIME_CONFIG, head);
  const dist = resolve(site.distDir);
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return notBuilt(res, head);

  const file = fileInDist(dist, pathname);
  if (file) return sendFile(res, file, head, pathname.startsWith('/assets/') ? { ...COMMON_HEADERS, 'cache-control': HASHED_CACHE } : undefined);
  // A missing hashed asset is a stale page asking for an old build: 404, not the app's HTML.
  if (pathname.startsWith('/assets/')) return sendText(res, 404, 'Not Found', head);
  return sendFile(res, index, head);
}

/** The file the path names inside dist, or undefined: never anything outside it (../, encoded or not; symlinks out). */
function fileInDist(dist: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const candidate = resolve(dist, `.${decoded}`);
  if (!candidate.startsWith(dist + sep)) return undefined;
  try {
    if (!statSync(candidate).isFile()) return undefined;
    const real = realpathSync(candidate);
    return real.startsWith(realpathSync(dist) + sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

function sendFile(res: ServerResponse, file: string, head: boolean, headers?: Record<string, string>): void {
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const isHtml = type.startsWith('text/html');
  const size = statSync(file).size;
  res.writeHead(200, {
    'content-type': type,
    'content-length': String(size),
    ...(headers ?? (isHtml ? HTML_HEADERS : { ...COMMON_HEADERS, 'cache-control': 'no-cache' })),
  });
  if (head) return void res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function sendJson(res: ServerResponse, body: unknown, head: boolean): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': CONTENT_TYPES['.json']!, 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-cache', ...COMMON_HEADERS });
  res.end(head ? undefined : text);
}

function sendText(res: ServerResponse, status: number, text: string, head: boolean): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...COMMON_HEADERS });
  res.end(head ? undefined : text);
}

const NOT_BUILT = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>信访案件系统 — console not built</title></head>
<body><h1>The staff console is not built</h1>
<p>Build it with <code>npm run build:console</code> (or restart with <code>npm start</code>, which builds it when missing or stale), then reload this page.</p>
<p>The API answers under <code>/api/</code> meanwhile.</p></body></html>
`;

function notBuilt(res: ServerResponse, head: boolean): void {
  res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', ...HTML_HEADERS });
  res.end(head ? undefined : NOT_BUILT);
}
