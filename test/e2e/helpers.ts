import { existsSync } from 'node:fs';
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
    close: async () => {
      await browser.close();
      await system.close();
      removeDir(dataDir);
    },
  };
}
