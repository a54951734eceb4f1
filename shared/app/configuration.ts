import type { HolidayYear } from '../domain/calendar.js';
import type { StaffRole } from '../domain/department.js';
import type { Province } from '../domain/province.js';
import { HANDLINGS, type Handling, type TimeLimitOverrides, type TimeLimits } from '../domain/time-limits.js';
import type { RoutingRule } from '../config/province-schema.js';
import type { CaseIndexes } from './ports.js';

/**
 * The province configuration as the system loaded it, for administrators:
 * what the rules decide by (tree, units, staff and roles, time limits,
 * routing keywords, escalation, holiday calendars), read-only. Picked field by
 * field, like the directory: no mailboxes, no staff email addresses (the
 * directory publishes none), no letter templates.
 */
export interface ConfigurationView {
  province: { code: string; name: string };
  jurisdictions: {
    code: string;
    name: string;
    level: string;
    parent?: string;
    office: { name: string };
    units: { id: string; name: string; department: string; head?: string }[];
    leadership: { principal?: string; inChargeOfPetitions?: string };
  }[];
  staff: { id: string; name: string; jurisdiction: string; unit?: string; roles: StaffRole[] }[];
  timeLimits: {
    /** The province's limits: the built-in ones with the configured defaults over them. */
    defaults: TimeLimits;
    byChannel: Record<string, TimeLimitOverrides>;
    byCategory: Record<string, TimeLimitOverrides>;
    byJurisdiction: { jurisdiction: string; overrides: TimeLimitOverrides }[];
    /** A jurisdiction's handling limit for a case it handles itself (自办) or hands to a unit (交办、转办): over byJurisdiction, under byChannel and byCategory. */
    byHandling: { jurisdiction: string; handling: Handling; overrides: TimeLimitOverrides }[];
  };
  routing: { province: RoutingRule[]; byJurisdiction: { jurisdiction: string; rules: RoutingRule[] }[] };
  escalation: {
    chain: string[];
    intervalHours: number;
    reminders: { remainingShares: number[]; lastWorkingDay: boolean; hour: number };
    byJurisdiction: { jurisdiction: string; chain?: string[]; intervalHours?: number; reminders?: { remainingShares?: number[]; lastWorkingDay?: boolean; hour?: number } }[];
  };
  calendars: HolidayYear[];
}

export function configurationOf(province: Province): ConfigurationView {
  const { config } = province;
  const defaults = config.defaults;
  return {
    province: { code: config.province.code, name: config.province.name },
    jurisdictions: config.jurisdictions.map((j) => ({
      code: j.code,
      name: j.name,
      level: j.level,
      ...(j.parent ? { parent: j.parent } : {}),
      office: { name: j.office.name },
      units: j.units.map((u) => ({ id: u.id, name: u.name, department: u.department, ...(u.head ? { head: u.head } : {}) })),
      leadership: {
        ...(j.leadership.principal ? { principal: j.leadership.principal } : {}),
        ...(j.leadership.inChargeOfPetitions ? { inChargeOfPetitions: j.leadership.inChargeOfPetitions } : {}),
      },
    })),
    staff: config.staff.map((s) => ({ id: s.id, name: s.name, jurisdiction: s.jurisdiction, ...(s.unit ? { unit: s.unit } : {}), roles: [...s.roles] })),
    timeLimits: {
      defaults: province.timeLimitsFor(config.province.code).base,
      byChannel: defined(defaults.byChannel),
      byCategory: defined(defaults.byCategory),
      byJurisdiction: config.jurisdictions.flatMap((j) => {
        const overrides = j.timeLimits ? defined(j.timeLimits) : {};
        return Object.keys(overrides).length ? [{ jurisdiction: j.code, overrides }] : [];
      }),
      byHandling: config.jurisdictions.flatMap((j) => HANDLINGS.flatMap((handling) => (j.byHandling?.[handling] ? [{ jurisdiction: j.code, handling, overrides: { ...j.byHandling[handling] } }] : []))),
    },
    routing: {
      province: defaults.routingRules,
      byJurisdiction: config.jurisdictions.filter((j) => j.routingRules.length > 0).map((j) => ({ jurisdiction: j.code, rules: j.routingRules })),
    },
    escalation: {
      chain: [...defaults.escalationChain],
      intervalHours: defaults.escalationIntervalHours,
      reminders: { ...defaults.reminders, remainingShares: [...defaults.reminders.remainingShares] },
      byJurisdiction: config.jurisdictions.flatMap((j) =>
        j.escalationChain || j.escalationIntervalHours !== undefined || j.reminders
          ? [
              {
                jurisdiction: j.code,
                ...(j.escalationChain ? { chain: [...j.escalationChain] } : {}),
                ...(j.escalationIntervalHours !== undefined ? { intervalHours: j.escalationIntervalHours } : {}),
                ...(j.reminders ? { reminders: defined(j.reminders) } : {}),
              },
            ]
          : [],
      ),
    },
    calendars: province.calendar.yearData(),
  };
}

/** Open cases whose clocks were counted without their year's holiday calendar (weekends and statutory holidays only, no 调休). */
export interface ProvisionalClocks {
  /** The years those clocks run into that have no calendar yet: add config/holidays/<year>.yaml. */
  waitingFor: number[];
  cases: { caseNumber: string; jurisdiction: string; status: string; clocks: { clock: string; deadline: string }[] }[];
  /** More open cases were due in those years than were read (`read`): the list is the soonest due. */
  truncated: boolean;
  /** Open cases read to find them. */
  read: number;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const chinaYearOf = (instant: string): number => new Date(Date.parse(instant) + CHINA_OFFSET_MS).getUTCFullYear();

/**
 * The provisional clocks of every office and unit's open cases, from the work
 * lists' index (never a scan): only cases whose running deadline falls after
 * the last year the calendar covers are read, soonest due first, at most
 * `maxRead`. Each one's provisional clocks are given with their deadlines.
 */
export async function provisionalClocks(deps: { store: CaseIndexes; province: Province }, maxRead = 1000): Promise<ProvisionalClocks> {
  const covered = deps.province.calendar.years();
  const lastCovered = covered.at(-1);
  const dueFrom = lastCovered === undefined ? undefined : new Date(Date.UTC(lastCovered + 1, 0, 1) - CHINA_OFFSET_MS).toISOString();
  const partitions = deps.province.config.jurisdictions.flatMap((j) => [{ office: j.code }, ...j.units.map((u) => ({ unit: u.id }))]);
  const cases: ProvisionalClocks['cases'] = [];
  const waitingFor = new Set<number>();
  let read = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.store.workListPage({ partitions, ...(dueFrom ? { dueFrom } : {}), limit: Math.min(100, maxRead - read), ...(cursor ? { cursor } : {}) });
    read += page.items.length;
    cursor = page.cursor;
    for (const summary of page.items) {
      const clocks = Object.entries(summary.provisionalClocks ?? {}).map(([clock, deadline]) => ({ clock, deadline }));
      if (clocks.length === 0) continue;
      for (const { deadline } of clocks) if (!covered.includes(chinaYearOf(deadline))) waitingFor.add(chinaYearOf(deadline));
      cases.push({ caseNumber: summary.caseNumber, jurisdiction: summary.jurisdiction, status: summary.status, clocks });
    }
  } while (cursor && read < maxRead);
  return { waitingFor: [...waitingFor].sort((a, b) => a - b), cases, truncated: cursor !== undefined, read };
}

function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === 'object' && v !== null && !Array.isArray(v) ? defined(v as object) : v]),
  ) as never;
}
