import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { PHOTO_PNG, PORTAL_PETITION } from '../fixtures/portal.js';
import { loginAs, until } from '../integration/helpers.js';
import { PHONE, openPortalOnPhone, saveScreenshot, type ConsoleSession } from './helpers.js';

/**
 * The citizen portal on a phone, in Debian's Chromium against the local
 * system: a citizen sends a petition with a photo, is given its number and
 * query code, the office finds it in its list, and the citizen follows it on
 * the tracking page; a wrong code shows nothing of the case. Then the
 * office and the unit work it: the citizen adds material while it is
 * handled, reads the decision letter, evaluates 不满意, and the case reopens
 * for the unit.
 */
describe('the citizen portal on a phone', () => {
  let session: ConsoleSession;
  let system: LocalSystem;
  let page: Page;
  let pageErrors: string[];
  // The case the first test registers, followed by the second.
  let caseNumber = '';
  let queryCode = '';

  beforeAll(async () => {
    session = await openPortalOnPhone();
    ({ system, page, pageErrors } = session);
  }, 120_000);

  afterAll(() => session?.close());

  it('submits with a photo, shows number and query code, and tracks the case; a wrong code reveals nothing', async () => {
    await page.goto(`${system.apiUrl}/public/petition`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('我要信访');
    // Sent empty: every problem listed at the top and said next to its field.
    await page.getByRole('button', { name: '提交' }).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('heading', { name: /提交未成功/ }).waitFor();
    expect(await summary.getByRole('link').allInnerTexts()).toEqual(['请选择受理的信访机构', '请填写标题（一句话概括您反映的事项）', '请填写反映的具体内容', '请填写姓名，或选择“匿名反映”', '请至少填写手机号码或电子邮箱中的一项，以便告知您办理情况']);
    await saveScreenshot(page, 'portal-form-errors');
    await page.getByLabel('向哪个信访机构反映').selectOption({ label: '桐庐县信访局' });
    await page.getByLabel('标题', { exact: true }).fill(PORTAL_PETITION.subject);
    await page.getByLabel('具体内容').fill(PORTAL_PETITION.matter);
    await page.getByLabel('事发地址').fill(PORTAL_PETITION.incidentAddress);
    await page.getByLabel('附件').setInputFiles({ name: '楼顶漏水.png', mimeType: 'image/png', buffer: PHOTO_PNG });
    await page.getByLabel('姓名', { exact: true }).fill(PORTAL_PETITION.name);
    await page.getByLabel('手机号码').fill(PORTAL_PETITION.phone);
    await page.getByLabel('电子邮箱').fill(PORTAL_PETITION.email);
    await saveScreenshot(page, 'portal-form');

    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('heading', { name: '您的信访事项已登记' }).waitFor();
    caseNumber = (await page.locator('#case-number').innerText()).trim();
    queryCode = (await page.locator('#query-code').innerText()).trim();
    expect(caseNumber).toMatch(/^330122-\d{4}-\d{6}$/);
    expect(queryCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    await saveScreenshot(page, 'portal-acknowledgement');

    // The office finds it in its list, as a web petition.
    const office = await loginAs(system.apiUrl, 'tonglu-office');
    const listed = await office.call('GET', '/cases?jurisdiction=330122&status=any');
    expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ caseNumber, channel: 'web', subject: PORTAL_PETITION.subject })]));

    // The citizen follows it from the link on the acknowledgement.
    await page.getByRole('link', { name: '查询办理进展' }).click();
    await page.getByLabel('登记编号').fill(caseNumber);
    await page.getByLabel('查询码').fill(queryCode.toLowerCase());
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('heading', { name: '办理进展' }).waitFor();
    expect(page.url()).not.toContain(queryCode);
    const status = await page.locator('#status').innerText();
    expect(['已登记，待受理', '已受理', '已交承办单位办理']).toContain(status);
    expect(await page.locator('main').innerText()).toContain('桐庐县信访局');
    expect(await page.locator('main').innerText()).toContain('收到并登记（网上信访）');
    expect(await page.locator('#clock').innerText()).toMatch(/^最迟应于 \d{4}年\d{1,2}月\d{1,2}日/);
    await saveScreenshot(page, 'portal-tracking');

    // A wrong code: the same answer as a case that does not exist, nothing of this one.
    await page.goto(`${system.apiUrl}/public/track`);
    await page.getByLabel('登记编号').fill(caseNumber);
    await page.getByLabel('查询码').fill('ABCD-EFGH-JKMN');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('heading', { name: '未找到相符的信访事项' }).waitFor();
    const shown = await page.locator('main').innerText();
    expect(shown).not.toContain(PORTAL_PETITION.subject);
    expect(shown).not.toContain('桐庐县信访局');
    expect(pageErrors).toEqual([]);
  }, 60_000);
  /** The tracking page of the case, looked up as the citizen does. */
  async function track(): Promise<void> {
    await page.goto(`${system.apiUrl}/public/track`);
    await page.getByLabel('登记编号').fill(caseNumber);
    await page.getByLabel('查询码').fill(queryCode);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('heading', { name: '办理进展' }).waitFor();
  }

  it('staff accept and assign, the citizen adds material, reads the reply, evaluates 不满意, and the case reopens for the unit', async () => {
    expect(caseNumber).not.toBe('');
    // The office accepts and assigns it to 桐庐县住建局 (the router does it for the office when it is sure).
    const office = await loginAs(system.apiUrl, 'tonglu-office');
    const routed = await until('the router’s decision', async () => {
      const c = (await office.call('GET', `/cases/${caseNumber}`)).body.case;
      return c?.handling || c?.triage ? c : undefined;
    });
    if (!routed.handling) expect((await office.call('POST', `/cases/${caseNumber}/route`, { lead: '330122-housing' })).status).toBe(202);
    await until('the assignment', async () => (await office.call('GET', `/cases/${caseNumber}`)).body.case?.handling?.lead === '330122-housing');

    // The tracking page shows it with the unit, and offers to add material (and nothing else yet).
    await track();
    expect(await page.locator('#status').innerText()).toBe('已交承办单位办理');
    expect(await page.locator('main').innerText()).toContain('桐庐县住房和城乡建设局');
    expect(await page.getByRole('heading', { name: '评价办理结果' }).count()).toBe(0);
    await page.getByLabel('补充内容').fill('补充：今天下雨，五楼楼梯间也开始渗水，附照片。');
    await page.getByLabel('附件').setInputFiles({ name: '楼梯间渗水.png', mimeType: 'image/png', buffer: PHOTO_PNG });
    await page.getByRole('heading', { name: '补充材料' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'portal-tracking-material', { width: PHONE.width, height: 1900 });
    await page.getByRole('button', { name: '提交补充材料' }).click();
    await page.getByRole('heading', { name: '补充材料已收到' }).waitFor();
    expect(page.url()).toMatch(/\/public\/track\/done\/[A-Za-z0-9_-]+$/);
    // A reload shows the confirmation again and sends nothing (the post was redirected).
    await page.reload();
    await page.getByRole('heading', { name: '补充材料已收到' }).waitFor();
    await saveScreenshot(page, 'portal-material-done');
    const handler = await loginAs(system.apiUrl, 'tonglu-housing-handler');
    const withMaterial = (await handler.call('GET', `/cases/${caseNumber}`)).body;
    expect(withMaterial.messages.filter((m: { kind?: string }) => m.kind === 'petitionerReply')).toEqual([
      expect.objectContaining({ text: '补充：今天下雨，五楼楼梯间也开始渗水，附照片。', attachments: [expect.objectContaining({ filename: '楼梯间渗水.png' })] }),
    ]);

    // The unit concludes and replies.
    expect(
      (
        await handler.call('POST', `/cases/${caseNumber}/conclude`, {
          facts: '经现场查看，迎春小区5幢楼顶防水层老化破损。',
          basis: '《物业管理条例》第五十五条。',
          decision: '已责令物业服务企业于2026年12月10日前完成楼顶防水维修。',
          outcome: 'supported',
        })
      ).status,
    ).toBe(200);
    expect((await handler.call('POST', `/cases/${caseNumber}/reply`)).status).toBe(200);

    // The citizen reads the letter from the tracking page, from the confirmation's code field.
    await page.getByLabel('查询码').fill(queryCode);
    await page.getByRole('button', { name: '查看办理进展' }).click();
    await page.getByRole('heading', { name: '办理进展' }).waitFor();
    expect(await page.locator('#status').innerText()).toBe('已书面答复');
    // The letter opens beside the tracking page (a new tab), which stays where it was.
    const [letter] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: '阅读、打印处理意见书（在新页面打开）' }).click()]);
    await letter.waitForLoadState();
    expect(await letter.locator('body').innerText()).toContain('已责令物业服务企业于2026年12月10日前完成楼顶防水维修。');
    await letter.close();
    expect(await page.locator('#status').innerText()).toBe('已书面答复');

    // Back on the tracking page: evaluate 不满意 with a comment.
    await track();
    expect(await page.getByRole('heading', { name: '补充材料' }).count()).toBe(0);
    await page.getByRole('heading', { name: '申请复查' }).waitFor();
    await page.getByLabel('不满意').check();
    await page.getByLabel('意见或理由').fill('维修后楼顶仍在漏水。');
    await page.getByRole('heading', { name: '评价办理结果' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'portal-evaluate', { width: PHONE.width, height: 2100 });
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByRole('heading', { name: '感谢您的评价' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain('该事项已重新交承办单位办理');
    await saveScreenshot(page, 'portal-evaluated');

    // The case is back with the unit, as from the follow-up email's link; the page says so.
    const reopened = (await handler.call('GET', `/cases/${caseNumber}`)).body.case;
    expect(reopened).toMatchObject({ status: 'inProgress', handling: { lead: '330122-housing' }, followUp: { satisfied: false, via: 'web', comment: '维修后楼顶仍在漏水。' } });
    await track();
    expect(await page.locator('#status').innerText()).toBe('承办单位正在办理');
    expect(await page.locator('#steps').innerText()).toContain('重新办理');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
