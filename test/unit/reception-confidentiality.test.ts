import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/access.js';
import { JurisdictionTree } from '../../shared/domain/jurisdiction.js';
import { bookingKeptFrom, type BookingViewer, type NamedCase } from '../../shared/domain/reception-confidentiality.js';

/**
 * Who a reception booking is kept from (条例 第二十八条、第三十条), written out
 * by hand: the session's leader 方建华, another leader of his county, and the
 * county's desk, against what a booking says and the case it names.
 */

const tree = new JurisdictionTree([
  { code: '330000', name: '浙江省', level: 'province' },
  { code: '330100', name: '杭州市', level: 'city', parent: '330000' },
  { code: '330122', name: '桐庐县', level: 'county', parent: '330100' },
  { code: '330127', name: '淳安县', level: 'county', parent: '330100' },
]);

const fangActor: Actor = { staffId: 'tonglu-leader-principal', jurisdiction: '330122', roles: ['leader'] };
const fang: BookingViewer = { actor: fangActor, name: '方建华' };
const chen: BookingViewer = { actor: { staffId: 'tonglu-leader-petitions', jurisdiction: '330122', roles: ['leader'] }, name: '陈海燕' };
const desk: BookingViewer = { actor: { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] }, name: '袁建军' };

const ordinary = { matter: '村里征地补偿款迟迟未发放。' };
const againstFang = { matter: '举报县长方建华强拆' };
const againstDesk = { matter: '举报县信访局袁建军压案不办。' };
const toFang = { matter: '方建华县长：我家房屋被强拆，请您过问。' };

const reportAgainstCounty: NamedCase = { accusedJurisdictions: ['330122'] };
const fangRecused: NamedCase = { recused: [{ staffId: 'tonglu-leader-principal' }] };
const deskRecused: NamedCase = { recused: [{ staffId: 'tonglu-office' }] };
const otherCounty: NamedCase = {};

const cases: [what: string, viewer: BookingViewer, booking: { matter: string; jurisdiction?: string }, named: NamedCase | undefined, kept: boolean][] = [
  ['an ordinary booking, to its leader', fang, ordinary, undefined, false],
  ['a matter accusing the leader by name, to him', fang, againstFang, undefined, true],
  ['a matter accusing the leader, to another leader', chen, againstFang, undefined, false],
  ['a matter accusing the leader, to the desk that arranges it', desk, againstFang, undefined, false],
  ['a matter written to the leader (a salutation, a request to act), to him', fang, toFang, undefined, false],
  ['a matter accusing a desk member by name, to them', desk, againstDesk, undefined, true],
  ['a case reporting the leader’s county, to him', fang, ordinary, reportAgainstCounty, true],
  ['a case reporting the county, to another leader of it', chen, ordinary, reportAgainstCounty, true],
  // The accused level's desk is no exception (第三十条): the office above arranges it.
  ['a case reporting the county, to the county desk that arranges the day', desk, ordinary, reportAgainstCounty, true],
  ['a matter reporting the county government, to its leader', fang, { matter: '举报县政府违法强拆我家房屋。', jurisdiction: '330122' }, undefined, true],
  ['a matter reporting a county leader by title, to another leader of it', chen, { matter: '举报我县分管信访的副县长收受开发商贿赂。', jurisdiction: '330122' }, undefined, true],
  ['a matter reporting the county government, to the county desk', desk, { matter: '举报县政府违法强拆我家房屋。', jurisdiction: '330122' }, undefined, true],
  ['a matter asking the county to act, to its leader', fang, { matter: '请县政府尽快解决拆迁补偿。', jurisdiction: '330122' }, undefined, false],
  ['a case the leader is recused from, to him', fang, ordinary, fangRecused, true],
  ['a case the leader is recused from, to another leader', chen, ordinary, fangRecused, false],
  ['a case the desk member is recused from, to them', desk, ordinary, deskRecused, true],
  // Not his to read, but no secret kept from him: the booker's own words, as before.
  ['another county’s case, to the leader', fang, ordinary, otherCounty, false],
];

describe('bookingKeptFrom', () => {
  it.each(cases)('%s → %s', (_what, viewer, booking, named, kept) => {
    expect(bookingKeptFrom(viewer, booking, named, tree)).toBe(kept);
  });

  it('does not match a name of one character, which is in every sentence', () => {
    expect(bookingKeptFrom({ ...fang, name: '方' }, againstFang, undefined, tree)).toBe(false);
  });
});
