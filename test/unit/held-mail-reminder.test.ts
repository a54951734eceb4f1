import { describe, expect, it } from 'vitest';
import type { NotificationInput } from '../../shared/app/notification.js';
import type { CaseStore } from '../../shared/app/ports.js';
import { sendDigests } from '../../shared/app/sweep/digest.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * 疑似广告 waiting too long: a petition may be among the held emails, so an office whose oldest one has
 * waited more than a working day is told in the daily run — how many, since when — once a day.
 */
const province = loadProvinceConfig(DEMO_CONFIG);
const store = { workList: async () => [], workListPage: async () => ({ items: [] }) } as unknown as CaseStore;

async function run(now: string, waiting: Record<string, { count: number; oldestReceivedAt?: string }>) {
  const sent: { id: string; body: NotificationInput }[] = [];
  const notify = { publish: async (messages: readonly { id: string; body: NotificationInput }[]) => void sent.push(...messages) };
  const held = { waiting: async (office: string) => waiting[office] ?? { count: 0 } };
  const report = await sendDigests({ store, province, notify, held }, now);
  return { report, notices: sent.filter((m) => m.body.subject.startsWith('【疑似广告】')) };
}

describe('held emails in the daily run', () => {
  // Received Friday 4 December 2026, 08:30 China time.
  const oldest = '2026-12-04T00:30:00.000Z';

  it('tells the office how many wait and since when, once the oldest has waited more than a working day', async () => {
    // Tuesday 8 December, 08:00 China time: Monday, the working day after, has passed.
    const { report, notices } = await run('2026-12-08T00:00:00.000Z', { '330122': { count: 3, oldestReceivedAt: oldest } });
    expect(notices).toHaveLength(1);
    const [notice] = notices;
    expect(notice!.id).toBe('held-mail:office:330122:2026-12-08');
    expect(notice!.body.to).toEqual([province.jurisdiction('330122').office.mailbox]);
    expect(notice!.body.subject).toBe('【疑似广告】3封疑似广告邮件待甄别，最早于2026年12月4日 08:30收到（2026年12月8日）');
    expect(notice!.body.text).toContain('/?list=held-mail');
    // The list holds letters to a mailbox since removed too, not only advertising: the office is told so.
    expect(notice!.body.text).toContain('寄往已停用、非信访邮箱的地址');
    expect(report.heldWaiting).toBe(3);
  });

  it('says nothing while the oldest is within its working day (the weekend not counted), nor when none waits', async () => {
    // Monday 7 December, 10:00 China time: Monday is the first working day after Friday's email.
    expect((await run('2026-12-07T02:00:00.000Z', { '330122': { count: 3, oldestReceivedAt: oldest } })).notices).toEqual([]);
    expect((await run('2026-12-08T00:00:00.000Z', {})).notices).toEqual([]);
  });
});
