/**
 * One measured load of the console's work list in Chromium, for
 * scripts/bench-console.ts: signs in through the local picker, then navigates
 * to the workbench and times, in the page's own clock (performance.now() is
 * measured from the navigation's start), the first frame in which the work
 * list shows rows with case numbers; the Navigation and Resource Timing
 * entries say where the time went.
 *
 * The selectors are generic on purpose (the first table holding rows with a
 * link that reads like a case number), so the measure survives changes to the
 * workbench's layout, tabs and columns.
 */
import type { Browser, Page } from 'playwright-core';

/**
 * The few browser objects the in-page functions below use: this file is
 * type-checked for Node, without the DOM library (which would make `document`
 * look defined in every Node file of the project).
 */
interface InPageElement {
  querySelectorAll(selector: string): ArrayLike<InPageElement>;
  textContent: string | null;
}
interface InPageTiming {
  name: string;
  initiatorType: string;
  startTime: number;
  requestStart: number;
  responseStart: number;
  responseEnd: number;
  transferSize: number;
  encodedBodySize: number;
  domContentLoadedEventEnd: number;
  loadEventEnd: number;
}
declare const document: InPageElement;
declare const performance: { now(): number; getEntriesByType(type: 'navigation' | 'resource'): InPageTiming[] };

/** `330122-2026-000001`: the link text of a case in a list. */
export const CASE_NUMBER_TEXT = /^\d{6}-\d{4}-\d{6}$/;

export interface ApiTiming {
  /** Path and query under /api/, e.g. `/api/cases?jurisdiction=330122&limit=50`. */
  path: string;
  /** When the request was sent, ms after the navigation started. */
  sentAt: number;
  /** Request sent → last byte, ms. */
  duration: number;
  /** Request sent → first byte of the answer (the server's time and the wire), ms. */
  waiting: number;
  /** When the answer was complete, ms after the navigation started. */
  responseEnd: number;
  bytes: number;
}

export interface PageLoadTiming {
  /** ms after the navigation started: the first frame with case rows in the work list. */
  rowsAt: number;
  /** Case rows in that frame (the first page). */
  rows: number;
  /** Navigation Timing: the HTML's last byte, DOMContentLoaded done, load done. */
  htmlAt: number;
  domContentLoadedAt: number;
  loadAt: number;
  /** Module scripts the page ran; those the server sent (not the cache), and their bytes on the wire. */
  scripts: number;
  scriptsFetched: number;
  scriptBytesFetched: number;
  /** The API calls the page made before its rows showed; the list is the slowest of them. */
  api: ApiTiming[];
}

/** Runs in the page, polled every animation frame: the first table with case rows, and the time. */
function caseRowsNow(pattern: string): { at: number; rows: number } | false {
  const caseNumber = new RegExp(pattern);
  for (const table of Array.from(document.querySelectorAll('table'))) {
    const rows = Array.from(table.querySelectorAll('tr')).filter((row) =>
      Array.from(row.querySelectorAll('a')).some((a) => caseNumber.test((a.textContent ?? '').trim())),
    ).length;
    if (rows > 0) return { at: performance.now(), rows };
  }
  return false;
}

/** Navigation and Resource Timing of the current document, read in the page. */
function timingsNow(rowsAt: number) {
  const navigation = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const scripts = resources.filter((r) => /\.m?js$/.test(new URL(r.name).pathname));
  // transferSize is 0 for a script the cache answered.
  const fetched = scripts.filter((r) => r.transferSize > 0);
  return {
    htmlAt: navigation?.responseEnd ?? 0,
    domContentLoadedAt: navigation?.domContentLoadedEventEnd ?? 0,
    loadAt: navigation?.loadEventEnd ?? 0,
    scripts: scripts.length,
    scriptsFetched: fetched.length,
    scriptBytesFetched: fetched.reduce((n, r) => n + r.transferSize, 0),
    api: resources
      .filter((r) => (r.initiatorType === 'fetch' || r.initiatorType === 'xmlhttprequest') && new URL(r.name).pathname.startsWith('/api/') && r.responseEnd <= rowsAt)
      .map((r) => {
        const url = new URL(r.name);
        return {
          path: url.pathname + url.search,
          sentAt: r.startTime,
          duration: r.responseEnd - r.startTime,
          waiting: r.responseStart - r.requestStart,
          responseEnd: r.responseEnd,
          bytes: r.encodedBodySize,
        };
      }),
  };
}

/** Opens a fresh browser context and signs in as `staffName` through the local picker; answers the page, on the workbench. */
export async function signInThroughPicker(browser: Browser, consoleUrl: string, staffName: string, timeoutMs: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(new URL('/login', consoleUrl).href);
  await page.getByRole('button', { name: new RegExp(`${staffName}.*登录`) }).click({ timeout: timeoutMs });
  await waitForCaseRows(page, timeoutMs);
  return page;
}

async function waitForCaseRows(page: Page, timeoutMs: number): Promise<{ at: number; rows: number }> {
  const found = await page.waitForFunction(caseRowsNow, CASE_NUMBER_TEXT.source, { polling: 'raf', timeout: timeoutMs });
  return (await found.jsonValue()) as { at: number; rows: number };
}

/**
 * Navigates the signed-in page to the workbench (`/`) and measures until the
 * work list's first page is on screen. `cold`: the browser cache is switched
 * off for this load (every script and the HTML come from the server, as on a
 * first visit); otherwise the hashed assets come from the cache, as on every
 * later visit.
 */
export async function measureWorkbenchLoad(page: Page, consoleUrl: string, options: { cold: boolean; timeoutMs: number }): Promise<PageLoadTiming> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: options.cold });
  try {
    await page.goto(new URL('/', consoleUrl).href, { waitUntil: 'commit' });
    const first = await waitForCaseRows(page, options.timeoutMs);
    // The load event may come after the rows: wait for it, so its time is known.
    await page.waitForLoadState('load');
    const timings = await page.evaluate(timingsNow, first.at);
    return { rowsAt: first.at, rows: first.rows, ...timings };
  } finally {
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false }).catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  }
}
