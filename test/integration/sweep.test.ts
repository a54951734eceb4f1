import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { escalationStepDueAt } from '../../shared/domain/chase.js';
import { letter, loginAs, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

let system: LocalSystem;
let dataDir: string;
let registrar: ApiClient;
let office: ApiClient; // 桐庐县信访局
let handler: ApiClient; // 桐庐县住建局 承办人

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
  office = await loginAs(system.apiUrl, 'tonglu-office');
  handler = await loginAs(system.apiUrl, 'tonglu-housing-handler');
});

afterAll(async () => {
  await system?.close();
  removeDir(dataDir);
});

const HOUR = 3_600_000;
const emailOf = (staffId: string) => system.province.staff(staffId)!.email;
const mailAbout = (caseNumber: string, to: string, subject: RegExp) =>
  system.ses.list().filter((m) => m.to.includes(to) && m.subject.includes(caseNumber) && subject.test(m.subject));
const eventsOf = async (caseNumber: string) => (await office.call('GET', `/cases/${caseNumber}`)).body.events as { type: string; detail?: any }[];

/** Runs the sweep through the local runtime's time-travel route, as `npm run sweep -- --at …` does. */
async function sweepAt(at: string | number) {
  const response = await fetch(`${system.apiUrl}/local/schedules/sweep`, {
    method: 'POST',
    body: JSON.stringify({ at: typeof at === 'number' ? new Date(at).toISOString() : at }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: Record<string, number> }).result;
}

/** A case handled by 桐庐县住建局, claimed by its handler. */
let handled = 0;
async function handledCase(): Promise<{ caseNumber: string; start: number; deadline: number }> {
  // Each its own petitioner: the same one with the same letter again is a 重复件, which the router declines.
  handled += 1;
  const created = await registrar.call('POST', '/cases', letter({ petitioner: { name: '周敏', email: `zhoumin${handled}@qq.example` } }));
  const caseNumber = created.body.case.caseNumber as string;
  // The router reads every new case first (it would decline a 重复件): the office takes it from 待分办.
  await until('the router', async () => (await eventsOf(caseNumber)).some((e) => e.type === 'sentToTriage'));
  expect((await office.call('POST', `/cases/${caseNumber}/accept`, { category: 'complaint' })).status).toBe(200);
  expect((await office.call('POST', `/cases/${caseNumber}/assign`, { lead: '330122-housing' })).status).toBe(202);
  await until('the assignment', async () => (await eventsOf(caseNumber)).some((e) => e.type === 'assigned'));
  expect((await handler.call('POST', `/cases/${caseNumber}/claim`, {})).status).toBe(200);
  const { case: c } = (await office.call('GET', `/cases/${caseNumber}`)).body;
  return { caseNumber, start: Date.parse(c.deadlines.started.handling), deadline: Date.parse(c.deadlines.handling) };
}

describe('the sweep with time travel: reminders, overdue, escalation', () => {
  it('reminds the unit, then climbs the chain one step per interval, each step once even when sweeps overlap', async () => {
    const { caseNumber, start, deadline } = await handledCase();
    const unitMailbox = 'housing@tonglu.petitions.example';

    // The first sweep only plans the new clock: nothing is due yet. (Scheduled events carry whole seconds.)
    const planned = await sweepAt(Date.now() + 2000);
    expect(planned.reminded).toBe(0);
    expect((await office.call('GET', `/cases/${caseNumber}`)).body.case.chase).toMatchObject({ clock: 'handling', reminded: [], escalated: [] });

    // When 20% of the period is left, the unit is reminded (催办).
    const twentyPercentLeft = deadline - 0.2 * (deadline - start);
    expect((await sweepAt(twentyPercentLeft + 60_000)).reminded).toBeGreaterThanOrEqual(1);
    const reminder = await until('the 20% reminder', () => mailAbout(caseNumber, unitMailbox, /^【催办】/)[0]);
    expect(reminder.text).toMatch(/还有\d+个工作日|最后一个工作日/);

    // An hour past the deadline: the first step, the handling official who owns the case.
    await sweepAt(deadline + HOUR);
    const first = await until('the first escalation', () => mailAbout(caseNumber, emailOf('tonglu-housing-handler'), /^【督办】/)[0]);
    expect(first.text).toContain('已逾期');

    // Half a day later the interval (24 h) has not passed: nothing more.
    await sweepAt(deadline + 13 * HOUR);

    // A day of working time later (a weekend in between does not count) two sweeps run at once (an overlap, or a retry): the unit head is told once.
    const workingDayAfter = (at: number) => Date.parse(escalationStepDueAt(new Date(at).toISOString(), 24, system.province.calendar));
    const second = workingDayAfter(deadline + HOUR);
    await Promise.all([sweepAt(second), sweepAt(second), system.fireSchedule('sweep', new Date(second))]);
    await until('the second escalation', () => mailAbout(caseNumber, emailOf('tonglu-housing-head'), /^【督办】/)[0]);
    // And the same instant swept again changes nothing.
    await sweepAt(second);

    // Give the mailer time to send anything a duplicate would have queued.
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailAbout(caseNumber, emailOf('tonglu-housing-head'), /^【督办】/)).toHaveLength(1);
    expect(mailAbout(caseNumber, emailOf('tonglu-housing-handler'), /^【督办】/)).toHaveLength(1);
    expect(mailAbout(caseNumber, unitMailbox, /^【催办】/)).toHaveLength(1);

    const events = await eventsOf(caseNumber);
    expect(events.filter((e) => e.type === 'reminded').map((e) => e.detail.reminder)).toEqual(['remaining:0.2']);
    expect(events.filter((e) => e.type === 'escalated').map((e) => [e.detail.step, e.detail.number])).toEqual([
      ['handlingOfficial', 1],
      ['unitHead', 2],
    ]);

    // The next day, the petitions office; the case records each step with who was told.
    await sweepAt(workingDayAfter(second));
    await until('the third escalation', () => mailAbout(caseNumber, 'xinfang@tonglu.petitions.example', /^【督办】/)[0]);
    const third = (await eventsOf(caseNumber)).filter((e) => e.type === 'escalated').at(-1);
    expect(third?.detail).toMatchObject({ step: 'petitionsOffice', number: 3, to: ['office:330122'] });
  });

  it('refuses a time that is not an instant, saying what it wants', async () => {
    const response = await fetch(`${system.apiUrl}/local/schedules/sweep`, { method: 'POST', body: JSON.stringify({ at: 'next tuesday' }) });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('2027-01-15T09:00+08:00');
  });

  it('sends each unit one daily digest of its overdue and due cases', async () => {
    const { caseNumber, deadline } = await handledCase();
    const at = new Date(deadline + 2 * HOUR).toISOString();
    const fire = () => fetch(`${system.apiUrl}/local/schedules/digest`, { method: 'POST', body: JSON.stringify({ at }) });
    expect((await fire()).status).toBe(200);
    expect((await fire()).status).toBe(200);
    const digest = await until('the digest', () =>
      system.ses.list().find((m) => m.to.includes('housing@tonglu.petitions.example') && m.subject.startsWith('【每日提醒】') && m.text.includes(caseNumber)),
    );
    expect(digest.text).toMatch(/已超过期限（\d+件）/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(system.ses.list().filter((m) => m.subject === digest.subject && m.to.includes('housing@tonglu.petitions.example'))).toHaveLength(1);
  });
});
