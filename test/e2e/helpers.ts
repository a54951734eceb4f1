import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildConsoleIfStale, consolePaths } from '../../local/console-build.js';
import { REPO_ROOT, type LocalSystem } from '../../local/system.js';
import { removeDir, startTestSystem } from '../integration/helpers.js';

/** Debian's Chromium: Playwright's own browser download is not reachable from the team's machines or CI. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A headless Chromium for the browser tests, or a clear error saying what to install. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install Debian's chromium: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH to a Chromium executable)`,
    );
  }
  // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
}

/** Screenshots go into docs/screenshots/ only when asked, so a test run never dirties the tree. */
export const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

export interface ConsoleSession {
  system: LocalSystem;
  browser: Browser;
  page: Page;
  /** Uncaught errors of the page, for a test to assert there were none. */
  pageErrors: string[];
  /**
   * The API's refusals and failures the page met (method, path, status and the answer's start), so a test that waits in
   * vain for a change can say what the console was told — its error notice is gone after 3 s, long before a poll gives up.
   */
  apiTrouble: string[];
  close(): Promise<void>;
}

/**
 * The console in a browser against its own local system: built first if
 * stale (into the repo's web/console/dist, as npm start does — a failed
 * build fails here, by name), served by the gateway, one page open at `viewport`.
 */
export async function openConsole(viewport: { width: number; height: number }): Promise<ConsoleSession> {
  await buildConsoleIfStale(consolePaths(REPO_ROOT));
  const { system, dataDir } = await startTestSystem({ console: 'serve' });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport, locale: 'zh-CN' });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    system,
    browser,
    page,
    pageErrors,
    apiTrouble: watchApiTrouble(page),
    close: async () => {
      await browser.close();
      await system.close();
      removeDir(dataDir);
    },
  };
}

function watchApiTrouble(page: Page): string[] {
  const trouble: string[] = [];
  const said = (method: string, url: string, what: string) => trouble.push(`${new Date().toISOString().slice(11, 19)} ${method} ${new URL(url).pathname} ${what}`);
  page.on('response', (response) => {
    if (response.status() < 400) return;
    const request = response.request();
    void response
      .text()
      .catch(() => '')
      .then((body) => said(request.method(), request.url(), `${response.status()} ${body.slice(0, 300)}`));
  });
  page.on('requestfailed', (request) => said(request.method(), request.url(), `failed: ${request.failure()?.errorText ?? 'unknown'}`));
  return trouble;
}

/**
 * The citizen portal on a phone: a local system without the console (the
 * portal's pages are the API's own) and a touch page at phone width.
 */
export async function openPortalOnPhone(): Promise<ConsoleSession> {
  const { system, dataDir } = await startTestSystem({ console: 'off' });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(10_000);
  return {
    system,
    browser,
    page,
    pageErrors,
    apiTrouble: watchApiTrouble(page),
    close: async () => {
      await browser.close();
      await system.close();
      removeDir(dataDir);
    },
  };
}

/**
 * Picks `option` in the Ant Design select labelled `label`, and waits until
 * the select shows it and its list has closed. A click that lands while the
 * list is still opening is lost on a loaded machine (and the open list then
 * covers the dialog's buttons), so the choice is checked and tried again.
 */
export async function chooseOption(page: Page, label: string, option: string): Promise<void> {
  const input = page.getByLabel(label);
  const select = input.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]');
  const openList = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  // Matched whole: 同意延期 is part of 不同意延期, and a choice lost on a loaded machine then looked made (the form kept
  // 不同意延期, refused 确定 for want of its reason, and a console walk waited in vain for the approval).
  const whole = new RegExp(`^\\s*${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  for (let attempt = 1; ; attempt += 1) {
    if ((await openList.count()) === 0) await input.click();
    await openList.locator('.ant-select-item-option').filter({ hasText: whole }).first().click();
    const chosen = await select.innerText().then((text) => text.split('\n').some((line) => line.trim() === option));
    if (!chosen && attempt < 3) continue;
    if (!chosen) throw new Error(`the select "${label}" did not take "${option}" after ${attempt} tries`);
    if ((await openList.count()) > 0) await page.keyboard.press('Escape');
    await openList.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => openList.first().waitFor({ state: 'hidden', timeout: 5_000 }));
    return;
  }
}

/** Saves what the page shows as docs/screenshots/<name>.png when UPDATE_SCREENSHOTS=1 (the README shows these). */
export async function saveScreenshot(page: Page, name: string, viewport?: { width: number; height: number }): Promise<void> {
  if (!UPDATE_SCREENSHOTS) return;
  const before = page.viewportSize();
  if (viewport) await page.setViewportSize(viewport);
  // The page from its top, without the passing 已完成 notices (a notice under the pointer stays).
  await page.mouse.move(1, (viewport ?? before ?? PHONE).height - 1);
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 20_000 });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', `${name}.png`), animations: 'disabled' });
  if (viewport && before) await page.setViewportSize(before);
}

/** A phone's screen, for the screenshots at phone width. */
export const PHONE = { width: 390, height: 844 };
