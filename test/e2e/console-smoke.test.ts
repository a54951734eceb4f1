import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type LocalSystem } from '../../local/system.js';
import { letter, loginAs } from '../integration/helpers.js';
import { UPDATE_SCREENSHOTS, openConsole, type ConsoleSession } from './helpers.js';

const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');

/**
 * The console as a browser sees it from the local gateway: built (only when
 * stale), served with its CSP, booting React and showing the login picker.
 */
describe('the staff console in a browser', () => {
  let session: ConsoleSession;
  let system: LocalSystem;
  let page: Page;
  let pageErrors: string[];
  /** Whatever the browser's console says is wrong (a CSP violation, a failed request, a library's warning): none. */
  const consoleProblems: string[] = [];

  beforeAll(async () => {
    session = await openConsole({ width: 1280, height: 800 });
    ({ system, page, pageErrors } = session);
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${m.type()}: ${m.text()} (${m.location().url})`);
    });
  }, 180_000);

  afterAll(() => session?.close());

  it('boots from / under its CSP and offers the staff to log in as', async () => {
    const response = await page.goto(system.consoleUrl ?? `${system.apiUrl}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.title()).toMatch(/信访/);
    // React rendered something into #root.
    await page.locator('#root > *').first().waitFor({ timeout: 15_000 });

    // Without a session the app sends the visitor to the local login picker (GET /local/config).
    await expect.poll(() => page.getByRole('heading', { name: /选择登录人员/ }).count(), { timeout: 15_000 }).toBe(1);
    const registrar = page.getByRole('button', { name: '以 钱佳怡 登录' });
    await registrar.waitFor({ timeout: 15_000 });

    if (UPDATE_SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'login.png'), animations: 'disabled' });
    }
    expect(consoleProblems).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('signs in and shows the caller\'s work lists through the API under /api', async () => {
    const registrar = await loginAs(system.apiUrl, 'hz-registrar');
    const registered = await registrar.call('POST', '/cases', letter({ jurisdiction: '330100', subject: '浏览器测试来信', petitioner: { name: '张伟', phone: '138-0000-1111' } }));
    expect(registered.status).toBe(201);
    const caseNumber: string = registered.body.case.caseNumber;

    const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/work-lists');
    await page.getByRole('button', { name: '以 钱佳怡 登录' }).click();
    expect((await listed).status()).toBe(200);
    await page.getByRole('link', { name: caseNumber }).waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/');

    if (UPDATE_SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'workbench.png'), animations: 'disabled' });
    expect(consoleProblems).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('opens 计算依据 next to a clock on the case page: the start, the rule and its source, the roll past the weekend', async () => {
    // Received Friday 20 November 2026: its 15 days end on Saturday 5 December, so the deadline is Monday 7 December.
    const registrar = await loginAs(system.apiUrl, 'hz-registrar');
    const registered = await registrar.call('POST', '/cases', letter({ subject: '楼顶漏水', receivedAt: '2026-11-20T09:15:00+08:00' }));
    expect(registered.status).toBe(201);
    await page.goto(new URL(`/cases/${registered.body.case.caseNumber}`, system.consoleUrl ?? system.apiUrl).href);
    const basis = page.locator('details.deadline-basis').first();
    await basis.locator('summary', { hasText: '计算依据' }).click({ timeout: 20_000 });
    await expect.poll(() => basis.innerText()).toContain('顺延：末日2026年12月5日（星期六）为休息日，顺延至2026年12月7日（星期一）');
    expect(await basis.innerText()).toContain('规则：15日（自然日），《信访工作条例》规定的期限');
    if (UPDATE_SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'deadline-basis.png'), animations: 'disabled' });
    // Loaded straight from its address: the page said it was loading, and nothing warned.
    expect(consoleProblems).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
