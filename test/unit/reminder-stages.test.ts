import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configurationOf } from '../../shared/app/configuration.js';
import { ConfigError, parseProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import { planChase, sweepDueAt } from '../../shared/domain/chase.js';

const DEMO = fileURLToPath(new URL('../../config/province.yaml', import.meta.url));
const raw = () => parseYaml(readFileSync(DEMO, 'utf8')) as { jurisdictions: { code: string; reminders?: unknown }[] };
const province = parseProvinceConfig(raw(), DEMO);

/** A case in handling at a jurisdiction: accepted Mon 2 Nov 2026 10:00 China time, 30 days, the last day Wed 2 Dec. */
function handled(jurisdiction: string): Case {
  return {
    caseNumber: `${jurisdiction}-2026-000101`,
    jurisdiction,
    receivingOffice: jurisdiction,
    channel: 'email',
    status: 'inProgress',
    matter: '小区电梯长期故障。',
    petitioner: { anonymous: false },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-10-30T02:00:00.000Z',
    registeredAt: '2026-10-30T02:00:01.000Z',
    registeredBy: 'system:intake',
    handling: { lead: `${jurisdiction}-housing`, cooperating: [] },
    deadlines: { handling: '2026-12-02T16:00:00.000Z', started: { handling: '2026-11-02T02:00:00.000Z' } },
    attachments: [],
    version: 4,
    updatedAt: '2026-11-02T02:00:00.000Z',
  };
}

/** Sweeps at each instant as the scheduled sweep does (only when the due index says so), and lists the reminders sent. */
function sweeps(c: Case, instants: string[]): { at: string; reminder: string }[] {
  const sent: { at: string; reminder: string }[] = [];
  let current = c;
  for (const now of instants) {
    const due = sweepDueAt(current);
    if (!due || due > now) continue;
    const plan = planChase(current, now, province.chaseSettingsFor(current.jurisdiction), province.calendar, () => true);
    if (plan.action?.kind === 'remind') sent.push({ at: now, reminder: plan.action.reminder });
    if (plan.state) current = { ...current, chase: plan.state };
  }
  return sent;
}

/** Every 15 minutes from 2 November to the deadline, as the sweep runs. */
const EVERY_QUARTER_HOUR = Array.from({ length: 30 * 96 }, (_, i) => new Date(Date.parse('2026-11-02T02:15:00.000Z') + i * 900_000).toISOString());

describe('reminder stages per jurisdiction (催办)', () => {
  it('淳安县 sets its own stages — half the time left, a fifth left, the last working day — each sent once however often the sweep runs', () => {
    expect(province.chaseSettingsFor('330127')).toMatchObject({ remainingShares: [0.5, 0.2], lastWorkingDay: true, reminderHour: 9 });
    expect(sweeps(handled('330127'), EVERY_QUARTER_HOUR)).toEqual([
      // Half of the 30 days 14 hours from 10:00 on 2 November to midnight after 2 December: 17:00 on Tue 17 November, reminded that morning at 09:00.
      { at: '2026-11-17T01:00:00.000Z', reminder: 'remaining:0.5' },
      // A fifth left at 21:12 on Thu 26 November: reminded at 09:00 that day, not at night.
      { at: '2026-11-26T01:00:00.000Z', reminder: 'remaining:0.2' },
      { at: '2026-12-02T01:00:00.000Z', reminder: 'lastWorkingDay' },
    ]);
  });

  it('the administrators’ configuration view lists a jurisdiction’s own stages beside the province’s', () => {
    const { escalation } = configurationOf(province);
    expect(escalation.reminders).toEqual({ remainingShares: [0.2], lastWorkingDay: true, hour: 9 });
    expect(escalation.byJurisdiction).toContainEqual({ jurisdiction: '330127', reminders: { remainingShares: [0.5, 0.2] } });
  });

  it('桐庐县 keeps the province’s stages: a fifth left and the last working day', () => {
    expect(sweeps(handled('330122'), EVERY_QUARTER_HOUR).map((s) => s.reminder)).toEqual(['remaining:0.2', 'lastWorkingDay']);
  });

  it('the sweep looks at the case only when its next stage falls due (the due index), not at every run', () => {
    const c = handled('330127');
    const first = planChase(c, '2026-11-02T02:15:00.000Z', province.chaseSettingsFor('330127'), province.calendar, () => true);
    expect(first.action).toBeUndefined();
    expect(sweepDueAt({ ...c, chase: first.state! })).toBe('2026-11-17T01:00:00.000Z');
  });
});

describe('reminder stages are validated with the place and the reason', () => {
  const problems = (reminders: unknown) => {
    const config = raw();
    const index = config.jurisdictions.findIndex((j) => j.code === '330127');
    config.jurisdictions[index]!.reminders = reminders;
    try {
      parseProvinceConfig(config, 'province.yaml');
    } catch (error) {
      if (error instanceof ConfigError) return { index, issues: error.issues.map((i) => `${i.path}: ${i.message}`) };
      throw error;
    }
    throw new Error('accepted');
  };

  it('a share outside (0, 1), one given twice, an hour that is not one, an unknown key', () => {
    const { index, issues } = problems({ remainingShares: [0.5, 1.2, 0.5], hour: 25, lastDay: true });
    const at = `jurisdictions[${index}].reminders`;
    expect(issues).toEqual(
      expect.arrayContaining([
        `${at}.remainingShares[1]: must be less than 1: the share of the period left, e.g. 0.5 for 50% (the last working day is lastWorkingDay: true)`,
        `${at}.remainingShares[2]: 0.5 is given twice; each stage is sent once`,
        `${at}.hour: must be a whole hour 0–23 (China time)`,
        expect.stringMatching(new RegExp(`^${at.replace(/[[\]]/g, '\\$&')}.*lastDay`)),
      ]),
    );
  });
});
