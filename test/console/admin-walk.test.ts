import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { PHONE, openConsole, saveScreenshot, type ConsoleSession } from '../e2e/helpers.js';
import { loginAs, until } from '../integration/helpers.js';
import { parkStoredEmail } from '../integration/parked-email.js';

/**
 * 管理 in Debian's Chromium against the local system: an email parked in the
 * intake queue's dead-letter queue (intake gave up on it) shows on the 运维
 * tab; the administrator redrives it after confirming, and the email becomes
 * a case of 桐庐县.
 */
describe('an administrator redrives a parked email from 管理', () => {
  let session: ConsoleSession;
  let system: LocalSystem;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openConsole({ width: 1280, height: 900 });
    ({ system, page, pageErrors } = session);
  }, 180_000);

  afterAll(() => session?.close());

  it('shows the configuration and the parked message, redrives it, and the case appears', { timeout: 60_000 }, async () => {
    const subject = '关于农贸市场噪音扰民的反映';
    await parkStoredEmail(system, { from: '"孙丽华" <sunlihua@qq.example>', subject, text: '农贸市场凌晨三点开始装卸货物，噪音很大，影响休息，请求处理。' });

    await page.goto(system.consoleUrl ?? `${system.apiUrl}/`);
    await page.getByRole('button', { name: '以 蒋文博 登录' }).click();
    await page.getByRole('link', { name: '管理', exact: true }).click();
    await page.getByRole('tree', { name: '辖区树' }).getByText(/^桐庐县（330122/).waitFor();
    await saveScreenshot(page, 'admin-configuration');

    await page.getByRole('tab', { name: '运维' }).click();
    const intake = page.getByRole('row', { name: /邮件受理（intake）/ });
    // The dead-letter column: one parked message, in red.
    await intake.locator('.ant-tag', { hasText: /^1$/ }).waitFor({ timeout: 20_000 });
    await saveScreenshot(page, 'admin-operations');

    // By keyboard: Enter on the row's button opens the confirmation with its 重新投递 focused, and Enter confirms.
    await intake.getByRole('button', { name: '重新投递 邮件受理（intake） 的死信' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.innerText()).toContain('死信队列中的 1 条消息将移回队列重新处理');
    await expect.poll(() => page.evaluate("document.activeElement?.closest('.ant-modal') ? document.activeElement.textContent : ''")).toBe('重新投递');
    await page.keyboard.press('Enter');
    await page.getByText('邮件受理（intake）：已将 1 条消息移回队列').waitFor();
    await page.getByRole('region', { name: '管理操作记录' }).getByText('重新投递：邮件受理（intake）').waitFor();

    const office = await loginAs(system.apiUrl, 'tonglu-office');
    const found = await until('the redriven email registered as a case', async () => {
      const listed = await office.call('GET', '/cases?jurisdiction=330122&status=any&limit=100');
      return (listed.body.items as { caseNumber: string; subject?: string }[]).find((c) => c.subject === subject);
    });
    await page.goto(new URL(`/cases/${found.caseNumber}`, system.consoleUrl).href);
    await page.getByText(subject).first().waitFor();

    // On a phone: the header's links scroll sideways with 管理 in view; the DLQ is empty again and the trail says who redrove it.
    await page.setViewportSize(PHONE);
    await page.goto(new URL('/admin?tab=ops', system.consoleUrl).href);
    await page.getByRole('region', { name: '管理操作记录' }).getByText('重新投递：邮件受理（intake）').waitFor();
    const admin = await page.getByRole('link', { name: '管理', exact: true }).boundingBox();
    const nav = await page.getByRole('navigation', { name: '主导航' }).boundingBox();
    expect(admin!.x + admin!.width).toBeLessThanOrEqual(nav!.x + nav!.width + 1);
    expect(await page.getByRole('button', { name: '重新投递 邮件受理（intake） 的死信' }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'admin-operations-phone');
    expect(pageErrors).toEqual([]);
  });
});
