import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { chaseMail } from '../../shared/app/sweep/chase-mail.js';
import { escalationRecipients } from '../../shared/app/sweep/recipients.js';
import type { Case } from '../../shared/domain/case.js';
import { assignLeaderOwnership } from '../../shared/domain/leader-ownership.js';
import { ledgerEntryOf } from '../../shared/domain/ledger.js';
import { workListsOf } from '../../shared/domain/work-lists.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

// 领导包案: a leader personally owns a major or difficult case.
const province = loadProvinceConfig(DEMO_CONFIG);
const AT = '2026-12-07T02:00:00.000Z';

/** A county case (桐庐县), handled by its housing bureau, overdue since 2 December. */
const county: Case = {
  caseNumber: '330122-2026-000101',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'visit',
  status: 'inProgress',
  subject: '安置房质量问题',
  matter: '安置小区 40 户墙体开裂，多次反映未解决。',
  petitioner: { anonymous: false, name: '张伟', phone: '13800001111' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-10-30T02:00:00.000Z',
  registeredAt: '2026-10-30T02:00:01.000Z',
  registeredBy: 'tonglu-registrar',
  handling: { lead: '330122-housing', cooperating: [] },
  deadlines: { handling: '2026-12-02T16:00:00.000Z', started: { handling: '2026-11-02T02:00:00.000Z' } },
  attachments: [],
  version: 4,
  updatedAt: '2026-11-02T02:00:00.000Z',
};

const assign = (c: Case, leader: string, actor = 'tonglu-office') =>
  assignLeaderOwnership(c, { leader, reason: '群体性重复信访，久拖未决' }, { at: AT, actor, staff: (id) => province.staff(id), tree: province.tree });
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code: string; issues?: { message: string }[] }).issues?.[0]?.message ?? (error as { code: string }).code;
  }
  return 'accepted';
};

describe('who may own a case (领导包案)', () => {
  it('a leader of the case’s level or above: the county’s own, or a city leader for a county case', () => {
    const owned = assign(county, 'tonglu-leader-principal');
    expect(owned.case.leaderOwnership).toEqual({ leader: 'tonglu-leader-principal', reason: '群体性重复信访，久拖未决', since: AT, by: 'tonglu-office' });
    expect(owned.case.version).toBe(5);
    expect(owned.event).toMatchObject({ type: 'leaderAssigned', seq: 5, actor: 'tonglu-office', reason: '群体性重复信访，久拖未决', detail: { leader: 'tonglu-leader-principal' } });
    // A city leader is put in charge by the city (its office or leaders, or the leader themself), not by the county's office.
    expect(refusal(() => assign(county, 'hz-leader-petitions', 'hz-office'))).toBe('accepted');
    expect(refusal(() => assign(county, 'hz-leader-petitions', 'hz-leader-petitions'))).toBe('accepted');
    expect(refusal(() => assign(county, 'hz-leader-petitions'))).toMatch(/a level above the designator’s \(330122\)/);
    // The ledger counts it (领导包案件数); the unowned case is not.
    expect(ledgerEntryOf(owned.case).leaderOwned).toBe(true);
    expect(ledgerEntryOf(county).leaderOwned).toBeUndefined();
  });

  it('not a leader of another county or below the case, nor staff without the leader role, nor someone recused', () => {
    expect(refusal(() => assign(county, 'chunan-leader-principal'))).toMatch(/^a leader of 330127, which is not the case’s jurisdiction \(330122\) nor above it$/);
    expect(refusal(() => assign({ ...county, jurisdiction: '330100' }, 'tonglu-leader-principal'))).toMatch(/not the case’s jurisdiction \(330100\)/);
    expect(refusal(() => assign(county, 'tonglu-office'))).toMatch(/^not a leader/);
    expect(refusal(() => assign(county, 'tonglu-housing-head'))).toMatch(/^not a leader/);
    expect(refusal(() => assign(county, 'nobody'))).toBe('no such staff member');
    const recused = { ...county, recused: [{ staffId: 'tonglu-leader-principal', reason: '近亲属', by: 'tonglu-office', at: AT }] };
    expect(refusal(() => assign(recused, 'tonglu-leader-principal'))).toBe('recused from this case (回避)');
  });

  it('a new leader replaces the one before, the event naming both; the same leader again and an archived case are refused', () => {
    const first = assign(county, 'tonglu-leader-principal').case;
    expect(refusal(() => assign(first, 'tonglu-leader-principal'))).toBe('already owns this case');
    const second = assign(first, 'hz-leader-petitions', 'hz-leader-petitions');
    expect(second.case.leaderOwnership).toMatchObject({ leader: 'hz-leader-petitions', by: 'hz-leader-petitions' });
    expect(second.event.detail).toEqual({ leader: 'hz-leader-petitions', previous: 'tonglu-leader-principal' });
    // The county does not displace the city's leader; the city may hand it back to the county's.
    expect(refusal(() => assign(second.case, 'tonglu-leader-petitions'))).toMatch(/owned by a leader of 330100, a level above the designator’s \(330122\)/);
    expect(refusal(() => assign(second.case, 'tonglu-leader-petitions', 'hz-office'))).toBe('accepted');
    expect(refusal(() => assign({ ...county, status: 'archived' }, 'tonglu-leader-principal'))).toBe('InvalidTransition');
  });
});

describe('what owning a case brings the leader', () => {
  it('their 包案 list on the workbench, after what waits for their decision; not for staff who are not leaders', () => {
    expect(workListsOf({ roles: ['leader'] }).slice(0, 7)).toEqual(['extensionRequests', 'leaderReadings', 'awaitingSignOff', 'escalated', 'urgent', 'reviewsAwaiting', 'ownedCases']);
    expect(workListsOf({ roles: ['petitionsOffice'] })).not.toContain('ownedCases');
    expect(workListsOf({ unit: '330122-housing', roles: ['unitHead'] })).not.toContain('ownedCases');
  });

  it('a copy of every escalation (督办) of the case, from its first step', () => {
    const owned = assign(county, 'hz-leader-petitions', 'hz-office').case;
    const escalate = (c: Case) =>
      chaseMail(province, c, { kind: 'escalate', step: 'handlingOfficial', number: 1, passedOver: [], clock: { clock: 'handling', startedAt: '2026-11-02T02:00:00.000Z', deadline: county.deadlines.handling! } }, AT);
    const leader = province.staff('hz-leader-petitions')!;
    expect(escalate(owned).mail.to).toContain(leader.email);
    expect(escalate(owned).recipients.map((r) => r.who)).toContain('hz-leader-petitions');
    expect(escalate(county).mail.to).not.toContain(leader.email);
    // Recused since (回避), the owner may not read the case: no copy either.
    const recused: Case = { ...owned, recused: [{ staffId: 'hz-leader-petitions', reason: '亲属关系', by: 'hz-office', at: AT }] };
    expect(escalate(recused).mail.to).not.toContain(leader.email);
  });

  it('passes over a step whose leader is recused from the case, to the next', () => {
    const leaderStep = (c: Case) => escalationRecipients(province, c, 'leaderInCharge').map((r) => r.who);
    const inCharge = province.jurisdiction('330122').leadership.inChargeOfPetitions!;
    expect(leaderStep(county)).toEqual([inCharge]);
    expect(leaderStep({ ...county, recused: [{ staffId: inCharge, reason: '亲属关系', by: 'tonglu-office', at: AT }] })).toEqual([]);
  });
});
