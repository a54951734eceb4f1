import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { PHONE, openConsole, saveScreenshot, type ConsoleSession } from '../e2e/helpers.js';
import { letter, loginAs, until } from '../integration/helpers.js';

/**
 * 审核签发 on a phone, in Debian's Chromium against the local system: the
 * housing bureau's handler reads the 处理意见书 of a case it concluded, by
 * keyboard, finds the wrong article cited, corrects the result (the form
 * starts from it), reads the letter again with the correction in it, and
 * replies from the preview — the page never wider than the phone.
 */
describe('预览处理意见书 and 更正办理结果 in the staff console, on a phone', () => {
  let session: ConsoleSession;
  let system: LocalSystem;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openConsole(PHONE);
    ({ system, page, pageErrors } = session);
    page.setDefaultTimeout(10_000);
  }, 180_000);

  afterAll(() => session?.close());

  const wider = () => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

  it('reads the letter over, corrects the basis, reads it again and replies', async () => {
    // Registered at the desk; the router gives 物业费 to the housing bureau, whose handler concludes with the wrong article.
    const registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
    const handler = await loginAs(system.apiUrl, 'tonglu-housing-handler');
    const created = await registrar.call('POST', '/cases', letter({ subject: '物业费纠纷', matter: '小区物业乱收物业费，请求查处。' }));
    expect(created.status).toBe(201);
    const caseNumber = created.body.case.caseNumber as string;
    await until('the housing bureau has it', async () => (await handler.call('GET', `/cases/${caseNumber}`)).body?.allowedActions?.includes('conclude'));
    const concluded = await handler.call('POST', `/cases/${caseNumber}/conclude`, {
      facts: '经核查，物业公司超出备案标准收取物业服务费。',
      basis: '《物业服务收费管理办法》第八条',
      decision: '责令物业公司退还多收费用。',
      outcome: 'partlySupported',
    });
    expect(concluded.status, JSON.stringify(concluded.body)).toBe(200);

    await page.goto(system.consoleUrl ?? `${system.apiUrl}/`);
    await page.getByRole('button', { name: '以 王晓燕 登录' }).click();
    await page.getByRole('button', { name: '切换用户' }).waitFor();
    await page.goto(`${system.consoleUrl ?? `${system.apiUrl}/`}cases/${caseNumber}`);

    // By keyboard: the preview opens, its letter scrolls by keyboard, and how it goes is said (the letter's petitioner left an address).
    const previewButton = page.getByRole('button', { name: '预览处理意见书' });
    await previewButton.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    const text = dialog.getByRole('document', { name: '处理意见书正文' });
    await expect.poll(() => text.innerText(), { timeout: 15_000 }).toContain('《物业服务收费管理办法》第八条');
    expect(await dialog.innerText()).toContain('待寄送');
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await wider()).toBe(false);
    await saveScreenshot(page, 'case-letter-preview-phone');

    // Wrong article: corrected from the preview, the form filled with the result as recorded.
    await dialog.getByRole('button', { name: '更正办理结果' }).click();
    const form = page.getByRole('dialog', { name: /更正办理结果/ });
    await expect.poll(() => form.getByLabel('依据').inputValue()).toBe('《物业服务收费管理办法》第八条');
    await form.getByLabel('依据').fill('《物业服务收费管理办法》第十一条');
    await form.getByLabel('更正原因（如：审核签发时发现引用条款有误）').fill('审核签发时发现引用条款有误');
    await form.getByRole('button', { name: '确定' }).click();
    await page.getByText('依据：原为“《物业服务收费管理办法》第八条”，更正为“《物业服务收费管理办法》第十一条”').waitFor({ timeout: 20_000 });
    expect(await wider()).toBe(false);

    // Read again: the corrected letter; replied from there.
    await page.getByRole('button', { name: '预览处理意见书' }).click();
    await expect.poll(() => page.getByRole('document', { name: '处理意见书正文' }).innerText(), { timeout: 15_000 }).toContain('第十一条');
    expect(await page.getByRole('document', { name: '处理意见书正文' }).innerText()).not.toContain('第八条');
    await page.getByRole('button', { name: '确认无误，答复' }).click();
    await expect.poll(() => page.getByText('已答复').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: '预览处理意见书' }).count()).toBe(0);

    // The letter kept on the case is the one read over.
    const after = await handler.call('GET', `/cases/${caseNumber}`);
    const kept = (after.body.messages as { kind?: string; text: string }[]).find((m) => m.kind === 'decisionLetter')!;
    expect(kept.text).toContain('《物业服务收费管理办法》第十一条');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
