import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import { handledBelow, handledBelowWords } from '../../shared/domain/handled-below.js';

const tree = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url))).tree;

/** The petitioner's wage case, handled by 桐庐县's labour bureau until the end of 19 January 2027. */
function open(overrides: Partial<Case> = {}): Case {
  return {
    caseNumber: '330122-2026-000120',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'email',
    status: 'assigned',
    matter: '桐庐县华丰针织有限公司拖欠我们三个月工资，请求帮助讨回欠薪。',
    petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-11-20T01:00:00.000Z',
    registeredAt: '2026-11-20T01:00:05.000Z',
    registeredBy: 'system:intake',
    handling: { lead: '330122-hrss', cooperating: [] },
    deadlines: { handling: '2027-01-19T16:00:00.000Z' },
    attachments: [],
    version: 4,
    updatedAt: '2026-11-20T02:00:00.000Z',
    ...overrides,
  };
}

describe('条例 第十九条: a matter handled below within its limits is not registered again higher up', () => {
  it('the city and the province find the county handling it, until its deadline', () => {
    expect(handledBelow(open(), '330100', '2026-12-01T01:00:00.000Z', tree)).toEqual({
      caseNumber: '330122-2026-000120',
      jurisdiction: '330122',
      // The unit handling it answers the petitioner (谁承办谁答复): the letters name it.
      unit: '330122-hrss',
      clock: 'handling',
      deadline: '2027-01-19T16:00:00.000Z',
      suspended: false,
      handedDownFromHere: false,
    });
    expect(handledBelow(open(), '330000', '2026-12-01T01:00:00.000Z', tree)).toBeDefined();
  });

  it('knows when the petitioner brought it to this same office before, which handed it down: no higher level was petitioned', () => {
    const handedDown = open({ receivingOffice: '330100' });
    const below = handledBelow(handedDown, '330100', '2026-12-01T01:00:00.000Z', tree)!;
    expect(below.handedDownFromHere).toBe(true);
    const words = handledBelowWords(below, '桐庐县信访局', '办理', '办理期限至2027年1月19日');
    expect(words).toBe('您此前向本机关反映过同一事项，已按属地管理、分级负责的原则交由桐庐县信访局办理，桐庐县信访局正在规定期限内办理，办理期限至2027年1月19日。同一事项不另行受理');
    expect(words).not.toContain('上级机关');
    expect(handledBelowWords(handledBelow(open(), '330100', '2026-12-01T01:00:00.000Z', tree)!, '桐庐县信访局', '办理', '')).toContain('第十九条');
  });

  it('does not apply at the same level, sideways, or past the deadline', () => {
    expect(handledBelow(open(), '330122', '2026-12-01T01:00:00.000Z', tree)).toBeUndefined();
    expect(handledBelow(open(), '330500', '2026-12-01T01:00:00.000Z', tree)).toBeUndefined();
    expect(handledBelow(open(), '330100', '2027-01-20T01:00:00.000Z', tree)).toBeUndefined();
  });

  it('does not apply once it is answered, nor to a review the office itself decides', () => {
    expect(handledBelow(open({ status: 'replied', deadlines: {} }), '330100', '2026-12-01T01:00:00.000Z', tree)).toBeUndefined();
    const reviewed = open({ status: 'underReview', deadlines: { reviewDecision: '2027-01-01T16:00:00.000Z' }, reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-12-01T00:00:00.000Z', requestedBy: 'petitioner', reason: '不服' }] });
    expect(handledBelow(reviewed, '330100', '2026-12-05T01:00:00.000Z', tree)).toBeUndefined();
  });

  it('a review the city is deciding is handled below the province, until the review’s deadline', () => {
    const reviewed = open({ status: 'underReview', deadlines: { reviewDecision: '2027-01-01T16:00:00.000Z' }, reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-12-01T00:00:00.000Z', requestedBy: 'petitioner', reason: '不服' }] });
    expect(handledBelow(reviewed, '330000', '2026-12-05T01:00:00.000Z', tree)).toMatchObject({ jurisdiction: '330100', clock: 'reviewDecision', deadline: '2027-01-01T16:00:00.000Z' });
    expect(handledBelow(reviewed, '330000', '2027-01-02T01:00:00.000Z', tree)).toBeUndefined();
  });

  it('a suspended clock (中止) is within its limits, however long it stands', () => {
    const suspended = open({ suspensions: [{ clock: 'handling', ground: 'hearing', reason: '听证', suspendedAt: '2027-01-10T01:00:00.000Z', suspendedBy: 'tonglu-office' }] });
    expect(handledBelow(suspended, '330100', '2027-02-01T01:00:00.000Z', tree)).toMatchObject({ suspended: true });
  });
});
