import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import type { Case } from '../../shared/domain/case.js';
import { conclude, decideReview, reply, requestReview } from '../../shared/domain/closing.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';
import { supervisingOffices } from '../../shared/domain/work-lists.js';
import { relationOf } from '../../shared/domain/supervision.js';
import { chaseMail } from '../../shared/app/sweep/chase-mail.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

// 复查撤销、责令重新办理: the county unit handles the matter again and reports its new answer to the city office that reviewed it.
const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);
const settings = { base: DEFAULT_TIME_LIMITS };
const parents: Record<string, string> = { '330122': '330100', '330100': '330000' };
const ctx = (at: string, actor = 'tonglu-hrss-handler') => ({ at, actor, settings, calendar, followUpAfterDays: 7, parentOf: (code: string) => parents[code] });
const RESULT = { facts: '查明欠薪属实。', basis: '《保障农民工工资支付条例》。', decision: '责令支付。', outcome: 'supported' as const };

function underReview(overrides: Partial<Case> = {}): Case {
  const working: Case = {
    caseNumber: '330122-2026-000321',
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
    ...overrides,
  };
  const concluded = conclude(working, RESULT, ctx('2026-10-02T02:00:00.000Z')).case;
  const answered = reply(concluded, { letterId: 'decision:1', delivery: 'email' }, ctx('2026-10-09T02:00:00.000Z')).case;
  return requestReview(answered, { reason: '不服', requestedBy: 'petitioner' }, ctx('2026-10-20T02:00:00.000Z', 'petitioner')).case;
}

const REVOKE = { outcome: 'revoked' as const, summary: '事实不清，撤销原处理意见，责令重新办理', letterId: 'review:1', delivery: 'email' as const };

describe('复查撤销后重新办理并报复查机关', () => {
  it('the reviewing office is owed the new answer: it supervises the case until then and letters name the relation', () => {
    const { case: c, event } = decideReview(underReview(), REVOKE, ctx('2026-11-10T02:00:00.000Z', 'hz-office'));
    expect(c).toMatchObject({ status: 'inProgress', reportBackTo: '330100', redoOrderedBy: ['330100'] });
    expect(event.detail).toMatchObject({ reportBackTo: '330100', handlingDeadline: c.deadlines.handling });
    // On the city office's 交办督办件 list with the county's clock, until the county answers.
    expect(supervisingOffices(c)).toEqual(['330100']);
    expect(relationOf(c, '330100')).toBe('复查后责令重新办理');
    const answered = reply(conclude(c, RESULT, ctx('2026-12-01T02:00:00.000Z')).case, { letterId: 'decision:2', delivery: 'email' }, ctx('2026-12-02T02:00:00.000Z')).case;
    expect(supervisingOffices(answered)).toEqual([]);
  });

  it('the reviewing office’s period for handling again (重新办理期限) sets the deadline where it has one', () => {
    const { case: c } = decideReview(underReview(), REVOKE, { ...ctx('2026-11-10T02:00:00.000Z', 'hz-office'), redoLimit: { days: 30, count: 'calendar' } });
    // 30 days from 10 November: 10 December, to midnight.
    expect(c.deadlines.handling).toBe('2026-12-10T16:00:00.000Z');
    expect(c.deadlines.explanations?.handling?.rule).toMatchObject({ days: 30, source: 'jurisdiction', sourceKey: '330100' });
    // None set: the body's own handling limit from the decision (60 days: 9 January 2027).
    expect(decideReview(underReview(), REVOKE, ctx('2026-11-10T02:00:00.000Z', 'hz-office')).case.deadlines.handling).toBe('2027-01-09T16:00:00.000Z');
  });

  it('an office that handed the case down stays owed the result, after the reviewing office', () => {
    const { case: c } = decideReview(underReview({ reportBackTo: '330000' }), REVOKE, ctx('2026-11-10T02:00:00.000Z', 'hz-office'));
    expect(c).toMatchObject({ reportBackTo: '330100', reportBackAbove: ['330000'] });
    expect(relationOf(c, '330000')).toBe('交办');
  });

  it('a draft left waiting when the office dropped its 签发 rule goes with the decision: the decided review holds no 待签发 draft', () => {
    const c = underReview();
    const drafted: Case = { ...c, reviews: c.reviews!.map((r) => ({ ...r, draft: { outcome: 'upheld' as const, facts: '查明。', basis: '依据。', decision: '维持。', draftedAt: '2026-11-05T02:00:00.000Z', draftedBy: 'hz-office', rule: 'leader' as const } })) };
    const decided = decideReview(drafted, { ...REVOKE, outcome: 'upheld' }, ctx('2026-11-10T02:00:00.000Z', 'hz-office')).case;
    expect(decided.reviews![0]).toMatchObject({ outcome: 'upheld', decidedAt: '2026-11-10T02:00:00.000Z' });
    expect(decided.reviews![0]!.draft).toBeUndefined();
  });

  it('upheld or revised: nothing is sent back and nobody new is owed a result', () => {
    for (const outcome of ['upheld', 'revised'] as const) {
      const { case: c } = decideReview(underReview(), { ...REVOKE, outcome }, ctx('2026-11-10T02:00:00.000Z', 'hz-office'));
      expect(c.reportBackTo).toBeUndefined();
      expect(c.redoOrderedBy).toBeUndefined();
    }
  });
  it('left overdue, its escalation (督办) is copied to the reviewing office, named as the office that sent it back', () => {
    const province = loadProvinceConfig(DEMO_CONFIG);
    const { case: c } = decideReview(underReview(), REVOKE, ctx('2026-11-10T02:00:00.000Z', 'hz-office'));
    const { mail } = chaseMail(province, c, { kind: 'escalate', step: 'handlingOfficial', number: 1, passedOver: [], clock: { clock: 'handling', startedAt: '2026-11-10T02:00:00.000Z', deadline: c.deadlines.handling! } }, '2027-01-12T02:00:00.000Z');
    expect(mail.to).toContain('xinfang@hz.petitions.example');
    expect(mail.text).toContain('本事项为杭州市信访局复查后责令重新办理的事项，本督办同时抄送该部门。');
  });
});
