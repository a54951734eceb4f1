import { describe, expect, it } from 'vitest';
import { parseProvinceConfig } from '../../shared/config/province.js';
import { readConfigFile } from '../../shared/config/config-file.js';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { concludeCase, replyToPetitioner, signOffDecisionLetter } from '../../shared/app/closing/closing.js';
import { correctCaseConclusion } from '../../shared/app/correct-conclusion.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case, CaseEvent } from '../../shared/domain/case.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

type Raw = { jurisdictions: { code: string; replySignOff?: string }[] };
/** The demo province with 桐庐县 requiring 审核签发 by the given role. */
function provinceWith(rule: 'unitHead' | 'leader' | undefined, code = '330122') {
  const raw = structuredClone(readConfigFile(DEMO_CONFIG)) as Raw;
  if (rule) raw.jurisdictions.find((j) => j.code === code)!.replySignOff = rule;
  return parseProvinceConfig(raw, 'test', loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname));
}

const handler: Actor = { staffId: 'tonglu-hrss-handler', jurisdiction: '330122', unit: '330122-hrss', roles: ['handler'] };
const head: Actor = { staffId: 'tonglu-hrss-head', jurisdiction: '330122', unit: '330122-hrss', roles: ['unitHead'] };
const leader: Actor = { staffId: 'tonglu-leader-petitions', jurisdiction: '330122', roles: ['leader'] };

const working: Case = {
  caseNumber: '330122-2026-000321',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'inProgress',
  category: 'request',
  subject: '拖欠工资',
  matter: '某公司拖欠工资三个月。',
  petitioner: { anonymous: false, name: '赵建国', email: 'zjg@163.example' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-02T02:00:00.000Z',
  registeredAt: '2026-11-02T02:00:01.000Z',
  registeredBy: 'system:intake',
  acceptedAt: '2026-11-02T03:00:00.000Z',
  handling: { lead: '330122-hrss', cooperating: [] },
  deadlines: { handling: '2027-01-01T16:00:00.000Z' },
  attachments: [],
  version: 5,
  updatedAt: '2026-11-02T03:00:00.000Z',
};
const RESULT = { facts: '查明欠薪属实。', basis: '《保障农民工工资支付条例》。', decision: '责令限期支付。', outcome: 'supported' as const };

/** A store holding one case that applies each commit, as the table would. */
function storeOf(c: Case) {
  let current = c;
  const events: CaseEvent[] = [];
  return {
    store: {
      get: async () => ({ case: current, events: [...events], messages: [] }),
      getCaseRecord: async () => current,
      commit: async (change: CaseCommit) => ((current = change.case), events.push(change.event), 'committed' as const),
    },
    current: () => current,
    events,
  };
}

describe('审核签发 (replySignOff)', () => {
  const at = new Date('2026-11-23T02:00:00Z');

  it('off by default: 答复 goes as before, nothing waits', async () => {
    const province = provinceWith(undefined);
    const s = storeOf(working);
    const deps = { store: s.store, province, clock: { now: () => at } } as never;
    await concludeCase(deps, working.caseNumber, handler, RESULT);
    expect(s.current().result?.signOff).toBeUndefined();
    expect(allowedActions(handler, s.current(), province.tree)).toContain('reply');
    await replyToPetitioner(deps, working.caseNumber, handler);
    expect(s.current().status).toBe('replied');
  });

  it('unitHead: 答复 waits for the head (not the handler who concluded); a correction voids the approval', async () => {
    const province = provinceWith('unitHead');
    const s = storeOf(working);
    const deps = { store: s.store, province, clock: { now: () => at } } as never;
    await concludeCase(deps, working.caseNumber, handler, RESULT);
    expect(s.current().result?.signOff).toEqual({ rule: 'unitHead' });
    expect(allowedActions(handler, s.current(), province.tree)).not.toContain('reply');
    await expect(replyToPetitioner(deps, working.caseNumber, handler)).rejects.toMatchObject({ chinese: '处理意见书待签发：须经承办单位负责人审核签发后才能答复' });
    // The handler who concluded may not approve their own letter; a leader is not the rule's approver here.
    expect(allowedActions(handler, s.current(), province.tree)).not.toContain('signOffReply');
    await expect(signOffDecisionLetter(deps, working.caseNumber, handler)).rejects.toThrow();
    await expect(signOffDecisionLetter(deps, working.caseNumber, leader)).rejects.toThrow();
    expect(allowedActions(head, s.current(), province.tree)).toContain('signOffReply');

    await signOffDecisionLetter(deps, working.caseNumber, head);
    expect(s.current().result?.signOff).toMatchObject({ rule: 'unitHead', by: 'tonglu-hrss-head' });
    expect(s.events.at(-1)).toMatchObject({ type: 'replySignedOff', actor: 'tonglu-hrss-head' });
    expect(allowedActions(handler, s.current(), province.tree)).toContain('reply');

    // 更正办理结果 after the approval: the corrected letter is signed off again.
    await correctCaseConclusion(deps, working.caseNumber, handler, { ...RESULT, basis: '《保障农民工工资支付条例》第三十条。', reason: '审核时发现未写明条款' });
    expect(s.current().result?.signOff).toEqual({ rule: 'unitHead' });
    expect(s.events.at(-1)).toMatchObject({ type: 'conclusionCorrected', detail: { signOffVoided: 'tonglu-hrss-head' } });
    await expect(replyToPetitioner(deps, working.caseNumber, handler)).rejects.toThrow(/sign-off/);
    await signOffDecisionLetter(deps, working.caseNumber, head);
    await replyToPetitioner(deps, working.caseNumber, handler);
    expect(s.current().status).toBe('replied');
  });

  it('leader: a leader of the office signs off, the unit head does not', async () => {
    const province = provinceWith('leader');
    const s = storeOf(working);
    const deps = { store: s.store, province, clock: { now: () => at } } as never;
    await concludeCase(deps, working.caseNumber, handler, RESULT);
    expect(allowedActions(head, s.current(), province.tree)).not.toContain('signOffReply');
    expect(allowedActions(leader, s.current(), province.tree)).toContain('signOffReply');
    await signOffDecisionLetter(deps, working.caseNumber, leader);
    expect(s.current().result?.signOff).toMatchObject({ rule: 'leader', by: 'tonglu-leader-petitions' });
  });

  it('unitHead: the unit\'s only head concluded it — a leader of the office signs off, and the case is answered', async () => {
    const province = provinceWith('unitHead');
    expect(province.unitHeadsOf('330122-hrss')).toEqual(['tonglu-hrss-head']);
    const s = storeOf(working);
    const deps = { store: s.store, province, clock: { now: () => at } } as never;
    await concludeCase(deps, working.caseNumber, head, RESULT);
    // The head wrote it: not theirs to approve; nobody else heads the unit, so the office's leader is offered it.
    expect(allowedActions(head, s.current(), province.tree, undefined, province)).not.toContain('signOffReply');
    await expect(signOffDecisionLetter(deps, working.caseNumber, head)).rejects.toMatchObject({ chinese: expect.stringContaining('办结人不能签发') });
    expect(allowedActions(leader, s.current(), province.tree, undefined, province)).toContain('signOffReply');
    // Not a leader of the office above while one here can.
    const cityLeader: Actor = { staffId: 'hz-leader-petitions', jurisdiction: '330100', roles: ['leader'] };
    expect(allowedActions(cityLeader, s.current(), province.tree, undefined, province)).not.toContain('signOffReply');
    await expect(signOffDecisionLetter(deps, working.caseNumber, cityLeader)).rejects.toThrow();

    await signOffDecisionLetter(deps, working.caseNumber, leader);
    expect(s.current().result?.signOff).toMatchObject({ rule: 'unitHead', by: 'tonglu-leader-petitions' });
    await replyToPetitioner(deps, working.caseNumber, head);
    expect(s.current().status).toBe('replied');
  });

  it('leader: an office with no leader (a township) — a leader of the county above signs off', async () => {
    const province = provinceWith('leader', '330122101');
    expect(province.leadersOf('330122101')).toEqual([]);
    const township: Case = { ...working, caseNumber: '330122101-2026-000007', jurisdiction: '330122101', receivingOffice: '330122101', handling: { lead: '330122101-enforcement', cooperating: [] } };
    const townshipHandler: Actor = { staffId: 'fcj-enforcement-handler', jurisdiction: '330122101', unit: '330122101-enforcement', roles: ['handler'] };
    const s = storeOf(township);
    const deps = { store: s.store, province, clock: { now: () => at } } as never;
    await concludeCase(deps, township.caseNumber, townshipHandler, RESULT);
    expect(s.current().result?.signOff).toEqual({ rule: 'leader' });
    expect(allowedActions(leader, s.current(), province.tree, undefined, province)).toContain('signOffReply');
    await signOffDecisionLetter(deps, township.caseNumber, leader);
    expect(s.events.at(-1)).toMatchObject({ type: 'replySignedOff', actor: 'tonglu-leader-petitions', detail: { fallback: true } });
    await replyToPetitioner(deps, township.caseNumber, townshipHandler);
    expect(s.current().status).toBe('replied');
  });

  it('leader: the leader who concluded does not sign off; the office\'s other leader does', async () => {
    const province = provinceWith('leader');
    const selfHandled: Case = { ...working, handling: undefined } as Case;
    delete (selfHandled as { handling?: unknown }).handling;
    const principal: Actor = { staffId: 'tonglu-leader-principal', jurisdiction: '330122', roles: ['leader'] };
    const s = storeOf(selfHandled);
    const deps = { store: s.store, province, clock: { now: () => at } } as never;
    await concludeCase(deps, selfHandled.caseNumber, leader, RESULT);
    expect(allowedActions(leader, s.current(), province.tree, undefined, province)).not.toContain('signOffReply');
    const cityLeader: Actor = { staffId: 'hz-leader-petitions', jurisdiction: '330100', roles: ['leader'] };
    expect(allowedActions(cityLeader, s.current(), province.tree, undefined, province)).not.toContain('signOffReply');
    expect(allowedActions(principal, s.current(), province.tree, undefined, province)).toContain('signOffReply');
    await signOffDecisionLetter(deps, selfHandled.caseNumber, principal);
    expect(s.current().result?.signOff).toMatchObject({ by: 'tonglu-leader-principal' });
  });

  it('a head who rewrote the result by 更正办理结果 does not sign off his own rewrite', async () => {
    const province = provinceWith('unitHead');
    const s = storeOf(working);
    const deps = { store: s.store, province, clock: { now: () => at } } as never;
    await concludeCase(deps, working.caseNumber, handler, RESULT);
    await correctCaseConclusion(deps, working.caseNumber, head, { ...RESULT, decision: '不予支持。', outcome: 'notSupported', reason: '审核时认为证据不足' });
    expect(s.current().result).toMatchObject({ outcome: 'notSupported', correctedBy: 'tonglu-hrss-head', signOff: { rule: 'unitHead' } });
    expect(allowedActions(head, s.current(), province.tree, undefined, province)).not.toContain('signOffReply');
    expect(allowedActions(head, s.current(), province.tree)).not.toContain('signOffReply');
    await expect(signOffDecisionLetter(deps, working.caseNumber, head)).rejects.toMatchObject({ chinese: expect.stringContaining('更正办理结果的人不能签发') });
    expect(s.current().result?.signOff?.at).toBeUndefined();
    await expect(replyToPetitioner(deps, working.caseNumber, handler)).rejects.toThrow(/sign-off/);
    // Nobody else heads the unit: the office's leader reads the rewrite over.
    await signOffDecisionLetter(deps, working.caseNumber, leader);
    await replyToPetitioner(deps, working.caseNumber, handler);
    expect(s.current().status).toBe('replied');
  });
});
