import { describe, expect, it } from 'vitest';
import type { Case } from '../../shared/domain/case.js';
import { InvalidTransition, RuleViolation } from '../../shared/domain/errors.js';
import { decideExtension, requestExtension } from '../../shared/domain/extension.js';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';

const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);

/** A case in its unit, due at the end of Friday 4 December 2026 (China time). */
function handled(overrides: Partial<Case> = {}): Case {
  return {
    caseNumber: '330122-2026-000077',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'letter',
    status: 'inProgress',
    matter: '反映拖欠工资问题。',
    petitioner: { anonymous: false, name: '李娜', email: 'lina@qq.example' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-10-01T02:00:00.000Z',
    registeredAt: '2026-10-01T02:05:00.000Z',
    registeredBy: 'tonglu-registrar',
    handling: { lead: '330122-hrss', cooperating: [] },
    deadlines: { handling: '2026-12-04T16:00:00.000Z' },
    attachments: [],
    version: 5,
    updatedAt: '2026-11-01T02:00:00.000Z',
    ...overrides,
  };
}

const ask = (at: string, days = 20, c = handled()) => requestExtension(c, { days, reason: '需要现场勘验并委托鉴定' }, { at, actor: 'tonglu-hrss-head', calendar });

describe('requesting an extension (延期)', () => {
  it('is recorded with its reason and waits for a leader', () => {
    const { case: c, event } = ask('2026-11-25T02:00:00.000Z');
    expect(c.extension).toMatchObject({ days: 20, status: 'requested', requestedBy: 'tonglu-hrss-head' });
    expect(c.deadlines.handling).toBe('2026-12-04T16:00:00.000Z');
    expect(event).toMatchObject({ type: 'extensionRequested', seq: 6, reason: '需要现场勘验并委托鉴定' });
  });

  it('must come 5 working days before the deadline: Friday 27 November is the last day for Friday 4 December', () => {
    expect(() => ask('2026-11-27T09:00:00.000Z')).not.toThrow();
    expect(() => ask('2026-11-30T01:00:00.000Z')).toThrow(RuleViolation);
  });

  it('is at most 30 days, once per case, and only while the case is handled', () => {
    expect(() => ask('2026-11-20T02:00:00.000Z', 31)).toThrow(RuleViolation);
    const approved = decideExtension(ask('2026-11-20T02:00:00.000Z').case, { approve: true }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-petitions' }).case;
    expect(() => ask('2026-11-22T02:00:00.000Z', 5, approved)).toThrow(/only once/);
    expect(() => ask('2026-11-20T02:00:00.000Z', 10, handled({ status: 'concluded' }))).toThrow(InvalidTransition);
  });
});

describe('a leader decides', () => {
  it('approval moves the handling deadline by the requested days', () => {
    const { case: c, event } = decideExtension(ask('2026-11-20T02:00:00.000Z').case, { approve: true }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-petitions' });
    expect(c.deadlines.handling).toBe('2026-12-24T16:00:00.000Z');
    expect(c.extension).toMatchObject({ status: 'approved', decidedBy: 'tonglu-leader-petitions' });
    expect(event.type).toBe('extensionApproved');
  });

  it('refusal keeps the deadline and records why; a second decision is refused', () => {
    const { case: c } = decideExtension(ask('2026-11-20T02:00:00.000Z').case, { approve: false, reason: '可在原期限内办结' }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-petitions' });
    expect(c.deadlines.handling).toBe('2026-12-04T16:00:00.000Z');
    expect(c.extension).toMatchObject({ status: 'refused', refusal: '可在原期限内办结' });
    expect(() => decideExtension(c, { approve: true }, { at: '2026-11-22T02:00:00.000Z', actor: 'x' })).toThrow(InvalidTransition);
  });
});

describe('a deadline in a year without a holiday calendar yet', () => {
  it('counts the 5 working days over weekends only instead of failing', () => {
    // Due Friday 5 March 2027: the last day to ask is Friday 26 February.
    const c = handled({ deadlines: { handling: '2027-03-05T16:00:00.000Z', provisional: ['handling'] } });
    expect(() => ask('2027-02-26T02:00:00.000Z', 10, c)).not.toThrow();
    expect(() => ask('2027-03-01T02:00:00.000Z', 10, c)).toThrow(RuleViolation);
  });
});
