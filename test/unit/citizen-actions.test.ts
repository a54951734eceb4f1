import { describe, expect, it } from 'vitest';
import type { Case } from '../../shared/domain/case.js';
import { followUpDueAt } from '../../shared/domain/chase.js';
import { citizenActions, publicCaseView } from '../../shared/domain/public-view.js';
import { WorkingCalendar } from '../../shared/domain/calendar.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';

/**
 * What the tracking page offers the petitioner (citizenActions), as
 * allowedActions does for staff; and a follow-up answered on the portal
 * before it was due is not sent.
 */

const base: Case = {
  caseNumber: '330122-2026-000042',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'web',
  status: 'inProgress',
  matter: '楼顶漏水',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-10-01T02:00:00.000Z',
  registeredAt: '2026-10-01T02:00:00.000Z',
  registeredBy: 'system:web',
  deadlines: {},
  attachments: [],
  version: 5,
  updatedAt: '2026-11-20T02:00:00.000Z',
};

const replied: Case = {
  ...base,
  status: 'replied',
  reply: { at: '2026-11-20T02:00:00.000Z', by: 'tonglu-housing-handler', letterId: 'decision:x', delivery: 'email', level: 0, reviewRequestBy: '2026-12-20T16:00:00.000Z' },
  followUp: { dueAt: '2026-11-27T02:00:00.000Z', round: 1 },
};

const LIMITS = { timeLimitsFor: () => ({ base: DEFAULT_TIME_LIMITS }), calendar: new WorkingCalendar([]) };
const at = (instant: string) => ({ at: instant, limits: LIMITS });
const AT = at('2026-11-23T02:00:00.000Z');
const reviewer = () => '杭州市信访局';

describe('what the tracking page offers', () => {
  it('offers material while the case is worked, and withdrawal until the answer', () => {
    for (const status of ['registered', 'accepted', 'assigned', 'inProgress', 'concluded'] as const) {
      expect(citizenActions({ ...base, status }, AT, reviewer)).toEqual({ material: true, evaluate: false, withdraw: true });
    }
    for (const status of ['underReview', 'underReReview'] as const) {
      expect(citizenActions({ ...base, status }, AT, reviewer)).toEqual({ material: true, evaluate: false, withdraw: false });
    }
  });

  it('offers no withdrawal of a collective petition: its representatives withdraw it at the office', () => {
    expect(citizenActions({ ...base, status: 'inProgress', collective: { headCount: 12, representatives: [] } }, AT, reviewer).withdraw).toBe(false);
  });

  it('offers evaluation and a review (with its last day and office) once the reply is out, and no more material', () => {
    expect(citizenActions(replied, AT, reviewer)).toEqual({ material: false, evaluate: true, unsatisfied: 'handledAgain', withdraw: false, review: { kind: '复查', lastDay: '2026年12月20日', office: '杭州市信访局' } });
  });

  it('offers a re-review (复核) after a review decision', () => {
    expect(citizenActions({ ...replied, reviewLevel: 1, reply: { ...replied.reply!, level: 1 } }, AT, reviewer).review?.kind).toBe('复核');
  });

  it('says when an evaluation can only be recorded: after a 复查’s decision (复核 the way on), and after the final 复核', () => {
    expect(citizenActions(replied, AT, reviewer).unsatisfied).toBe('handledAgain');
    expect(citizenActions({ ...replied, reviewLevel: 1, reply: { ...replied.reply!, level: 1 } }, AT, reviewer)).toMatchObject({ evaluate: true, unsatisfied: 'recordedAfterReview' });
    // A 复查 revoked the first answer and the unit answered anew: that answer is the unit's, and 不满意 sends it back.
    expect(citizenActions({ ...replied, reviewLevel: 1, reply: { ...replied.reply!, level: 0 } }, AT, reviewer).unsatisfied).toBe('handledAgain');
    expect(citizenActions({ ...replied, reviewLevel: 2, reply: { ...replied.reply!, level: 2 } }, AT, reviewer)).toMatchObject({ evaluate: true, unsatisfied: 'recordedFinal' });
    // A city's case 复查'd by the province: no level above re-reviews it, so 复核 is not offered as the way on.
    expect(citizenActions({ ...replied, reviewLevel: 1, reply: { ...replied.reply!, level: 1 } }, AT, () => undefined).unsatisfied).toBe('recordedFinal');
  });

  it('offers no evaluation once answered, for an anonymous petition (no follow-up), and nothing on a declined or archived case', () => {
    expect(citizenActions({ ...replied, followUp: { ...replied.followUp!, answeredAt: AT.at, satisfied: true } }, AT, reviewer).evaluate).toBe(false);
    const { followUp: _f, ...anonymous } = replied;
    expect(citizenActions({ ...anonymous, petitioner: { anonymous: true } }, AT, reviewer).evaluate).toBe(false);
    expect(citizenActions({ ...base, status: 'declined' }, AT, reviewer)).toEqual({ material: false, evaluate: false, withdraw: false });
    expect(citizenActions({ ...base, status: 'archived' }, AT, reviewer)).toEqual({ material: false, evaluate: false, withdraw: false });
  });

  it('offers no review after its window, after a re-review (final), or with no level above', () => {
    expect(citizenActions(replied, at('2026-12-20T16:00:00.000Z'), reviewer).review).toBeUndefined();
    expect(citizenActions({ ...replied, reviewLevel: 2, reply: { ...replied.reply!, level: 2 } }, AT, reviewer).review).toBeUndefined();
    expect(citizenActions(replied, AT, () => undefined).review).toBeUndefined();
  });
});

describe('a follow-up answered on the portal', () => {
  it('is not sent when it falls due', () => {
    expect(followUpDueAt(replied)).toBe('2026-11-27T02:00:00.000Z');
    expect(followUpDueAt({ ...replied, followUp: { ...replied.followUp!, answeredAt: AT.at, satisfied: true, via: 'web' } })).toBeUndefined();
  });
});

describe('the tracking page names the reply a petitioner was sent', () => {
  it('calls the answer to a policy question 答复意见书, and a decision 处理意见书', () => {
    expect(publicCaseView({ ...replied, category: 'consultation' }, [], { office: '桐庐县信访局' }, undefined).explanation).toMatch(/^答复意见书已出具/);
    expect(publicCaseView({ ...replied, category: 'request' }, [], { office: '桐庐县信访局' }, undefined).explanation).toMatch(/^处理意见书已出具/);
  });
});
