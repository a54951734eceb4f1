import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import { decisionLetter, reviewReceivedNotice, reviewRefusalReason, reviewRequestedMail } from '../../shared/app/closing/letters.js';
import { nextReview } from '../../shared/domain/closing.js';
import type { RuleViolation } from '../../shared/domain/errors.js';
import { returnNotice } from '../../shared/app/handoff/notices.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);

const underReview: Case = {
  caseNumber: '330122-2026-000007',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'underReview',
  subject: '城南小区楼顶漏水',
  matter: '楼顶漏水三个月无人维修。',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-09-01T02:00:00.000Z',
  registeredAt: '2026-09-01T02:00:01.000Z',
  registeredBy: 'system:intake',
  handling: { lead: '330122-housing', cooperating: [] },
  reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-11-20T02:00:00.000Z', requestedBy: 'petitioner', reason: '维修至今未完成' }],
  deadlines: { reviewDecision: '2026-12-20T16:00:00.000Z', reReviewDecision: '2027-01-20T16:00:00.000Z' },
  attachments: [],
  version: 9,
  updatedAt: '2026-11-20T02:00:00.000Z',
};
const underReReview: Case = {
  ...underReview,
  status: 'underReReview',
  reviewLevel: 1,
  reviews: [{ ...underReview.reviews![0]!, decidedAt: '2026-12-10T02:00:00.000Z', outcome: 'upheld' }, { level: 2, jurisdiction: '330000', requestedAt: '2026-12-20T02:00:00.000Z', requestedBy: 'petitioner', reason: '仍不服' }],
};

describe('the letters of a review request', () => {
  it('the reviewing office’s 【复查申请】 is addressed to it, as 督办 letters greet', () => {
    const mail = reviewRequestedMail(province, underReview, 1, '330100', '维修至今未完成');
    expect(mail.text.startsWith('杭州市信访局：\n\n信访人对信访事项 330122-2026-000007')).toBe(true);
  });

  it('the 复核 receipt says a hearing may be held and its time is not counted (第三十六条); the 复查 receipt does not', () => {
    const reReview = reviewReceivedNotice(province, underReReview, 2, '330000', '2026-12-20T02:00:00.000Z', '2026-12-20T02:00:00.000Z').mail!;
    expect(reReview.text).toContain('复核机关可以举行听证，听证所需时间不计算在上述期限内（《信访工作条例》第三十六条）。');
    const review = reviewReceivedNotice(province, underReview, 1, '330100', '2026-11-20T02:00:00.000Z', '2026-11-20T02:00:00.000Z').mail!;
    expect(review.text).not.toContain('听证');
  });

  it('the 【退回】 to the office is addressed to it', () => {
    const mail = returnNotice(province, { ...underReview, status: 'accepted', assignedBy: { staffId: 'tonglu-office', jurisdiction: '330122' } }, 'return:1', '330122-housing', '不属于本单位职责');
    expect(mail.text.startsWith('桐庐县信访局：\n\n')).toBe(true);
  });
});

describe('the decision letter of a level with none above it in the system', () => {
  // A city's case reviewed by the province: no office here takes a 复核 of the province's 复查意见.
  const cityCase: Case = { ...underReview, caseNumber: '330100-2026-000007', jurisdiction: '330100', receivingOffice: '330100', reviews: [{ ...underReview.reviews![0]!, jurisdiction: '330000' }] };
  const letter = (c: Case, nextLevel?: string) =>
    decisionLetter(province, c, [], { id: 'review-decision:1', level: 1, facts: '经查属实。', basis: '《物业管理条例》。', decision: '维持原处理意见。', at: '2026-12-01T02:00:00.000Z', reviewRequestBy: '2026-12-31T16:00:00.000Z', reviewRequestPeriod: '30日', ...(nextLevel ? { nextLevel } : {}) }).message.text;

  it('names who 复核 it by the regulation and asks for it in writing there, never by replying to the email or on the portal, which no office here takes', () => {
    const text = letter(cityCase);
    expect(text).toContain('如对本复查意见不服，可以自书面答复之日（本意见书以电子邮件送达之日）起30日内，依照《信访工作条例》第三十六条向复查机关的本级人民政府或者上一级行政机关请求复核（最迟于2026年12月31日提出）；请直接向该机关书面提出。');
    expect(text).not.toContain('回复送达本意见书的邮件');
    expect(text).not.toContain('网上信访');
    // Asked all the same (a reply, the portal): refused in the same words.
    const reviewed = { ...cityCase, status: 'replied' as const, reviewLevel: 1 as const, reviews: [{ ...cityCase.reviews![0]!, decidedAt: '2026-12-01T02:00:00.000Z', outcome: 'upheld' as const }] };
    let refusal: unknown;
    try {
      nextReview(reviewed, (code) => province.tree.parentOf(code)?.code);
    } catch (error) {
      refusal = error;
    }
    expect(reviewRefusalReason(refusal as RuleViolation)).toBe(
      '该复查意见已由本系统最高一级机关作出，本系统中没有受理复核的上一级机关。请依照复查意见书的告知，直接向复查机关的本级人民政府或者上一级行政机关书面提出。',
    );
  });

  it('keeps the reviewing office and the ways to ask where there is one', () => {
    const text = letter(underReview, '330000');
    expect(text).toContain('向浙江省信访局请求复核（最迟于2026年12月31日提出）；可直接回复送达本意见书的邮件');
  });
});
