import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { loginAs, removeDir, startTestSystem, until, type ApiClient } from './helpers.js';

let system: LocalSystem;
let dataDir: string;
let office: ApiClient; // 桐庐县信访局

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  office = await loginAs(system.apiUrl, 'tonglu-office');
});

afterAll(async () => {
  await system?.close();
  removeDir(dataDir);
});

async function publicCall(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${system.apiUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('调整 a reception session on the local system', () => {
  it('moves a session: the public schedule lists it on its new day, saying so, and its booker is emailed the new time and place', async () => {
    const schedule = await publicCall('GET', '/public/reception-days?jurisdiction=330122&weeks=4');
    // 陈海燕's Monday morning at least a week ahead: no 提前两日 question.
    const chosen = (schedule.body.sessions as { id: string; date: string; time: string; leader: { id: string } }[]).find(
      (s) => s.leader.id === 'tonglu-leader-petitions' && Date.parse(s.date) - Date.now() > 7 * 86_400_000,
    )!;
    const booked = await publicCall('POST', `/public/reception-days/${chosen.id}/bookings`, { name: '孙兰', phone: '13600001234', email: 'sunlan@163.example', matter: '老房拆迁安置款至今未到位。' });
    expect(booked.status).toBe(201);

    const next = new Date(Date.parse(`${chosen.date}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10); // the Wednesday
    const moved = await office.call('POST', `/reception-days/${chosen.id}/adjustment`, { kind: 'move', date: next, time: '14:30-17:00', place: '桐庐县信访局三楼会议室', reason: '原接待室装修', expectedVersion: 0 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ late: false, told: { email: 1, phone: 0 }, session: { id: chosen.id, date: next, time: '14:30-17:00', adjusted: { version: 1, reason: '原接待室装修' } } });

    // Another request over the version before is refused: someone else adjusted it.
    const stale = await office.call('POST', `/reception-days/${chosen.id}/adjustment`, { kind: 'cancel', reason: '取消', expectedVersion: 0 });
    expect(stale.status).toBe(409);

    const after = await publicCall('GET', '/public/reception-days?jurisdiction=330122&weeks=4');
    expect(after.body.sessions.find((s: { id: string }) => s.id === chosen.id)).toMatchObject({ date: next, place: '桐庐县信访局三楼会议室', adjusted: { rotation: { date: chosen.date, time: chosen.time } } });
    const page = await fetch(`${system.apiUrl}/public/reception?jurisdiction=330122`).then((r) => r.text());
    expect(page).toContain('安排已调整');

    const mail = await until('the booker’s letter', () => system.ses.list().find((m) => m.to.includes('sunlan@163.example') && m.subject.includes('接待安排调整')));
    expect(mail.text).toContain('接待地点：改为桐庐县信访局三楼会议室');
  });
});
