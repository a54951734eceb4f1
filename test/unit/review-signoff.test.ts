import { describe, expect, it } from 'vitest';
import type { Case } from '../../shared/domain/case.js';
import { InvalidTransition } from '../../shared/domain/errors.js';
import { draftReviewDecision, reviewDecisionToSignOff } from '../../shared/domain/review-signoff.js';
import { signOffWaitingOf, waitingApprovers } from '../../shared/domain/reply-signoff.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

// 《信访事项处理(复查)意见书》，经主管局长审核，局长审批后，答复: where the city office requires 签发, its 复查意见书 waits for a leader.
const underReview: Case = {
  caseNumber: '330122-2026-000007',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'underReview',
  matter: '楼顶漏水。',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-09-01T02:00:00.000Z',
  registeredAt: '2026-09-01T02:00:01.000Z',
  registeredBy: 'system:intake',
  handling: { lead: '330122-housing', cooperating: [] },
  reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-11-20T02:00:00.000Z', requestedBy: 'petitioner', reason: '维修至今未完成' }],
  deadlines: { reviewDecision: '2026-12-20T16:00:00.000Z' },
  attachments: [],
  version: 9,
  updatedAt: '2026-11-20T02:00:00.000Z',
};
const DRAFT = { outcome: 'revised' as const, facts: '经复查，漏水原因已查明。', basis: '《物业管理条例》第五十四条。', decision: '责成物业十日内完成维修。' };
const leader = { staffId: 'hz-leader-petitions', jurisdiction: '330100', roles: ['leader'] };

describe('复查意见书 waiting for 签发', () => {
  it('drafting records the decision on the review and sends nothing: the review still waits', () => {
    const drafted = draftReviewDecision(underReview, DRAFT, 'leader', { at: '2026-11-25T02:00:00.000Z', actor: 'hz-office' })!;
    expect(drafted.case).toMatchObject({ status: 'underReview', reviews: [{ draft: { ...DRAFT, draftedBy: 'hz-office', rule: 'leader' } }] });
    expect(drafted.case.reviews![0]!.decidedAt).toBeUndefined();
    expect(drafted.event).toMatchObject({ type: 'reviewDecisionDrafted', seq: 10, detail: { level: 1, outcome: 'revised', rule: 'leader' } });
    // The same draft again changes nothing (a retried request).
    expect(draftReviewDecision(drafted.case, DRAFT, 'leader', { at: '2026-11-25T03:00:00.000Z', actor: 'hz-office' })).toBeUndefined();
    // A changed draft replaces it, on record.
    const redrafted = draftReviewDecision(drafted.case, { ...DRAFT, outcome: 'upheld' }, 'leader', { at: '2026-11-26T02:00:00.000Z', actor: 'hz-office' })!;
    expect(redrafted.case.reviews![0]!.draft?.outcome).toBe('upheld');
    expect(redrafted.event.detail).toMatchObject({ replaced: true });
  });

  it('a leader of the reviewing office, not its author, signs it off; anyone else is refused in Chinese', () => {
    const drafted = draftReviewDecision(underReview, DRAFT, 'leader', { at: '2026-11-25T02:00:00.000Z', actor: 'hz-office' })!.case;
    expect(reviewDecisionToSignOff(drafted, leader)).toMatchObject(DRAFT);
    const refused = (actor: { staffId: string; jurisdiction: string; roles: string[] }) => {
      try {
        reviewDecisionToSignOff(drafted, actor);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidTransition);
        return (error as InvalidTransition).chinese;
      }
      return undefined;
    };
    expect(refused({ staffId: 'hz-office', jurisdiction: '330100', roles: ['petitionsOffice', 'leader'] })).toBe('拟制复查意见书的人不能签发自己拟制的意见书，须由本机关其他领导审核签发');
    expect(refused({ staffId: 'hz-clerk', jurisdiction: '330100', roles: ['petitionsOffice'] })).toBe('复查意见书须由复查机关领导审核签发');
    expect(refused({ staffId: 'tonglu-leader', jurisdiction: '330122', roles: ['leader'] })).toBe('复查意见书须由复查机关领导审核签发');
    expect(() => reviewDecisionToSignOff(underReview, leader)).toThrow(InvalidTransition);
  });

  it('waits on the 待签发 list of the reviewing office’s leaders only: never its drafter, a recused leader, nor the office above', () => {
    const province = loadProvinceConfig(DEMO_CONFIG);
    const approvers = (c: Case) => {
      const waiting = signOffWaitingOf(c);
      return waiting && waitingApprovers(waiting, province, province.tree)?.ids;
    };
    const byOffice = draftReviewDecision(underReview, DRAFT, 'leader', { at: '2026-11-25T02:00:00.000Z', actor: 'hz-office' })!.case;
    expect(signOffWaitingOf(byOffice)).toMatchObject({ jurisdiction: '330100', review: 1, authors: ['hz-office'], since: '2026-11-25T02:00:00.000Z' });
    expect([...approvers(byOffice)!].sort()).toEqual(['hz-leader-petitions', 'hz-leader-principal']);
    const byLeader = draftReviewDecision(underReview, DRAFT, 'leader', { at: '2026-11-25T02:00:00.000Z', actor: 'hz-leader-petitions' })!.case;
    expect(approvers(byLeader)).toEqual(['hz-leader-principal']);
    // The other leader recused (回避): nobody in the city office is left, and the province — the 复核 office — does not sign the city's 复查.
    const recused = { ...byLeader, recused: [{ staffId: 'hz-leader-principal', reason: '与信访人系亲属', by: 'hz-office', at: '2026-11-24T02:00:00.000Z' }] };
    expect(approvers(recused)).toBeUndefined();
    // A review with no draft (as every case of the previous release) waits for nobody.
    expect(signOffWaitingOf(underReview)).toBeUndefined();
  });
});
