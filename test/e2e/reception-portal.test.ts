import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { loginAs } from '../integration/helpers.js';
import { openPortalOnPhone, saveScreenshot, type ConsoleSession } from './helpers.js';

/**
 * Booking a leader reception day place from a phone, in Debian's Chromium
 * against the local system: the office's sessions, a form with problems, the
 * confirmation with the cancel code, and cancelling with it; the office sees
 * the booking cancelled by its booker and the place free again.
 */
describe('booking and cancelling a reception day on a phone', () => {
  let session: ConsoleSession;
  let system: LocalSystem;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openPortalOnPhone();
    ({ system, page, pageErrors } = session);
  }, 120_000);

  afterAll(() => session?.close());

  it('books a place, is given the cancel code, and cancels with it; the office sees the place free again', async () => {
    await page.goto(`${system.apiUrl}/public/reception`);
    await page.getByLabel('信访机构').selectOption({ label: '桐庐县信访局' });
    await page.getByRole('button', { name: '查看接待安排' }).click();
    await page.getByRole('heading', { name: '桐庐县信访局近期接待安排' }).waitFor();
    await saveScreenshot(page, 'portal-reception-sessions');
    const book = page.getByRole('link', { name: /^预约.+的接待$/ }).first();
    const sessionId = decodeURIComponent(/session=([^&]+)/.exec((await book.getAttribute('href'))!)![1]!);
    await book.click();
    await page.getByRole('heading', { name: '预约领导接待日' }).waitFor();

    // Sent empty: each problem at the top and next to its field.
    await page.getByRole('button', { name: '预约', exact: true }).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('heading', { name: /预约未成功/ }).waitFor();
    expect(await summary.getByRole('link').allInnerTexts()).toEqual(['请填写姓名', '请填写手机号码或电子邮箱（至少一项），以便信访局联系您', '请简要说明要反映的事项']);
    await saveScreenshot(page, 'portal-reception-form-errors');

    await page.getByLabel('姓名').fill('李娜');
    await page.getByLabel('手机号码').fill('13900002222');
    await page.getByLabel('电子邮箱').fill('lina@163.example');
    await page.getByLabel('要反映的事项').fill('村里的道路硬化工程拖了两年没有完工，想当面反映。');
    await page.getByRole('button', { name: '预约', exact: true }).click();
    await page.getByRole('heading', { name: '预约成功' }).waitFor();
    const reference = (await page.locator('#booking-reference').innerText()).trim();
    const code = (await page.locator('#cancel-code').innerText()).trim();
    expect(reference).toMatch(/^JD-[0-9A-F]{8}$/);
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    await saveScreenshot(page, 'portal-reception-booked');

    const office = await loginAs(system.apiUrl, 'tonglu-office');
    const bookings = async () => (await office.call('GET', `/reception-days/${encodeURIComponent(sessionId)}/bookings`)).body as { session: { placesLeft: number }; bookings: { reference: string; status: string; cancelledBy?: string }[] };
    const booked = await bookings();
    expect(booked.bookings.find((b) => b.reference === reference)?.status).toBe('booked');

    // A wrong code: nothing of the booking, nothing cancelled.
    await page.getByRole('link', { name: '取消预约' }).click();
    await page.getByLabel('预约编号').fill(reference);
    await page.getByLabel('取消码').fill('ABCD-EFGH-JKMN');
    await page.getByRole('button', { name: '取消预约' }).click();
    await page.getByRole('heading', { name: '未找到相符的预约' }).waitFor();
    expect(await page.content()).not.toContain('李娜');

    await page.getByLabel('取消码').fill(code.toLowerCase());
    await saveScreenshot(page, 'portal-reception-cancel');
    await page.getByRole('button', { name: '取消预约' }).click();
    await page.getByRole('heading', { name: '预约已取消' }).waitFor();
    expect(page.url()).not.toContain(code);
    await saveScreenshot(page, 'portal-reception-cancelled');

    const after = await bookings();
    expect(after.session.placesLeft).toBe(booked.session.placesLeft + 1);
    expect(after.bookings.find((b) => b.reference === reference)).toMatchObject({ status: 'cancelled', cancelledBy: 'system:booker' });
    expect(pageErrors).toEqual([]);
  });
});
