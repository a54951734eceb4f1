import { describe, expect, it } from 'vitest';
import { routeCase } from '../../shared/app/routing/route-case.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const MATTER = '城南小区楼顶漏水三个月，物业不维修，请求住建部门督促维修。';

/** 条例 第十九条 for a visit or call: the city registers what 桐庐县 is handling within its limits, and the router declines it, saying where. */
function registered(caseNumber: string, jurisdiction: string, receivedAt: string, extra: Partial<Case> = {}): Case {
  const c = registerPetition(
    { jurisdiction, channel: 'visit', receivedAt, subject: '楼顶漏水', matter: MATTER, petitioner: { anonymous: false, name: '张伟', phone: '13800001111', address: '桐庐县城南街道' } },
    { caseNumber, at: receivedAt, actor: 'registrar', timeLimits: province.timeLimitsFor(jurisdiction), calendar: province.calendar, units: [] },
  ).case;
  return { ...c, ...extra };
}

function storeOf(cases: Case[]) {
  const byNumber = new Map(cases.map((c) => [c.caseNumber, c]));
  const commits: CaseCommit[] = [];
  return {
    commits,
    store: {
      get: async (n: string) => (byNumber.has(n) ? { case: byNumber.get(n)!, events: [], messages: [] } : undefined),
      getCaseRecord: async (n: string) => byNumber.get(n),
      commit: async (change: CaseCommit) => {
        commits.push(change);
        byNumber.set(change.case.caseNumber, change.case);
        return 'committed' as const;
      },
    },
  };
}

describe('条例 第十九条 for registrations: the same matter handled below within its limits is not accepted anew', () => {
  // 桐庐县 accepted it on 1 December and assigned it: handling runs 60 days.
  const below = registered('330122-2026-000040', '330122', '2026-12-01T09:00:00+08:00', {
    status: 'assigned',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: { handling: '2027-01-30T16:00:00.000Z' },
  });

  it('a visit to 杭州市 on that matter is declined by the router, the petitioner told who handles it and until when', async () => {
    const raised = registered('330100-2026-000090', '330100', '2026-12-04T10:00:00+08:00', { repeatOf: below.caseNumber });
    const { store, commits } = storeOf([below, raised]);

    const outcome = await routeCase({ store, province, clock: { now: () => new Date('2026-12-04T02:30:00Z') } }, { caseNumber: raised.caseNumber, reason: 'registered' });

    expect(outcome).toMatchObject({ outcome: 'decline', reasons: [expect.stringContaining('第十九条：与 330122-2026-000040 为同一事项，正由桐庐县信访局在规定期限内办理（办理期限至2027年1月30日）')] });
    expect(commits[0]!.case.status).toBe('declined');
    // A visitor without email gets the refusal by post, naming the office that handles it.
    expect(commits[0]!.message?.text).toContain('已由桐庐县信访局受理（登记编号 330122-2026-000040），正在规定期限内办理');
  });

  it('a third visit, linked to the second (declined) one, is declined in the same way: the matter is still handled below', async () => {
    const second = registered('330100-2026-000090', '330100', '2026-12-04T10:00:00+08:00', { repeatOf: below.caseNumber, status: 'declined' });
    const third = registered('330100-2026-000095', '330100', '2026-12-10T10:00:00+08:00', { repeatOf: second.caseNumber });
    const { store, commits } = storeOf([below, second, third]);

    const outcome = await routeCase({ store, province, clock: { now: () => new Date('2026-12-10T02:30:00Z') } }, { caseNumber: third.caseNumber, reason: 'registered' });

    expect(outcome).toMatchObject({ outcome: 'decline', reasons: [expect.stringContaining('第十九条：与 330122-2026-000040 为同一事项')] });
    expect(commits[0]!.case.status).toBe('declined');
  });

  it('once 桐庐县’s limit has passed, or at 桐庐县 itself, the matter is routed as usual', async () => {
    const late = registered('330100-2026-000091', '330100', '2027-02-03T10:00:00+08:00', { repeatOf: below.caseNumber });
    const same = registered('330122-2026-000041', '330122', '2026-12-04T10:00:00+08:00', { repeatOf: below.caseNumber });
    for (const raised of [late, same]) {
      const { store } = storeOf([below, raised]);
      const outcome = await routeCase({ store, province, clock: { now: () => new Date('2027-02-03T02:30:00Z') } }, { caseNumber: raised.caseNumber, reason: 'registered' });
      expect(outcome.outcome).not.toBe('decline');
    }
  });
});
