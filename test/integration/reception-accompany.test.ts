import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { loginAs, removeDir, startTestSystem, until, type ApiClient } from './helpers.js';

let system: LocalSystem;
let dataDir: string;
let chen: ApiClient; // 陈海燕, who receives on Monday mornings

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  chen = await loginAs(system.apiUrl, 'tonglu-leader-petitions');
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

describe('陪访部门 on the local system', () => {
  it('mails the units 陈海燕 chooses, through the outbox, once however often she saves; a conflicting save is refused', async () => {
    const schedule = await publicCall('GET', '/public/reception-days?jurisdiction=330122&weeks=4');
    const chosen = (schedule.body.sessions as { id: string; date: string; leader: { id: string } }[]).find((s) => s.leader.id === 'tonglu-leader-petitions' && Date.parse(s.date) - Date.now() > 3 * 86_400_000)!;
    const booked = await publicCall('POST', `/public/reception-days/${chosen.id}/bookings`, { name: '孙兰', phone: '13600001234', matter: '老房拆迁安置款至今未到位。' });
    expect(booked.status).toBe(201);

    const body = { units: ['330122-housing', '330122-natural-resources'], expectedVersion: 0 };
    const first = await chen.call('POST', `/reception-days/${chosen.id}/accompanying`, body);
    expect(first.status).toBe(200);
    expect((await chen.call('POST', `/reception-days/${chosen.id}/accompanying`, body)).body).toMatchObject({ repeated: true });
    // Over a version already replaced: DynamoDB's condition refuses it.
    expect((await chen.call('POST', `/reception-days/${chosen.id}/accompanying`, { units: ['330122-hrss'], expectedVersion: 0 })).status).toBe(409);

    const housing = await until('the housing bureau’s notice', () => system.ses.list().find((m) => m.to.includes('housing@tonglu.petitions.example') && m.subject.includes('领导接待日陪访')));
    expect(housing.text).toContain('1. 老房拆迁安置款至今未到位。');
    expect(housing.text).not.toContain('孙兰');
    // Sent once: a moment for a second one to show, if there were one.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(system.ses.list().filter((m) => m.to.includes('housing@tonglu.petitions.example') && m.subject.includes('领导接待日陪访'))).toHaveLength(1);

    const seen = await chen.call('GET', `/reception-days/${chosen.id}/bookings`);
    expect(seen.body.session.accompanying.units.map((u: { name: string }) => u.name)).toEqual(['桐庐县住房和城乡建设局', '杭州市规划和自然资源局桐庐分局']);

    // Cancelled: the units hear it from the adjustment's own transaction (checked against their version on DynamoDB Local).
    const cancelled = await chen.call('POST', `/reception-days/${chosen.id}/adjustment`, { kind: 'cancel', reason: '接待领导赴省里参加会议', expectedVersion: 0 });
    expect(cancelled.status).toBe(200);
    const told = await until('the housing bureau’s cancellation', () => system.ses.list().find((m) => m.to.includes('housing@tonglu.petitions.example') && m.subject.includes('已取消')));
    expect(told.text).toContain('贵单位无需安排人员陪访');
  });
});
