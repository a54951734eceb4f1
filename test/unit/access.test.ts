import { describe, expect, it } from 'vitest';
import { assertMayList, assertMayRead, assertMayRegister, coversJurisdiction, type Actor } from '../../shared/domain/access.js';
import type { StaffRole } from '../../shared/domain/department.js';
import { OutOfScope } from '../../shared/domain/errors.js';
import { JurisdictionTree } from '../../shared/domain/jurisdiction.js';

const tree = new JurisdictionTree([
  { code: '330000', name: '浙江省', level: 'province' },
  { code: '330100', name: '杭州市', level: 'city', parent: '330000' },
  { code: '330106', name: '西湖区', level: 'county', parent: '330100' },
  { code: '330122', name: '桐庐县', level: 'county', parent: '330100' },
  { code: '330122101', name: '富春江镇', level: 'township', parent: '330122' },
  { code: '330500', name: '湖州市', level: 'city', parent: '330000' },
  { code: '330521', name: '德清县', level: 'county', parent: '330500' },
]);

const actor = (jurisdiction: string, roles: StaffRole[] = ['registrar'], staffId = `staff-${jurisdiction}`): Actor => ({
  staffId,
  jurisdiction,
  roles,
});

function outcome(fn: () => void): 'allowed' | 'OutOfScope' | unknown {
  try {
    fn();
    return 'allowed';
  } catch (e) {
    // A read outside the scope is refused as an OutOfScope that answers like an unknown case (no existence oracle).
    if (e instanceof OutOfScope) return 'OutOfScope';
    return e;
  }
}

describe('assertMayRegister', () => {
  it.each([
    // A registrar of 杭州市 registers for itself and its subordinate levels…
    ['330100', ['registrar'], '330100', 'allowed'],
    ['330100', ['registrar'], '330122', 'allowed'],
    ['330100', ['registrar'], '330106', 'allowed'],
    ['330100', ['registrar'], '330122101', 'allowed'],
    // …not for another city, its counties, or the province above.
    ['330100', ['registrar'], '330500', 'OutOfScope'],
    ['330100', ['registrar'], '330521', 'OutOfScope'],
    ['330100', ['registrar'], '330000', 'OutOfScope'],
    // A county registrar: not sideways to the neighbouring county, not up to its city.
    ['330122', ['registrar'], '330122', 'allowed'],
    ['330122', ['registrar'], '330106', 'OutOfScope'],
    ['330122', ['registrar'], '330100', 'OutOfScope'],
    // The province registers for anywhere in the province.
    ['330000', ['registrar'], '330521', 'allowed'],
    // An unknown jurisdiction is nobody's.
    ['330100', ['registrar'], '330199', 'OutOfScope'],
    // Other registering roles.
    ['330122', ['petitionsOffice'], '330122', 'allowed'],
    ['330122', ['administrator'], '330122', 'allowed'],
    ['330122', ['handler', 'registrar'], '330122', 'allowed'],
    // Roles that do not register, even in their own jurisdiction.
    ['330122', ['handler'], '330122', 'OutOfScope'],
    ['330122', ['unitHead'], '330122', 'OutOfScope'],
    ['330122', ['leader'], '330122', 'OutOfScope'],
    ['330122', [], '330122', 'OutOfScope'],
    ['330000', ['handler'], '330122', 'OutOfScope'],
  ] as [string, StaffRole[], string, string][])('%s %j registering for %s → %s', (actorJurisdiction, roles, target, expected) => {
    expect(outcome(() => assertMayRegister(actor(actorJurisdiction, roles), target, tree))).toBe(expected);
  });
});

describe('assertMayRead', () => {
  const heldByCounty = { caseNumber: '330122-2026-000042', jurisdiction: '330122', receivingOffice: '330122' };
  // Received by 桐庐县, transferred to 德清县 (another city's county).
  const transferredAway = { caseNumber: '330122-2026-000043', jurisdiction: '330521', receivingOffice: '330122' };
  // Received by the province office and assigned down to 桐庐县.
  const assignedDown = { caseNumber: '330000-2026-000001', jurisdiction: '330122', receivingOffice: '330000' };

  it.each([
    // A case held by the county: the county, its city and the province see it.
    [heldByCounty, '330122', 'allowed'],
    [heldByCounty, '330100', 'allowed'],
    [heldByCounty, '330000', 'allowed'],
    // Not the other city or its county, not the neighbouring county, not the township below.
    [heldByCounty, '330500', 'OutOfScope'],
    [heldByCounty, '330521', 'OutOfScope'],
    [heldByCounty, '330106', 'OutOfScope'],
    [heldByCounty, '330122101', 'OutOfScope'],
    // Transferred away: the receiving office (and its city) still see it, and so does the new holder.
    [transferredAway, '330122', 'allowed'],
    [transferredAway, '330100', 'allowed'],
    [transferredAway, '330521', 'allowed'],
    [transferredAway, '330500', 'allowed'],
    [transferredAway, '330000', 'allowed'],
    [transferredAway, '330106', 'OutOfScope'],
    [transferredAway, '330122101', 'OutOfScope'],
    // Assigned down from the province: the county holding it sees it; the other city does not.
    [assignedDown, '330122', 'allowed'],
    [assignedDown, '330000', 'allowed'],
    [assignedDown, '330500', 'OutOfScope'],
  ] as const)('%o read by %s → %s', (subject, actorJurisdiction, expected) => {
    // Reading does not depend on the role: a handler reads what is in scope.
    expect(outcome(() => assertMayRead(actor(actorJurisdiction, ['handler']), subject, tree))).toBe(expected);
  });

  it('the refusal reads like an unknown case: it names the case, not the petitioner nor the caller', () => {
    let error: unknown;
    try {
      assertMayRead(actor('330500', ['handler'], 'staff-hz-9'), heldByCounty, tree);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutOfScope);
    expect((error as Error).message).toBe('no case numbered 330122-2026-000042');
    expect((error as OutOfScope).code).toBe('CaseNotFound');
  });
});

describe('assertMayList and coversJurisdiction', () => {
  it.each([
    ['330100', '330122', true],
    ['330100', '330100', true],
    ['330000', '330521', true],
    ['330100', '330500', false],
    ['330122', '330100', false],
    ['330122', '330106', false],
  ])('staff of %s and jurisdiction %s → %s', (actorJurisdiction, target, expected) => {
    const a = actor(actorJurisdiction, ['handler']);
    expect(coversJurisdiction(a, target, tree)).toBe(expected);
    expect(outcome(() => assertMayList(a, target, tree))).toBe(expected ? 'allowed' : 'OutOfScope');
  });
});

describe('a report is never shown to the unit it accuses', () => {
  it('refuses the accused unit’s staff while the office still sees it', () => {
    const tree = new JurisdictionTree([
      { code: '330000', name: '浙江省', level: 'province' },
      { code: '330100', name: '杭州市', level: 'city', parent: '330000' },
      { code: '330122', name: '桐庐县', level: 'county', parent: '330100' },
    ]);
    const report = { caseNumber: '330122-2026-000009', jurisdiction: '330122', receivingOffice: '330122', accusedUnits: ['330122-housing'] };
    const housingHandler = { staffId: 'tonglu-housing-handler', jurisdiction: '330122', unit: '330122-housing', roles: ['handler'] as const };
    const office = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] as const };
    expect(() => assertMayRead(housingHandler, report, tree)).toThrow(OutOfScope);
    expect(() => assertMayRead(office, report, tree)).not.toThrow();
  });
});
