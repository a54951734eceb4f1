import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../local/console-assets.js';
import { consoleBuildReason, consolePaths, markBuiltAt } from '../../local/console-build.js';
import { startHttpGateway, type HttpHandler } from '../../local/http-gateway.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { LocalAuth } from '../../local/local-auth.js';
import { consoleRuntimeConfigSchema } from '../../shared/resources/console.js';
import { REPO_ROOT } from '../../infra/paths.js';
import { removeDir } from './helpers.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** A raw request: fetch would normalise `..` out of the path before sending it. */
function raw(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.path = path;
    req.end();
  });
}

describe('the local gateway serves the staff console and the API under /api', () => {
  let dir: string;
  let dist: string;
  let calls: { path: string; authorized: boolean }[];
  let url: string;
  let token: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xinfang-console-'));
    dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>信访案件系统</title><script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'secret.txt'), 'outside dist');
    symlinkSync(join(dir, 'secret.txt'), join(dist, 'linked.txt'));
    calls = [];
    const handler: HttpHandler = async (event) => {
      calls.push({ path: event.rawPath, authorized: Boolean(event.requestContext.authorizer) });
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: event.rawPath, query: event.rawQueryString }) };
    };
    const auth = LocalAuth.fromDataDir(join(dir, 'jwt'));
    token = await auth.issue('hz-registrar');
    const { server, url: base } = await startHttpGateway({
      host: '127.0.0.1',
      port: 0,
      auth,
      handler,
      context: () => lambdaContext('test-api', 5, 'us-east-1'),
      localRoutes: { 'GET /local/config': async () => ({ status: 200, body: { local: true } }) },
      maxConcurrency: 10,
      timeoutSeconds: 5,
      onError: () => undefined,
      console: { distDir: dist },
    });
    url = base;
    close = () => new Promise((done) => server.close(() => done()));
  });

  afterAll(async () => {
    await close?.();
    removeDir(dir);
  });

  it('passes /api/<path> to the API function with the prefix stripped, and keeps the root paths', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const prefixed = await fetch(`${url}/api/cases/330122-2026-000001?view=full`, { headers: auth });
    expect(await prefixed.json()).toEqual({ path: '/cases/330122-2026-000001', query: 'view=full' });
    const root = await fetch(`${url}/cases?status=registered`, { headers: auth });
    expect(await root.json()).toEqual({ path: '/cases', query: 'status=registered' });
    // Public routes stay without authorizer under the prefix too; staff routes still need a token.
    expect((await fetch(`${url}/api/public/reception-days`)).status).toBe(200);
    expect(calls.at(-1)).toEqual({ path: '/public/reception-days', authorized: false });
    expect((await fetch(`${url}/api/statistics`)).status).toBe(401);
    // The local routes stay at the root only; the API never sees them under /api.
    expect(await (await fetch(`${url}/local/config`, { headers: { accept: HTML } })).json()).toEqual({ local: true });
    expect((await fetch(`${url}/api/local/config`)).status).toBe(401);
  });

  it('answers a browser page load with index.html, with no-cache, a strict CSP and nosniff', async () => {
    for (const path of ['/', '/cases/330122-2026-000001', '/login?next=%2Fcases']) {
      const page = await fetch(`${url}${path}`, { headers: { accept: HTML } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await page.text()).toContain('<title>信访案件系统</title>');
    }
    expect(CONSOLE_CSP).toContain("script-src 'self';");
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
    const head = await fetch(`${url}/cases`, { method: 'HEAD', headers: { accept: HTML } });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    // Without text/html (curl, fetch) the same path is the API's.
    expect((await fetch(`${url}/cases`)).status).toBe(401);
    // A browser's navigation under /api/ or /public/ is never the console.
    expect((await fetch(`${url}/public/x`, { headers: { accept: HTML } })).headers.get('content-type')).toBe('application/json');
  });

  it('answers /config.json with the staff picker (the one build serves every runtime), whatever Accept says', async () => {
    const config = await fetch(`${url}/config.json`);
    expect(config.status).toBe(200);
    expect(config.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(config.headers.get('cache-control')).toBe('no-cache');
    const body: unknown = await config.json();
    expect(body).toEqual({ auth: { kind: 'picker' }, apiBase: '/api' });
    expect(consoleRuntimeConfigSchema.safeParse(body).success).toBe(true);
    // Not a file of the build and never the API's: no call reached the function.
    expect(calls.some((c) => c.path === '/config.json')).toBe(false);
  });

  it('serves the build\'s files with their types, hashed assets for a year, whatever Accept says', async () => {
    const js = await fetch(`${url}/assets/index-abc123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('console.log(1)');
    expect((await fetch(`${url}/assets/index-abc123.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await fetch(`${url}/favicon.svg`, { headers: { accept: HTML } });
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    // An asset of an older build: 404, not index.html parsed as a script.
    expect((await fetch(`${url}/assets/index-old.js`)).status).toBe(404);
  });

  it('never serves a file outside dist', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/linked.txt', '/assets/%00x']) {
      const answer = await raw(url, path, { accept: HTML });
      expect(answer.body, path).not.toContain('outside dist');
    }
  });

  it('says how to build the console when dist is missing', async () => {
    rmSync(join(dist, 'index.html'));
    try {
      const page = await fetch(`${url}/cases`, { headers: { accept: HTML } });
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('npm run build:console');
    } finally {
      writeFileSync(join(dist, 'index.html'), '<!doctype html><title>信访案件系统</title>');
    }
  });
});

describe('npm start rebuilds the console only when its build is missing or stale', () => {
  it('compares dist/index.html with the sources and the shared code they import, ignoring component tests', () => {
    const root = mkdtempSync(join(tmpdir(), 'xinfang-console-build-'));
    try {
      const paths = consolePaths(root);
      const at = (file: string, seconds: number) => {
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, 'x');
        utimesSync(file, seconds, seconds);
      };
      at(join(paths.dir, 'src', 'pages', 'Login', 'index.tsx'), 1_000);
      at(join(paths.dir, 'index.html'), 1_000);
      at(paths.configFile, 1_000);
      expect(consoleBuildReason(paths)).toBe('not built yet');
      at(join(paths.distDir, 'index.html'), 2_000);
      expect(consoleBuildReason(paths)).toBeUndefined();
      at(join(paths.dir, 'src', 'pages', 'Login', 'Login.test.tsx'), 3_000);
      at(join(paths.dir, 'src', 'test', 'render.tsx'), 3_000);
      expect(consoleBuildReason(paths)).toBeUndefined();
      at(join(paths.dir, 'src', 'pages', 'Login', 'index.tsx'), 3_000);
      expect(consoleBuildReason(paths)).toMatch(/Login[\\/]index\.tsx changed since the last build$/);
      at(join(paths.distDir, 'index.html'), 4_000);
      at(paths.configFile, 5_000);
      expect(consoleBuildReason(paths)).toMatch(/vite\.config\.ts changed/);
      // The shared rules the console imports (its work lists, deadlines, icon) are in the build too.
      at(join(paths.distDir, 'index.html'), 5_100);
      at(join(root, 'shared', 'domain', 'work-lists.ts'), 5_200);
      expect(consoleBuildReason(paths)).toMatch(/shared[\\/]domain[\\/]work-lists\.ts changed/);

      // A build started at 6,000 s finishes at 6,020 s; a page saved at 6,010 s, while Vite was
      // building, may not be in it: the build is dated by its start, so that page still counts as newer.
      at(join(paths.distDir, 'index.html'), 6_020);
      at(join(paths.dir, 'src', 'pages', 'Login', 'index.tsx'), 6_010);
      expect(consoleBuildReason(paths)).toBeUndefined();
      markBuiltAt(paths, 6_000_000);
      expect(consoleBuildReason(paths)).toMatch(/Login[\\/]index\.tsx changed since the last build$/);
    } finally {
      removeDir(root);
    }
  });
});

describe('test files in parallel processes', () => {
  it('build a stale console once: the others wait for that build and find it fresh', async () => {
    const root = mkdtempSync(join(tmpdir(), 'xinfang-console-lock-'));
    try {
      const paths = consolePaths(root);
      mkdirSync(join(paths.dir, 'src'), { recursive: true });
      writeFileSync(join(paths.dir, 'src', 'main.js'), "document.title = '信访';\n");
      writeFileSync(join(paths.dir, 'index.html'), '<!doctype html><title>x</title><script type="module" src="/src/main.js"></script>');
      writeFileSync(paths.configFile, 'export default { logLevel: "silent" };\n');
      const script = join(root, 'build.mts');
      writeFileSync(
        script,
        `import { buildConsoleIfStale, consolePaths } from ${JSON.stringify(join(REPO_ROOT, 'local', 'console-build.ts'))};\n` +
          `process.stdout.write(await buildConsoleIfStale(consolePaths(${JSON.stringify(root)})));\n`,
      );
      const run = () => promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT }).then((r) => r.stdout);
      const outcomes = await Promise.all([run(), run(), run()]);
      expect(outcomes.sort()).toEqual(['built', 'fresh', 'fresh']);
      expect(existsSync(join(paths.distDir, 'index.html'))).toBe(true);
      expect(existsSync(paths.lockDir)).toBe(false);
    } finally {
      removeDir(root);
    }
  }, 60_000);

  it('take over a lock whose process has died', async () => {
    const root = mkdtempSync(join(tmpdir(), 'xinfang-console-lock-'));
    try {
      const paths = consolePaths(root);
      mkdirSync(join(paths.dir, 'src'), { recursive: true });
      writeFileSync(join(paths.dir, 'index.html'), '<!doctype html><title>x</title>');
      writeFileSync(paths.configFile, 'export default { logLevel: "silent" };\n');
      // A pid that is not running: a child that has exited.
      const gone = await new Promise<number>((resolve) => {
        const child = execFile(process.execPath, ['-e', '']);
        child.on('exit', () => resolve(child.pid!));
      });
      mkdirSync(paths.lockDir);
      writeFileSync(join(paths.lockDir, 'pid'), String(gone));
      const { buildConsoleIfStale } = await import('../../local/console-build.js');
      expect(await buildConsoleIfStale(paths)).toBe('built');
      expect(existsSync(paths.lockDir)).toBe(false);
    } finally {
      removeDir(root);
    }
  }, 60_000);
});
