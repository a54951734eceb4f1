import { describe, expect, it } from 'vitest';
import { RECEPTION_DECISIONS, assertMayDecideOnSession, mayDecideOnSession, type Actor, type ReceptionDecision } from '../../shared/domain/access.js';
import { OutOfScope } from '../../shared/domain/errors.js';
import { JurisdictionTree } from '../../shared/domain/jurisdiction.js';

/**
 * Who may do what with a leader reception session, written out by hand as a
 * table (the specification, not derived from the policy it checks): each kind
 * of staff member × where they sit relative to the session × each decision.
 */

const tree = new JurisdictionTree([
  { code: '330000', name: '浙江省', level: 'province' },
  { code: '330100', name: '杭州市', level: 'city', parent: '330000' },
  { code: '330122', name: '桐庐县', level: 'county', parent: '330100' },
  { code: '330500', name: '湖州市', level: 'city', parent: '330000' },
  { code: '330521', name: '德清县', level: 'county', parent: '330500' },
]);

/** 陈海燕's Monday session in 桐庐县. */
const session = { id: '330122:2026-11-30:0900', jurisdiction: '330122', leader: 'tonglu-leader-petitions' };

/** The session's own leader and the county's office: everything, 陪访部门 included (由接访领导确定; another leader does not choose them). */
const ALL: ReceptionDecision[] = ['viewSession', 'readBookers', 'cancelBooking', 'markNoShow', 'recordReception', 'adjustSession', 'setAccompanying'];
/** The desk's registrar keeps the bookings, not the arrangement of the day. */
const DESK: ReceptionDecision[] = ['viewSession', 'readBookers', 'cancelBooking', 'markNoShow', 'recordReception'];
/** Another leader of the county: swaps or takes over the session (调换/委托), does not see who booked. */
const SEES_AND_SWAPS: ReceptionDecision[] = ['viewSession', 'adjustSession'];
const NOTHING: ReceptionDecision[] = [];
const SEES_ONLY: ReceptionDecision[] = ['viewSession'];
/** The office above keeps a county's bookings with it, but the county arranges its own day (not those above). */
const DESK_ABOVE: ReceptionDecision[] = ['viewSession', 'readBookers', 'cancelBooking', 'markNoShow', 'recordReception'];

const EXPECTED: [who: string, actor: Actor, may: ReceptionDecision[]][] = [
  ['the session’s own leader', { staffId: 'tonglu-leader-petitions', jurisdiction: '330122', roles: ['leader'] }, ALL],
  ['another leader of the county (the principal)', { staffId: 'tonglu-leader-principal', jurisdiction: '330122', roles: ['leader'] }, SEES_AND_SWAPS],
  ['a leader of the city above', { staffId: 'hz-leader-petitions', jurisdiction: '330100', roles: ['leader'] }, SEES_ONLY],
  ['a leader of another county', { staffId: 'deqing-leader-petitions', jurisdiction: '330521', roles: ['leader'] }, NOTHING],
  ['the county’s petitions office', { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] }, ALL],
  ['the city’s petitions office', { staffId: 'hz-office', jurisdiction: '330100', roles: ['petitionsOffice'] }, DESK_ABOVE],
  ['the province’s petitions office', { staffId: 'zj-office', jurisdiction: '330000', roles: ['petitionsOffice'] }, DESK_ABOVE],
  ['another county’s petitions office', { staffId: 'deqing-office', jurisdiction: '330521', roles: ['petitionsOffice'] }, NOTHING],
  ['the county’s registrar', { staffId: 'tonglu-registrar', jurisdiction: '330122', roles: ['registrar'] }, DESK],
  ['another county’s registrar', { staffId: 'deqing-registrar', jurisdiction: '330521', roles: ['registrar'] }, NOTHING],
  ['an administrator of the province', { staffId: 'zj-admin', jurisdiction: '330000', roles: ['administrator'] }, SEES_ONLY],
  ['a unit’s handler in the county', { staffId: 'tonglu-housing-handler', jurisdiction: '330122', unit: '330122-housing', roles: ['handler'] }, NOTHING],
  ['a unit’s head in the county', { staffId: 'tonglu-housing-head', jurisdiction: '330122', unit: '330122-housing', roles: ['unitHead'] }, NOTHING],
  // The leader's id alone is not enough: placed in a unit, nobody acts for a reception day.
  ['the session leader’s id placed in a unit', { staffId: 'tonglu-leader-petitions', jurisdiction: '330122', unit: '330122-housing', roles: ['leader'] }, NOTHING],
];

const rows = EXPECTED.flatMap(([who, actor, may]) => ALL.map((decision) => [who, decision, may.includes(decision), actor] as const));

describe('the reception authorisation matrix', () => {
  it('covers every decision the policy knows', () => {
    expect([...RECEPTION_DECISIONS].sort()).toEqual([...ALL].sort());
  });

  it.each(rows)('%s: %s → %s', (_who, decision, expected, actor) => {
    expect(mayDecideOnSession(actor, decision, session, tree)).toBe(expected);
    if (expected) expect(() => assertMayDecideOnSession(actor, decision, session, tree)).not.toThrow();
    else expect(() => assertMayDecideOnSession(actor, decision, session, tree)).toThrow(OutOfScope);
  });

  it('says who was refused what, for which session', () => {
    expect(() => assertMayDecideOnSession({ staffId: 'tonglu-leader-principal', jurisdiction: '330122', roles: ['leader'] }, 'readBookers', session, tree)).toThrow(
      'staff member tonglu-leader-principal may not see who booked reception session 330122:2026-11-30:0900',
    );
  });
});
