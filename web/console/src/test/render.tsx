import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, configure, render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { afterEach, beforeEach, vi } from 'vitest';
import type { Directory } from '../api/types';
import { saveSession } from '../lib/session';
import { keepOnlyObservableCss } from './observable-css';

// findBy…/waitFor wait up to 5 s, not 1: on a 2-core CI runner running the
// whole suite, antd tables and forms take longer than a second to render.
configure({ asyncUtilTimeout: 5_000 });
// antd's stylesheets without what no test observes: happy-dom re-matches them on every role query and click.
keepOnlyObservableCss();

/** The directory the API answers (GET /directory), and the local picker's configuration (GET /local/config). */
export const CONFIG: Directory = {
  jurisdictions: [
    {
      code: '330122',
      name: '桐庐县',
      office: { name: '桐庐县信访局' },
      units: [
        { id: '330122-housing', name: '桐庐县住房和城乡建设局', aliases: ['住建', '房管'] },
        { id: '330122-hrss', name: '桐庐县人力资源和社会保障局', aliases: ['人社', '劳动', '社保'] },
      ],
      // 桐庐县 allows less than the regulation's 30 days (defaults.extension, per jurisdiction).
      extension: { maxDays: 20, requestLeadWorkingDays: 5 },
    },
  ],
  staff: [{ id: 'tl-office', name: '陈海燕', jurisdiction: '330122', roles: ['petitionsOffice'] }],
  // The built-in grounds and one the province configures (defaults.suspensionGrounds).
  suspensionGrounds: [
    { id: 'hearing', name: '听证' },
    { id: 'appraisal', name: '鉴定' },
    { id: 'verification', name: '现场核查' },
  ],
};

/** What a route answers unless the test says otherwise: the directory, and the person signIn() signs in. */
const DEFAULT_ANSWERS: Record<string, () => { status?: number; body: unknown }> = {
  'GET /directory': () => ({ body: CONFIG }),
  'GET /local/config': () => ({ body: CONFIG }),
  'GET /me': () => ({ body: CONFIG.staff[0] }),
};

/** A fetch answering by "METHOD /path" (the path without /api and the query); unknown routes answer 404, DEFAULT_ANSWERS unless answered. */
/** `headers`: beside the JSON content type (a file's content-disposition). */
type Answer = { status?: number; body: unknown; headers?: Record<string, string> };

/** Answers by `METHOD /path`; an answer may be a promise, to hold a request in flight. */
export function mockFetch(answers: Record<string, (request: Request) => Answer | Promise<Answer>>) {
  const calls: Request[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost/'), init);
    calls.push(request);
    const url = new URL(request.url, 'http://localhost/');
    const key = `${request.method} ${url.pathname.replace(/^\/api/, '')}`;
    const answer = (await answers[key]?.(request)) ?? DEFAULT_ANSWERS[key]?.();
    const { status = 200, body, headers = {} }: Answer = answer ?? { status: 404, body: { error: { code: 'RouteNotFound', message: `no ${key}` } } };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, calls };
}

/**
 * Each test of the enclosing describe signed in (signIn); after it, the DOM,
 * spies, stubbed globals (fetch) and the session are cleared.
 */
export function signedInEachTest() {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });
}

export function signIn() {
  saveSession({ token: 'test-token', staff: { id: 'tl-office', name: '陈海燕', jurisdiction: '330122', roles: ['petitionsOffice'] } });
}

/** `path`, or a history entry with the state a navigation gave it (Register's to the case page). */
export function renderRoutes(routes: RouteObject[], path: string | { pathname: string; state: unknown }) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={client}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>,
  );
}
