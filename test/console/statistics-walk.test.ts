import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { chinaDate } from '../../shared/domain/case-number.js';
import { PHONE, openConsole, saveScreenshot, type ConsoleSession } from '../e2e/helpers.js';
import { clientFor, letter, loginAs, until } from '../integration/helpers.js';

/**
 * 统计 in Debian's Chromium against the local system: the figures the page
 * shows are the API's for the same period and scope, asked with the same
 * session's token; the 矛盾纠纷排查 tab lists a case past its deadline; the
 * CSV downloaded is the API's.
 */
describe('the statistics page', () => {
  let session: ConsoleSession;
  let system: LocalSystem;
  let page: Page;

  beforeAll(async () => {
    session = await openConsole({ width: 1280, height: 900 });
    ({ system, page } = session);
  }, 180_000);

  afterAll(() => session?.close());

  it('shows the API’s figures for the period chosen, and the disputes past their deadline', async () => {
    // Two letters, a visit and a call at 桐庐县; the call arrived 40 days ago, so its 15-day acceptance deadline has passed.
    // Subjects that name no department: the router leaves them in the office's triage list, so no status changes under the test.
    const registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
    const fortyDaysAgo = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const petitions = [
      { channel: 'letter', subject: '城南小区楼顶漏水' },
      { channel: 'letter', subject: '邻里宅前通行纠纷' },
      { channel: 'visit', subject: '城南小区楼道积水' },
      { channel: 'phone', subject: '邻里宅前通行纠纷', receivedAt: fortyDaysAgo },
    ];
    const numbers: string[] = [];
    for (const petition of petitions) {
      const created = await registrar.call('POST', '/cases', letter({ receivedAt: undefined, ...petition }));
      expect(created.status).toBe(201);
      numbers.push(created.body.case.caseNumber);
    }
    const office = await loginAs(system.apiUrl, 'tonglu-office');
    for (const number of numbers) await until(`the router's triage of ${number}`, async () => (await office.call('GET', `/cases/${number}`)).body.case.triage);
    const overdueCase = numbers[3]!;

    await page.goto(system.consoleUrl ?? `${system.apiUrl}/`);
    await page.getByRole('button', { name: '以 袁建军 登录' }).click();
    await page.getByRole('link', { name: '统计', exact: true }).click();
    await page.getByRole('region', { name: '总量' }).waitFor({ timeout: 15_000 });

    // The last 12 months, by the picker's preset (the call of 40 days ago falls in them whatever today is), counted by quarter.
    await page.getByLabel('统计期间').click();
    await page.locator('.ant-picker-presets').getByText('近12个月').click();
    await page.getByLabel('统计周期').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText('按季度').click();
    await page.getByRole('button', { name: '统计', exact: true }).click();
    await page.waitForURL(/granularity=quarter/);
    const url = new URL(page.url());
    expect(url.searchParams.get('to')).toBe(chinaDate(new Date().toISOString()));

    // The API's figures for the same period, with the page's own session.
    const token = (await page.evaluate("JSON.parse(sessionStorage.getItem('xinfang.session')).token")) as string;
    const api = clientFor(system.apiUrl, token);
    const period = `jurisdiction=330122&from=${url.searchParams.get('from')}&to=${url.searchParams.get('to')}&granularity=quarter&includeSubordinates=true`;
    const expected = (await api.call('GET', `/statistics?${period}`)).body;
    expect(expected.totals).toMatchObject({ received: 4, overdue: 1 });

    const figure = (region: string, title: string) =>
      page.getByRole('region', { name: region }).locator('.ant-card', { has: page.getByText(title, { exact: true }) }).locator('.ant-statistic-content');
    await expect.poll(() => figure('总量', '登记总量').innerText(), { timeout: 20_000 }).toBe(`${expected.totals.received}件`);
    expect(await figure('总量', '当前逾期').innerText()).toBe(`${expected.totals.overdue}件`);
    expect(await figure('总量', '在办').innerText()).toBe(`${expected.totals.open}件`);
    expect(await figure('比率', '重复信访率').innerText()).toBe(`${(expected.rates.repeat.rate * 100).toFixed(1)}%`);
    const channels = page.getByRole('table', { name: '来源渠道（表格）' });
    for (const channel of expected.byChannel as { label: string; count: number }[]) {
      expect(await channels.getByRole('row').filter({ hasText: channel.label }).locator('td').nth(1).innerText()).toBe(String(channel.count));
    }
    expect(await page.getByRole('table', { name: '登记量（按季度）（表格）' }).getByRole('row').count()).toBe(1 + expected.byPeriod.length);
    // Each chart drawn as SVG by ECharts, described in words.
    await page.getByRole('img', { name: /^来源渠道：来信 \d+ 件/ }).locator('svg').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.statistics-chart:has(svg)').count(), { timeout: 15_000 }).toBe(7);

    // The CSV is the API's, for the same period.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出统计表（CSV）' }).click()]);
    expect(download.suggestedFilename()).toBe(`statistics-330122-${url.searchParams.get('from')}-${url.searchParams.get('to')}.csv`);
    expect(readFileSync((await download.path())!, 'utf8')).toContain(`\r\n总量,登记总量,${expected.totals.received},`);
    await saveScreenshot(page, 'statistics');
    await saveScreenshot(page, 'statistics-phone', PHONE);

    // 矛盾纠纷排查, by keyboard: the call past its acceptance deadline, as the API lists it.
    await page.getByRole('tab', { name: '统计概览' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab', { selected: true }).innerText()).toContain('矛盾纠纷排查');
    const list = page.getByRole('table', { name: '排查清单' });
    const row = list.getByRole('row').filter({ has: page.getByRole('link', { name: overdueCase }) });
    await row.waitFor({ timeout: 20_000 });
    const unresolved = (await api.call('GET', '/statistics/unresolved?jurisdiction=330122')).body;
    expect(unresolved.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual([overdueCase]);
    expect(await row.innerText()).toContain(`已逾期 ${unresolved.items[0].daysOverdue} 天`);
    expect(await figure('排查总数', '纳入排查').innerText()).toBe(`${unresolved.totals.cases}件`);
    await saveScreenshot(page, 'statistics-unresolved');
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
