import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import { reviewReceivedNotice, reviewRequestedMail } from '../../shared/app/closing/letters.js';
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
