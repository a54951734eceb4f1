import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { PHONE, openConsole, saveScreenshot, type ConsoleSession } from '../e2e/helpers.js';
import { lastSessionOf, seedPastBookings } from '../integration/reception-seed.js';

/**
 * 领导接待日 in the console, in Debian's Chromium against the local system: a
 * citizen books next week's session through the public API and the leader
 * sees the place taken and who booked; at last week's session (its bookings
 * made the week before) the leader registers a new visit petition from one
 * reception — the note is on the new case — and marks a booker who did not come.
 */
describe('reception days in the staff console', () => {
  let session: ConsoleSession;
  let system: LocalSystem;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openConsole({ width: 1280, height: 900 });
    ({ system, page, pageErrors } = session);
    // A step that does not happen fails at that step, well within the test's time.
    page.setDefaultTimeout(10_000);
  }, 180_000);

  afterAll(() => session?.close());

  it('a citizen books, and the leader records one reception as a new visit petition and marks a no-show', async () => {
    // A citizen books 陈海燕's next session, without an account.
    const schedule = (await (await fetch(`${system.apiUrl}/public/reception-days?jurisdiction=330122&weeks=4`)).json()) as {
      sessions: { id: string; date: string; leader: { id: string }; capacity: number }[];
    };
    const next = schedule.sessions.find((s) => s.leader.id === 'tonglu-leader-petitions')!;
    const booked = await fetch(`${system.apiUrl}/public/reception-days/${encodeURIComponent(next.id)}/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '王芳', phone: '13905718888', matter: '小区旁工地夜间施工噪音扰民，多次投诉无果。' }),
    });
    expect(booked.status).toBe(201);
    // Her last session took place; two people had booked it the week before.
    const last = lastSessionOf(system, '330122', 'tonglu-leader-petitions');
    const [came, absent] = await seedPastBookings(system, last, [
      { name: '赵刚', phone: '13905719001', matter: '村里征地补偿款至今未足额发放。' },
      { name: '钱多多', phone: '13905719003', matter: '公司拖欠三个月工资。' },
    ]);

    await page.goto(system.consoleUrl ?? `${system.apiUrl}/`);
    await page.getByRole('button', { name: '以 陈海燕 登录' }).click();
    await page.getByRole('link', { name: '接待日', exact: true }).click();
    // The month: each session with its leader and places taken; the one booked shows 1 of its places taken.
    const [year, month, day] = next.date.split('-').map(Number);
    // A holiday can put her next session into next month, beyond this month's six weeks.
    if (next.date.slice(0, 7) !== new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7)) await page.getByRole('button', { name: '下一月' }).click();
    const nextChip = page.getByRole('button', { name: new RegExp(`^${year}年${month}月${day}日.*陈海燕接待.*已约 1/${next.capacity}`) });
    await nextChip.waitFor();
    await saveScreenshot(page, 'reception-month');

    // By keyboard: the session opens with its bookings, names and contacts shown to its own leader.
    await nextChip.focus();
    await page.keyboard.press('Enter');
    const bookings = page.getByRole('region', { name: '预约名单' });
    await expect.poll(() => bookings.innerText(), { timeout: 20_000 }).toContain('王芳');
    expect(await bookings.innerText()).toContain('13905718888');
    // The same week at a glance: its sessions with their place in full.
    await page.getByText('周', { exact: true }).click();
    await page.getByRole('group', { name: new RegExp(`^${month}月${day}日`) }).getByRole('button', { name: /陈海燕接待/ }).waitFor();
    await saveScreenshot(page, 'reception-week');

    // Last week's session: 赵刚 came, and his matter is registered as a new visit petition with the leader's note.
    await page.goto(`${system.consoleUrl}reception?date=${last.date}&session=${encodeURIComponent(last.id)}`);
    await page.getByRole('button', { name: `记录接待：${came!.reference} 赵刚` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('主题').fill('征地补偿款未足额发放');
    await dialog.getByLabel('接待记录').fill('陈海燕当面听取诉求，责成县自然资源和规划局两周内核实补偿款发放情况。');
    await dialog.getByRole('button', { name: '保存' }).click();
    const registered = page.getByRole('alert').filter({ hasText: '已登记为新的走访事项', has: page.getByRole('link') });
    await registered.waitFor({ timeout: 15_000 });
    const caseNumber = (await registered.getByRole('link').innerText()).trim();
    expect(caseNumber).toMatch(/^330122-\d{4}-\d{6}$/);

    // His booking shows he was received, and where the note went.
    const cameItem = bookings.getByRole('listitem').filter({ hasText: came!.reference });
    await expect.poll(() => cameItem.innerText(), { timeout: 20_000 }).toContain(`接待，记入信访事项 ${caseNumber}`);
    expect(await cameItem.innerText()).toContain('已接待');

    // 钱多多 did not come.
    await page.getByRole('button', { name: `未到场：${absent!.reference} 钱多多` }).click();
    await page.getByRole('button', { name: '确定' }).click();
    const absentItem = bookings.getByRole('listitem').filter({ hasText: absent!.reference });
    await expect.poll(() => absentItem.innerText(), { timeout: 20_000 }).toContain('陈海燕 于');
    expect(await absentItem.innerText()).toContain('未到场');
    expect(await page.getByRole('button', { name: `未到场：${absent!.reference} 钱多多` }).count()).toBe(0);
    await saveScreenshot(page, 'reception-phone', PHONE);

    // The new case: a visit, its note in its timeline.
    await registered.getByRole('link', { name: caseNumber }).click();
    await page.waitForURL(new RegExp(`/cases/${caseNumber}$`));
    await page.getByText(`预约编号 ${came!.reference}）记录：陈海燕当面听取诉求`).waitFor({ timeout: 20_000 });
    expect(await page.getByText('征地补偿款未足额发放').count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
