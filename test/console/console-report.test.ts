import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type LocalSystem } from '../../local/system.js';
import { UPDATE_SCREENSHOTS, chooseOption, openConsole, type ConsoleSession } from '../e2e/helpers.js';
import { letter, loginAs, until, type ApiClient } from '../integration/helpers.js';

const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const HOUSING = '330122-housing';

/** A report naming the county's housing bureau in a sentence with 举报: accusedUnits finds it by its full name. */
const REPORT = {
  subject: '举报县住建局工作人员收受好处费',
  matter:
    '我们举报桐庐县住房和城乡建设局工作人员在城南小区老旧小区改造工程验收中收受施工单位好处费，对偷工减料、违规施工不闻不问。小区二十余户居民多次反映无果，请求依法查处。',
};

/**
 * 检举、控告材料不得转给被检举、控告的人员和单位 (《信访工作条例》第三十条),
 * in Debian's Chromium against the local system: the registrar registers,
 * through the form, a collective report accusing 桐庐县住房和城乡建设局; the
 * bureau's handler finds it in none of their work lists, not in 查询, and
 * not at its address, while a case the bureau does work is there; the
 * county's petitions office still sees it.
 */
describe('a report in the staff console never reaches the unit it accuses', () => {
  let session: ConsoleSession;
  let system: LocalSystem;
  let page: Page;
  let pageErrors: string[];
  let office: ApiClient;
  /** A letter the router gives the housing bureau: what the bureau's lists do show. */
  let bureauCase: string;

  beforeAll(async () => {
    session = await openConsole({ width: 1280, height: 900 });
    ({ system, page, pageErrors } = session);
    office = await loginAs(system.apiUrl, 'tonglu-office');
    const registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
    const registered = await registrar.call('POST', '/cases', letter({ subject: '物业费纠纷', matter: '小区物业乱收物业费，请求查处。' }));
    expect(registered.status).toBe(201);
    bureauCase = registered.body.case.caseNumber;
  }, 180_000);

  afterAll(() => session?.close());

  const consoleUrl = () => system.consoleUrl ?? `${system.apiUrl}/`;
  const signInAs = async (name: string) => {
    await page.getByRole('button', { name: `以 ${name} 登录` }).click();
    await page.getByRole('button', { name: '切换用户' }).waitFor();
  };
  const switchTo = async (name: string) => {
    await page.getByRole('button', { name: '切换用户' }).click();
    await signInAs(name);
  };
  const representative = (n: number) => page.getByRole('group', { name: `代表 ${n}` });

  it('keeps a collective report from the housing bureau it accuses, and shows it to the office', async () => {
    await page.goto(consoleUrl());
    await signInAs('申屠丽娟');
    await page.getByRole('link', { name: '登记', exact: true }).click();
    await chooseOption(page, '渠道', '来访');
    await page.getByLabel('主题').fill(REPORT.subject);
    await page.getByLabel('信访事项').fill(REPORT.matter);
    await chooseOption(page, '类别', '检举控告');
    await page.getByLabel('事发地址').fill('桐庐县城南街道城南小区');
    const petitioner = page.getByRole('group', { name: '信访人' });
    await petitioner.getByLabel('信访人姓名（未留可不填）').fill('何志强');
    await chooseOption(page, '性别', '男');
    await petitioner.getByLabel('年龄').fill('61');
    await petitioner.getByLabel('联系电话').fill('13906716688');
    await petitioner.getByLabel('住址').fill('桐庐县城南街道城南小区3幢');

    await page.getByRole('switch', { name: /集体访/ }).click();
    await page.getByLabel('集体访人数').fill('23');
    await page.getByRole('button', { name: '添加代表' }).click();
    await page.getByRole('button', { name: '添加代表' }).click();
    await representative(1).getByLabel('姓名').fill('何志强');
    await representative(1).getByLabel('联系电话').fill('13906716688');
    await representative(2).getByLabel('姓名').fill('钟美华');
    await representative(2).getByLabel('联系电话').fill('13758123456');
    await representative(2).getByLabel('职业').fill('退休教师');
    if (UPDATE_SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      // No hover or focus ring left on a field by the last click and entry.
      await page.mouse.move(0, 0);
      await page.evaluate('document.activeElement?.blur()');
      await page.screenshot({ path: join(SCREENSHOTS, 'register.png'), fullPage: true, animations: 'disabled' });
    }
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.waitForURL(/\/cases\/330122-\d{4}-\d{6}$/, { timeout: 15_000 });
    const caseNumber = page.url().split('/').pop()!;

    // The API confirms whom the report accuses, once the router has decided where it goes.
    const routed = await until('the router to decide on the report', async () => {
      const read = await office.call('GET', `/cases/${caseNumber}`);
      return read.status === 200 && (read.body.case.status !== 'registered' || read.body.case.triage) ? read.body.case : undefined;
    });
    expect(routed.accusedUnits).toContain(HOUSING);
    expect(routed.category).toBe('report');
    expect(routed.collective).toEqual({
      headCount: 23,
      representatives: [
        { anonymous: false, name: '何志强', phone: '13906716688' },
        { anonymous: false, name: '钟美华', phone: '13758123456', occupation: '退休教师' },
      ],
    });
    expect(routed.handling?.lead).not.toBe(HOUSING);
    // Nor can the office hand it to the bureau: the one way it could reach the bureau's lists is closed.
    const handed = await office.call('POST', `/cases/${caseNumber}/assign`, { lead: HOUSING, cooperating: [] });
    expect({ status: handed.status, code: handed.body?.error?.code }).toEqual({ status: 422, code: 'RuleViolation' });
    await until('the router to give the bureau its letter', async () => (await office.call('GET', `/cases/${bureauCase}`)).body.case.handling?.lead === HOUSING);

    // The bureau's handler: in none of the workbench's lists, while the bureau's own letter is.
    await switchTo('王晓燕');
    const tabs = page.getByRole('tab');
    await tabs.first().waitFor();
    const tabNames = await tabs.allInnerTexts();
    expect(tabNames.length).toBeGreaterThan(1);
    let bureauCaseListed = false;
    for (let i = 0; i < tabNames.length; i += 1) {
      await tabs.nth(i).click();
      const panel = page.getByRole('tabpanel');
      await expect
        .poll(async () => (await tabs.nth(i).getAttribute('aria-selected')) === 'true' && (await panel.getByRole('table').count()) > 0 && (await panel.locator('[aria-busy="true"]').count()) === 0)
        .toBe(true);
      expect(await panel.getByRole('link', { name: caseNumber }).count(), `tab ${tabNames[i]}`).toBe(0);
      bureauCaseListed ||= (await panel.getByRole('link', { name: bureauCase }).count()) > 0;
    }
    expect(bureauCaseListed).toBe(true);

    // 查询 by jurisdiction lists the bureau's letter and not the report.
    await page.getByRole('link', { name: '查询', exact: true }).click();
    const byJurisdiction = page.locator('form').filter({ has: page.getByLabel('辖区') });
    await byJurisdiction.getByRole('button', { name: '查询' }).click();
    await page.getByRole('link', { name: bureauCase }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('link', { name: caseNumber }).count()).toBe(0);

    // Its address: "not found, or not yours to see", and nothing of the case.
    await page.goto(`${consoleUrl().replace(/\/$/, '')}/cases/${caseNumber}`);
    await page.getByText('未找到该信访事项，或您无权查看').waitFor({ timeout: 20_000 });
    for (const text of [REPORT.subject, '何志强', '钟美华', '桐庐县城南街道城南小区']) expect(await page.getByText(text).count(), text).toBe(0);
    expect(await page.getByRole('group', { name: '可执行的操作' }).count()).toBe(0);

    // The county's petitions office still sees it.
    await switchTo('袁建军');
    await page.goto(`${consoleUrl().replace(/\/$/, '')}/cases/${caseNumber}`);
    await page.getByText(REPORT.subject).first().waitFor({ timeout: 20_000 });
    expect(await page.getByText('未找到该信访事项，或您无权查看').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
