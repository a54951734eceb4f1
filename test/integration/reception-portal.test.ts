import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { loginAs, removeDir, startTestSystem, until, type ApiClient } from './helpers.js';

let system: LocalSystem;
let dataDir: string;
let office: ApiClient; // 桐庐县信访局
const logs = captureLogs();

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  office = await loginAs(system.apiUrl, 'tonglu-office');
});

afterAll(async () => {
  logs.restore();
  await system?.close();
  removeDir(dataDir);
});

const get = async (path: string) => {
  const response = await fetch(`${system.apiUrl}${path}`);
  return { status: response.status, page: await response.text() };
};
const post = async (path: string, fields: Record<string, string>) => {
  const response = await fetch(`${system.apiUrl}${path}`, { method: 'POST', body: new URLSearchParams(fields) });
  return { status: response.status, page: await response.text() };
};

const BOOKER = { name: '李娜', phone: '13900002222', email: 'lina@163.example', matter: '村里的道路硬化工程拖了两年没有完工，想当面反映。' };

describe('booking and cancelling a reception day place from the portal, on the local system', () => {
  it('books from the page, cancels with the code, frees the place, and staff see it cancelled by its booker', async () => {
    const schedule = await get('/public/reception?jurisdiction=330122');
    expect(schedule.status).toBe(200);
    const link = /href="(\/public\/reception\/book\?session=([^"]+))"/.exec(schedule.page);
    expect(link).not.toBeNull();
    const sessionId = decodeURIComponent(link![2]!);
    const placesBefore = async () => {
      const s = await office.call('GET', `/reception-days/${encodeURIComponent(sessionId)}/bookings`);
      expect(s.status).toBe(200);
      return s.body as { session: { placesLeft: number; taken: number }; bookings: { reference: string; status: string; cancelledBy?: string }[] };
    };
    const before = await placesBefore();

    const form = await get(link![1]!.replace(/&amp;/g, '&'));
    expect(form.status).toBe(200);
    expect(form.page).toContain(`name="session" value="${sessionId}"`);

    const booked = await post('/public/reception/book', { session: sessionId, ...BOOKER, caseNumber: '' });
    expect(booked.status).toBe(201);
    const reference = /id="booking-reference">(JD-[0-9A-F]{8})</.exec(booked.page)![1]!;
    const code = /id="cancel-code">([^<]+)</.exec(booked.page)![1]!;

    const taken = await placesBefore();
    expect(taken.session.placesLeft).toBe(before.session.placesLeft - 1);
    expect(taken.bookings.find((b) => b.reference === reference)).toMatchObject({ status: 'booked' });

    // The confirmation email says how to cancel, with the code.
    const mail = await until('the booking confirmation', () => system.ses.list().find((m) => m.to.includes(BOOKER.email) && m.subject.includes(reference)));
    expect(mail.text).toContain(`取消码：${code}`);
    expect(mail.text).toContain('/public/reception/cancel');

    // A wrong code reveals nothing and cancels nothing.
    const wrong = await post('/public/reception/cancel', { reference, code: 'ABCD-EFGH-JKMN' });
    expect(wrong.status).toBe(404);
    expect(wrong.page).toContain('未找到相符的预约');
    expect((await placesBefore()).session.placesLeft).toBe(before.session.placesLeft - 1);

    const cancelled = await post('/public/reception/cancel', { reference: reference.toLowerCase(), code: code.replace(/-/g, '').toLowerCase() });
    expect(cancelled.status).toBe(200);
    expect(cancelled.page).toContain('您的预约已取消');
    // Asked again: the same answer, nothing freed twice.
    const again = await post('/public/reception/cancel', { reference, code });
    expect(again.status).toBe(200);
    expect(again.page).toContain('您的预约已取消');
    // Told in writing, once though asked twice: the booking, the place freed, how to book again.
    const told = await until('the cancellation', () => system.ses.list().find((m) => m.to.includes(BOOKER.email) && m.subject.includes(`预约已取消 ${reference}`)));
    expect(told.text).toContain('名额已释放给其他群众');
    expect(told.text).toContain('/public/reception?jurisdiction=330122');

    const after = await placesBefore();
    expect(after.session.placesLeft).toBe(before.session.placesLeft);
    expect(after.bookings.find((b) => b.reference === reference)).toMatchObject({ status: 'cancelled', cancelledBy: 'system:booker' });
    const freed = await get('/public/reception?jurisdiction=330122');
    expect(freed.page).toContain(`剩余名额 ${before.session.placesLeft} 个`);

    // The same person may book the session again: their contact's claim went with the cancellation.
    const rebooked = await post('/public/reception/book', { session: sessionId, ...BOOKER, caseNumber: '' });
    expect(rebooked.status).toBe(201);

    expect(system.ses.list().filter((m) => m.subject.includes(`预约已取消 ${reference}`))).toHaveLength(1);

    // No function logged the booker's name, phone, email or code.
    expect(logs.text()).not.toMatch(new RegExp([BOOKER.name, BOOKER.phone, BOOKER.email, code].join('|')));
  });
});
