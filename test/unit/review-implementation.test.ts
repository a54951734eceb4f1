import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import type { Case } from '../../shared/domain/case.js';
import { conclude, decideReview, reply, requestReview } from '../../shared/domain/closing.js';
import { reportImplementation } from '../../shared/domain/implementation.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';
import { supervisingOffices } from '../../shared/domain/work-lists.js';
import { InvalidTransition } from '../../shared/domain/errors.js';

// 复查（复核）变更: the county unit carries out the changed decision and reports how (落实情况) to the reviewing office.
const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);
const settings = { base: DEFAULT_TIME_LIMITS };
const parents: Record<string, string> = { '330122': '330100', '330100': '330000' };
const ctx = (at: string, actor = 'tonglu-hrss-handler') => ({ at, actor, settings, calendar, followUpAfterDays: 7, parentOf: (code: string) => parents[code] });
const RESULT = { facts: '查明欠薪属实。', basis: '《保障农民工工资支付条例》。', decision: '责令支付。', outcome: 'partlySupported' as const };

function underReview(): Case {
  const working: Case = {
    caseNumber: '330122-2026-000322',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'email',
    status: 'inProgress',
    matter: '拖欠工资。',
    petitioner: { anonymous: false, name: '赵建国', email: 'zjg@163.example' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-09-01T02:00:00.000Z',
    registeredAt: '2026-09-01T02:00:01.000Z',
    registeredBy: 'system:intake',
    handling: { lead: '330122-hrss', cooperating: [] },
    deadlines: { handling: '2026-10-31T16:00:00.000Z' },
    attachments: [],
    version: 5,
    updatedAt: '2026-09-02T02:00:00.000Z',
  };
  const concluded = conclude(working, RESULT, ctx('2026-10-02T02:00:00.000Z')).case;
  const answered = reply(concluded, { letterId: 'decision:1', delivery: 'email' }, ctx('2026-10-09T02:00:00.000Z')).case;
  return requestReview(answered, { reason: '不服', requestedBy: 'petitioner' }, ctx('2026-10-20T02:00:00.000Z', 'petitioner')).case;
}

const REVISE = { outcome: 'revised' as const, summary: '变更原处理意见：补发全部欠薪', letterId: 'review:1', delivery: 'email' as const };

describe('复查（复核）意见变更后落实并报送落实情况', () => {
  it('a revised 复查 puts the case on the reviewing office’s 交办督办件 list with a report-back day, until the unit reports how it carried it out', () => {
    const { case: c, event } = decideReview(underReview(), REVISE, ctx('2026-11-10T02:00:00.000Z', 'hz-office'));
    expect(c.status).toBe('replied');
    // None set: the unit's handling limit from the decision (60 days: 9 January 2027).
    expect(c.implementation).toMatchObject({ review: 1, orderedBy: '330100', unit: '330122-hrss', dueAt: '2027-01-09T16:00:00.000Z' });
    expect(event.detail).toMatchObject({ implementationDue: '2027-01-09T16:00:00.000Z', reportBackTo: '330100' });
    expect(supervisingOffices(c)).toEqual(['330100']);

    const reported = reportImplementation(c, { report: '已于12月1日补发欠薪12000元，信访人已签收。' }, { at: '2026-12-02T02:00:00.000Z', actor: 'tonglu-hrss-handler' })!;
    expect(reported.event).toMatchObject({ type: 'implementationReported', reason: '已于12月1日补发欠薪12000元，信访人已签收。', detail: { review: 1, reportedTo: '330100', late: false } });
    expect(reported.case.implementation).toMatchObject({ reportedAt: '2026-12-02T02:00:00.000Z', reportedBy: 'tonglu-hrss-handler' });
    expect(supervisingOffices(reported.case)).toEqual([]);
    // Delivered twice: nothing more; a different report after it is refused, saying when it was reported.
    expect(reportImplementation(reported.case, { report: '已于12月1日补发欠薪12000元，信访人已签收。' }, { at: '2026-12-03T02:00:00.000Z', actor: 'x' })).toBeUndefined();
    const refused = (() => {
      try {
        reportImplementation(reported.case, { report: '另行说明' }, { at: '2026-12-03T02:00:00.000Z', actor: 'x' });
      } catch (error) {
        return error as InvalidTransition;
      }
    })();
    expect(refused?.chinese).toMatch(/^落实情况已于2026年12月2日/);
  });

  it('the reviewing office’s 重新办理期限 sets the report-back day where it has one', () => {
    const { case: c } = decideReview(underReview(), REVISE, { ...ctx('2026-11-10T02:00:00.000Z', 'hz-office'), redoLimit: { days: 30, count: 'calendar' } });
    expect(c.implementation?.dueAt).toBe('2026-12-10T16:00:00.000Z');
  });

  it('a 复核 that revises or revokes the 复查意见 is carried out and reported to the 复核 office, the matter staying answered (final)', () => {
    for (const outcome of ['revised', 'revoked'] as const) {
      const reviewed = decideReview(underReview(), { ...REVISE, outcome: 'upheld' }, ctx('2026-11-10T02:00:00.000Z', 'hz-office')).case;
      expect(reviewed.implementation).toBeUndefined();
      const asked = requestReview(reviewed, { reason: '不服复查意见', requestedBy: 'petitioner' }, ctx('2026-11-20T02:00:00.000Z', 'petitioner')).case;
      const { case: c } = decideReview(asked, { ...REVISE, outcome, letterId: 'review:2' }, ctx('2026-12-01T02:00:00.000Z', 'zj-office'));
      expect(c).toMatchObject({ status: 'replied', reviewLevel: 2, implementation: { review: 2, orderedBy: '330000' } });
      expect(supervisingOffices(c)).toEqual(['330000']);
    }
  });

  it('upheld, or a revoking 复查 (handled again, its new answer the report), orders nothing to report', () => {
    expect(decideReview(underReview(), { ...REVISE, outcome: 'upheld' }, ctx('2026-11-10T02:00:00.000Z', 'hz-office')).case.implementation).toBeUndefined();
    expect(decideReview(underReview(), { ...REVISE, outcome: 'revoked' }, ctx('2026-11-10T02:00:00.000Z', 'hz-office')).case.implementation).toBeUndefined();
    const upheld = decideReview(underReview(), { ...REVISE, outcome: 'upheld' }, ctx('2026-11-10T02:00:00.000Z', 'hz-office')).case;
    expect(() => reportImplementation(upheld, { report: '已落实' }, { at: '2026-12-02T02:00:00.000Z', actor: 'x' })).toThrow(InvalidTransition);
  });
});
