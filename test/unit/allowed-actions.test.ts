import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case } from '../../shared/domain/case.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const actor = (staffId: string): Actor => {
  const s = province.staff(staffId)!;
  return { staffId, jurisdiction: s.jurisdiction, roles: s.roles, ...(s.unit ? { unit: s.unit } : {}) };
};
const allowed = (staffId: string, c: Case) => allowedActions(actor(staffId), c, province.tree);

const registered: Case = {
  caseNumber: '330122-2026-000300',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'registered',
  matter: '反映华丰针织拖欠工资。',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-20T01:15:00.000Z',
  registeredAt: '2026-11-20T01:20:00.000Z',
  registeredBy: 'tonglu-registrar',
  deadlines: { acceptance: '2026-12-05T16:00:00.000Z' },
  attachments: [],
  version: 1,
  updatedAt: '2026-11-20T01:20:00.000Z',
};
const working: Case = {
  ...registered,
  status: 'inProgress',
  handling: { lead: '330122-hrss', cooperating: [] },
  deadlines: { handling: '2027-01-19T16:00:00.000Z' },
  version: 4,
};

describe('the actions a staff member may take on a case now', () => {
  it('the petitions office decides a registered case; a registrar claims it or gives the petitioner a query code', () => {
    expect(allowed('tonglu-office', registered)).toEqual(['accept', 'decline', 'redirect', 'route', 'claim', 'transfer', 'recuse', 'markAccused', 'readAudit', 'issueQueryCode', 'assignLeader', 'withdraw', 'correctPetitioner', 'linkRepeat', 'addNote', 'submitLeaderReading']);
    expect(allowed('tonglu-registrar', registered)).toEqual(['claim', 'markAccused', 'issueQueryCode', 'recuseSelf', 'withdraw', 'correctPetitioner']);
  });

  it('offers 分办 or 交办 for an accepted case, never both: 分办 on the 待分办 list, 交办 once accepted off it', () => {
    const accepted: Case = { ...registered, status: 'accepted', acceptedAt: '2026-11-21T01:00:00.000Z', deadlines: { handling: '2027-01-19T16:00:00.000Z' }, version: 2 };
    const offered = allowed('tonglu-office', accepted);
    expect(offered).toContain('assign');
    expect(offered).not.toContain('route');
    const inTriage: Case = { ...accepted, triage: { since: '2026-11-21T01:00:00.000Z', reasons: ['无法确定主管部门'] } };
    expect(allowed('tonglu-office', inTriage)).toContain('route');
    expect(allowed('tonglu-office', inTriage)).not.toContain('assign');
    // Not yet accepted: 分办 accepts it and names the unit; there is nothing to 交办 yet.
    expect(allowed('tonglu-office', registered)).toContain('route');
    expect(allowed('tonglu-office', registered)).not.toContain('assign');
  });

  it('claim is offered to whoever may take the case on, but not to the one who holds it already (首问)', () => {
    const claimed: Case = { ...registered, owner: 'tonglu-registrar' };
    expect(allowed('tonglu-registrar', claimed)).not.toContain('claim');
    expect(allowed('tonglu-office', claimed)).toContain('claim');
    expect(allowed('tonglu-hrss-handler', { ...working, owner: 'tonglu-hrss-handler' })).not.toContain('claim');
  });

  it('the unit handling a case works it; the office may hand it on, extend it or suspend its clock (中止), not conclude it', () => {
    expect(allowed('tonglu-hrss-handler', working)).toEqual(['claim', 'transfer', 'return', 'requestExtension', 'conclude', 'recuseSelf', 'requestMaterial', 'addNote']);
    // A cooperating unit sends the lead its opinion (协办意见); it neither concludes, hands the case on, nor claims it.
    expect(allowed('tonglu-housing-handler', { ...working, handling: { lead: '330122-hrss', cooperating: ['330122-housing'] } })).toEqual(['giveOpinion', 'recuseSelf']);
    // The office that handed it over takes it back (收回); it does not claim a case its unit handles.
    expect(allowed('tonglu-office', working)).toEqual(['transfer', 'return', 'requestExtension', 'recuse', 'markAccused', 'readAudit', 'suspend', 'issueQueryCode', 'assignLeader', 'withdraw', 'correctPetitioner', 'addNote', 'submitLeaderReading']);
    // The city above neither claims nor takes back the county unit's case: it transfers it (改交) in its own name.
    expect(allowed('hz-office', working)).not.toContain('claim');
    expect(allowed('hz-office', working)).not.toContain('return');
    expect(allowed('hz-office', working)).toContain('transfer');
  });

  it('only a leader decides a waiting extension, and nobody asks for a second', () => {
    const requested: Case = { ...working, extension: { days: 30, reason: '需要鉴定', requestedBy: 'tonglu-hrss-handler', requestedAt: '2026-12-20T02:00:00.000Z', status: 'requested' } };
    expect(allowed('tonglu-leader-petitions', requested)).toContain('decideExtension');
    expect(allowed('tonglu-office', requested)).not.toContain('decideExtension');
    expect(allowed('tonglu-hrss-handler', requested)).not.toContain('requestExtension');
  });

  it('offers nothing to those who may not see the case: another unit, the accused unit, recused staff', () => {
    expect(allowed('tonglu-housing-handler', working)).toEqual([]);
    expect(allowed('tonglu-hrss-handler', { ...working, accusedUnits: ['330122-hrss'] })).toEqual([]);
    expect(allowed('tonglu-office', { ...working, recused: [{ staffId: 'tonglu-office', reason: '亲属关系', by: 'tonglu-office', at: '2026-11-21T01:00:00.000Z' }] })).toEqual([]);
  });

  it('a replied case: the office closes it or records the follow-up; only the level above decides a review', () => {
    const replied: Case = { ...working, status: 'replied', followUp: { round: 1, dueAt: '2026-12-30T01:00:00.000Z', sentAt: '2026-12-30T01:00:00.000Z' } } as Case;
    expect(allowed('tonglu-office', replied)).toEqual(expect.arrayContaining(['requestReview', 'recordFollowUp', 'close']));
    expect(allowed('tonglu-office', replied)).not.toContain('decideReview');
    expect(allowed('tonglu-hrss-handler', replied)).not.toContain('close');
    // An anonymous petition has nobody to ask for a review or to declare 息诉罢访.
    expect(allowed('tonglu-office', replied)).toContain('recordSettlement');
    const anonymous = { ...replied, petitioner: { anonymous: true } };
    expect(allowed('tonglu-office', anonymous)).not.toContain('requestReview');
    expect(allowed('tonglu-office', anonymous)).not.toContain('recordSettlement');
  });
});
