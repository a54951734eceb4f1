import { describe, expect, it } from 'vitest';
import { assertMayDecide, type Actor, type CaseDecision, type CaseScope } from '../../shared/domain/access.js';
import type { StaffRole } from '../../shared/domain/department.js';
import { OutOfScope } from '../../shared/domain/errors.js';
import { JurisdictionTree } from '../../shared/domain/jurisdiction.js';

/**
 * Who may do what (docs/domain.md, "Confidentiality and accountability"),
 * written out by hand as a table: each role × the case in its own
 * jurisdiction / a subordinate one / another one × each action. The table is
 * the specification; it is not derived from the policy it checks.
 */

const tree = new JurisdictionTree([
  { code: '330000', name: '浙江省', level: 'province' },
  { code: '330100', name: '杭州市', level: 'city', parent: '330000' },
  { code: '330122', name: '桐庐县', level: 'county', parent: '330100' },
  { code: '330500', name: '湖州市', level: 'city', parent: '330000' },
  { code: '330521', name: '德清县', level: 'county', parent: '330500' },
]);

/** A case of 桐庐县, worked by its 人社局, under review by 杭州市. */
const theCase: CaseScope = {
  caseNumber: '330122-2026-000500',
  jurisdiction: '330122',
  receivingOffice: '330122',
  handling: { lead: '330122-hrss', cooperating: ['330122-housing'] },
};
const REVIEWING = '330100';

const ACTIONS: CaseDecision[] = [
  'read',
  'claim',
  'accept',
  'decline',
  'redirect',
  'assign',
  'transfer',
  'return',
  'requestExtension',
  'decideExtension',
  'conclude',
  'reply',
  'registerReview',
  'decideReview',
  'recordFollowUp',
  'close',
  'archive',
  'recuse',
  'readAudit',
];

type Where = 'own' | 'subordinate' | 'other';
/** Where the actor sits, relative to the case: its own county, the city above it, another city's county. */
const JURISDICTION: Record<Where, string> = { own: '330122', subordinate: '330100', other: '330521' };
/** Unit staff sit in that jurisdiction's labour bureau (人社局); in their own county that is the lead unit. */
const UNIT: Record<Where, string> = { own: '330122-hrss', subordinate: '330100-hrss', other: '330521-hrss' };

// Claiming: see UNIT_ACTIONS and the tests below.
const OFFICE_ACTIONS = ['read', 'accept', 'decline', 'redirect', 'assign', 'transfer', 'return', 'requestExtension', 'registerReview', 'recordFollowUp', 'close', 'recuse', 'readAudit'];
// 延期 is asked for by whoever handles the case (the lead unit, or the office holding it), not by an office above.
const ABOVE_ACTIONS = OFFICE_ACTIONS.filter((a) => a !== 'requestExtension');
// The case is under review by the city (REVIEWING): the reviewing office claims it, not the unit whose decision is reviewed.
const UNIT_ACTIONS = ['read', 'transfer', 'return', 'requestExtension', 'conclude', 'reply'];

const EXPECTED: Record<StaffRole, Record<Where, string[]>> = {
  registrar: {
    own: ['read', 'registerReview', 'recordFollowUp'],
    subordinate: ['read', 'claim', 'registerReview', 'recordFollowUp'],
    other: [],
  },
  handler: { own: UNIT_ACTIONS, subordinate: [], other: [] },
  unitHead: { own: UNIT_ACTIONS, subordinate: [], other: [] },
  petitionsOffice: {
    own: [...OFFICE_ACTIONS, 'archive'],
    // Only the level above decides the review (复查) it was asked for; it does not ask for more time in the holder's name (延期).
    subordinate: [...ABOVE_ACTIONS, 'claim', 'archive', 'decideReview'],
    other: [],
  },
  // Leaders decide; like for new petitions, registering a review request is the registrars' and the office's work.
  leader: {
    own: [...OFFICE_ACTIONS.filter((a) => a !== 'registerReview'), 'decideExtension'],
    subordinate: [...ABOVE_ACTIONS.filter((a) => a !== 'registerReview'), 'claim', 'decideExtension', 'decideReview'],
    other: [],
  },
  administrator: {
    own: [...OFFICE_ACTIONS, 'archive'],
    subordinate: [...ABOVE_ACTIONS, 'claim', 'archive'],
    other: [],
  },
};

const UNIT_ROLES: StaffRole[] = ['handler', 'unitHead'];
const actorFor = (role: StaffRole, where: Where): Actor => ({
  staffId: `${role}-${where}`,
  jurisdiction: JURISDICTION[where],
  roles: [role],
  ...(UNIT_ROLES.includes(role) ? { unit: UNIT[where] } : {}),
});

function allowed(actor: Actor, action: CaseDecision, c: CaseScope = theCase): boolean {
  try {
    assertMayDecide(actor, action, c, tree, REVIEWING);
    return true;
  } catch (error) {
    if (error instanceof OutOfScope) return false;
    throw error;
  }
}

const rows = (Object.keys(EXPECTED) as StaffRole[]).flatMap((role) =>
  (['own', 'subordinate', 'other'] as Where[]).flatMap((where) => ACTIONS.map((action) => [role, where, action, EXPECTED[role][where].includes(action)] as const)),
);

describe('the authorisation matrix', () => {
  it.each(rows)('%s in the %s jurisdiction: %s → %s', (role, where, action, expected) => {
    expect(allowed(actorFor(role, where), action)).toBe(expected);
  });
});

describe('confidentiality overrides every role', () => {
  it.each(ACTIONS)('a report is never open to the unit it accuses, even as a cooperating unit: %s', (action) => {
    const accused: CaseScope = { ...theCase, accusedUnits: ['330122-housing'] };
    for (const role of UNIT_ROLES) expect(allowed({ staffId: 'x', jurisdiction: '330122', unit: '330122-housing', roles: [role] }, action, accused)).toBe(false);
    // Without the accusation the cooperating unit reads the case.
    if (action === 'read') expect(allowed({ staffId: 'x', jurisdiction: '330122', unit: '330122-housing', roles: ['handler'] }, action)).toBe(true);
  });

  it.each(ACTIONS)('recused staff are out of the case, whatever their role: %s', (action) => {
    const recused: CaseScope = { ...theCase, recused: [{ staffId: 'petitionsOffice-own' }, { staffId: 'handler-own' }] };
    expect(allowed(actorFor('petitionsOffice', 'own'), action, recused)).toBe(false);
    expect(allowed(actorFor('handler', 'own'), action, recused)).toBe(false);
    // Their colleagues are not affected.
    expect(allowed(actorFor('leader', 'own'), action, recused)).toBe(EXPECTED.leader.own.includes(action));
  });

  it('a case no unit has is claimed by the staff of the office holding it, not by an office above', () => {
    const held: CaseScope = { ...theCase, handling: undefined };
    const claims = (role: StaffRole, where: Where) => {
      try {
        assertMayDecide(actorFor(role, where), 'claim', held, tree);
        return true;
      } catch (error) {
        if (error instanceof OutOfScope) return false;
        throw error;
      }
    };
    expect(claims('registrar', 'own')).toBe(true);
    expect(claims('petitionsOffice', 'own')).toBe(true);
    expect(claims('petitionsOffice', 'subordinate')).toBe(false);
    expect(claims('leader', 'subordinate')).toBe(false);
    expect(claims('handler', 'own')).toBe(false);
    // During a review the reviewing office holds it, whichever unit handled the decision under review.
    expect(allowed(actorFor('petitionsOffice', 'subordinate'), 'claim')).toBe(true);
    expect(allowed(actorFor('petitionsOffice', 'own'), 'claim')).toBe(false);
    expect(allowed(actorFor('handler', 'own'), 'claim')).toBe(false);
  });

  it('a case the office handles itself (自办) is concluded and answered by the office', () => {
    const selfHandled: CaseScope = { ...theCase, handling: undefined };
    expect(allowed(actorFor('petitionsOffice', 'own'), 'conclude', selfHandled)).toBe(true);
    expect(allowed(actorFor('petitionsOffice', 'own'), 'reply', selfHandled)).toBe(true);
    expect(allowed(actorFor('registrar', 'own'), 'conclude', selfHandled)).toBe(false);
    expect(allowed(actorFor('handler', 'own'), 'conclude', selfHandled)).toBe(false);
  });

  it('a case the office handles itself (自办) is concluded, answered and extended by that office alone: an office above, or the administrator, takes it up first', () => {
    const selfHandled: CaseScope = { ...theCase, handling: undefined };
    const zjAdmin: Actor = { staffId: 'zj-admin', jurisdiction: '330000', roles: ['administrator'] };
    for (const action of ['conclude', 'reply', 'requestExtension'] as const) {
      expect(allowed(actorFor('petitionsOffice', 'own'), action, selfHandled), action).toBe(true);
      expect(allowed(actorFor('leader', 'own'), action, selfHandled), action).toBe(true);
      expect(allowed(actorFor('petitionsOffice', 'subordinate'), action, selfHandled), action).toBe(false);
      expect(allowed(actorFor('leader', 'subordinate'), action, selfHandled), action).toBe(false);
      expect(allowed(actorFor('administrator', 'subordinate'), action, selfHandled), action).toBe(false);
      expect(allowed(zjAdmin, action, selfHandled), action).toBe(false);
      expect(allowed(actorFor('registrar', 'own'), action, selfHandled), action).toBe(false);
    }
    // Nor does it stop the holder's handling clock (中止), which the petitioner is told of in the holder's name (no review pending).
    const suspends = (actor: Actor) => {
      try {
        assertMayDecide(actor, 'suspendClock', selfHandled, tree);
        return true;
      } catch (error) {
        if (error instanceof OutOfScope) return false;
        throw error;
      }
    };
    expect(suspends(actorFor('petitionsOffice', 'own'))).toBe(true);
    expect(suspends(actorFor('leader', 'own'))).toBe(true);
    expect(suspends(actorFor('petitionsOffice', 'subordinate'))).toBe(false);
    expect(suspends(actorFor('leader', 'subordinate'))).toBe(false);
    // The office above is told why, and what to do instead (提级).
    expect(() => assertMayDecide(actorFor('petitionsOffice', 'subordinate'), 'conclude', selfHandled, tree)).toThrow(OutOfScope);
    try {
      assertMayDecide(actorFor('petitionsOffice', 'subordinate'), 'conclude', selfHandled, tree);
    } catch (error) {
      expect((error as OutOfScope).chinese).toContain('请先将该事项转办至本机关（提级办理）');
    }
  });

  it('the unit that answered keeps sight of the case after it left the unit', () => {
    const answered: CaseScope = { ...theCase, handling: undefined, result: { unit: '330122-hrss' } };
    expect(allowed(actorFor('handler', 'own'), 'read', answered)).toBe(true);
    expect(allowed(actorFor('handler', 'own'), 'reply', answered)).toBe(false);
  });
});

describe('a review is the reviewing level’s act', () => {
  const province: Actor = { staffId: 'zj-office', jurisdiction: '330000', roles: ['petitionsOffice'] };
  const county: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
  const city: Actor = { staffId: 'hz-office', jurisdiction: '330100', roles: ['petitionsOffice'] };

  it('the province does not decide the city’s 复查: it would sign as the city and take away the 复核 it owes', () => {
    expect(allowed(city, 'decideReview')).toBe(true);
    expect(allowed(province, 'decideReview')).toBe(false);
    expect(allowed({ ...province, roles: ['leader'] }, 'decideReview')).toBe(false);
  });

  it('only the reviewing office stops the review’s clock (中止); the office whose answer is reviewed does not', () => {
    expect(allowed(city, 'suspendClock')).toBe(true);
    expect(allowed(county, 'suspendClock')).toBe(false);
    expect(allowed(province, 'suspendClock')).toBe(false);
    // Without a review, the county's office suspends its own handling clock.
    try {
      assertMayDecide(county, 'suspendClock', theCase, tree);
    } catch {
      expect.unreachable('the county may suspend its own clock');
    }
  });
});
