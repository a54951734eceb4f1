import { describe, expect, it } from 'vitest';
import { correctAccused, markAccusedUnits } from '../../shared/app/accused-record.js';
import { routeCase } from '../../shared/app/routing/route-case.js';
import { withAccusedFromMaterial } from '../../shared/app/accusable-units.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { assertMayRead, type Actor } from '../../shared/domain/access.js';
import type { Case, CaseEvent } from '../../shared/domain/case.js';
import { CaseNotVisible, OutOfScope, RuleViolation } from '../../shared/domain/errors.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/** 更正被举报对象: the office takes off the case a unit or a place's government recorded as accused that the report does not accuse. */
const province = loadProvinceConfig(DEMO_CONFIG);
const FUCHUNJIANG = '330122101';
const TONGLU = '330122';
const TOWNSHIP_UNITS = ['330122101-construction', '330122101-social-affairs', '330122101-enforcement'];
const clock = { now: () => new Date('2026-12-07T01:05:00Z') };
const countyOffice: Actor = { staffId: 'tonglu-office', jurisdiction: TONGLU, roles: ['petitionsOffice'] };
const townshipOffice: Actor = { staffId: 'fcj-office', jurisdiction: FUCHUNJIANG, roles: ['petitionsOffice'] };

function registered(matter: string): Case {
  const receivedAt = '2026-12-07T09:00:00+08:00';
  return registerPetition(
    { jurisdiction: FUCHUNJIANG, channel: 'email', receivedAt, subject: '强拆', matter, petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' } },
    { caseNumber: `${FUCHUNJIANG}-2026-000021`, at: receivedAt, actor: 'system:intake', timeLimits: province.timeLimitsFor(FUCHUNJIANG), calendar: province.calendar, units: [] },
  ).case;
}

function storeOf(c: Case) {
  let current = c;
  const events: CaseEvent[] = [];
  return {
    events,
    current: () => current,
    deps: {
      province,
      clock,
      store: {
        get: async () => ({ case: current, events: [...events], messages: [] }),
        getCaseRecord: async () => current,
        commit: async (change: CaseCommit) => {
          current = change.case;
          if (change.event) events.push(change.event);
          return 'committed' as const;
        },
      },
    },
  };
}

/** A report against the township, handed up to the county by the router. */
async function handedUp(matter: string) {
  const bed = storeOf(registered(matter));
  await routeCase(bed.deps, { caseNumber: bed.current().caseNumber, reason: 'registered' });
  expect(bed.current()).toMatchObject({ jurisdiction: TONGLU, accusedJurisdictions: [FUCHUNJIANG] });
  return bed;
}

describe('更正被举报对象', () => {
  it('takes a township’s government off the case with its units: the township sees the case again, and routing no longer hands it up', async () => {
    const bed = await handedUp('控告富春江镇政府违法强拆我家房屋，要求依法查处。');
    const caseNumber = bed.current().caseNumber;
    expect(() => assertMayRead(townshipOffice, bed.current(), province.tree)).toThrow(CaseNotVisible);

    await correctAccused(bed.deps, caseNumber, countyOffice, { units: [], places: [FUCHUNJIANG], reason: '经核实，强拆系开发商所为，并非镇政府' });

    expect(bed.current().accusedJurisdictions).toEqual([]);
    expect(bed.current().accusedUnits).toEqual([]);
    expect(bed.current().notAccused).toEqual({ units: [], places: [FUCHUNJIANG] });
    expect(bed.events.at(-1)).toMatchObject({
      type: 'noted',
      actor: 'tonglu-office',
      reason: '经核实，强拆系开发商所为，并非镇政府',
      detail: { accusedPlacesRemoved: [FUCHUNJIANG], accusedUnitsRemoved: TOWNSHIP_UNITS },
    });
    expect(() => assertMayRead(townshipOffice, bed.current(), province.tree)).not.toThrow();
    // The same words routed again: the county may now hand the matter down to the township, which is not accused.
    await routeCase(bed.deps, { caseNumber, reason: 'registered' });
    expect(bed.current().accusedJurisdictions ?? []).toEqual([]);
    expect(bed.current().jurisdiction).toBe(FUCHUNJIANG);
  });

  it('keeps a unit the words accuse in its own right when its township is cleared', async () => {
    const bed = await handedUp('控告富春江镇政府和富春江镇综合行政执法队违法强拆我家房屋。');
    await correctAccused(bed.deps, bed.current().caseNumber, countyOffice, { units: [], places: [FUCHUNJIANG], reason: '镇政府未参与' });
    expect(bed.current().accusedUnits).toEqual(['330122101-enforcement']);
    expect(bed.events.at(-1)!.detail).toMatchObject({ accusedUnitsRemoved: ['330122101-construction', '330122101-social-affairs'] });
  });

  it('refuses a unit under a place whose government stays accused, one not recorded, and the desk', async () => {
    const bed = await handedUp('控告富春江镇政府违法强拆我家房屋。');
    const caseNumber = bed.current().caseNumber;
    const correct = (actor: Actor, units: string[], places: string[] = []) => correctAccused(bed.deps, caseNumber, actor, { units, places, reason: '核实' });
    await expect(correct(countyOffice, ['330122101-construction'])).rejects.toThrow(/under 330122101, whose government stays accused/);
    await expect(correct(countyOffice, ['330122-housing'])).rejects.toThrow(RuleViolation);
    await expect(correct(countyOffice, ['330122-nowhere'])).rejects.toThrow(/330122-nowhere/);
    const desk: Actor = { staffId: 'tonglu-registrar', jurisdiction: TONGLU, roles: ['registrar'] };
    await expect(correct(desk, [], [FUCHUNJIANG])).rejects.toThrow(OutOfScope);
    expect(bed.current().accusedJurisdictions).toEqual([FUCHUNJIANG]);
  });

  it('asked again once done changes nothing; recording the unit again makes it accused again', async () => {
    const bed = await handedUp('控告富春江镇政府和富春江镇综合行政执法队违法强拆我家房屋。');
    const caseNumber = bed.current().caseNumber;
    const request = { units: ['330122101-enforcement'], places: [FUCHUNJIANG], reason: '均非举报对象' };
    await correctAccused(bed.deps, caseNumber, countyOffice, request);
    const after = bed.current();
    expect(after.accusedUnits).toEqual([]);
    expect(after.notAccused).toEqual({ units: ['330122101-enforcement'], places: [FUCHUNJIANG] });
    await correctAccused(bed.deps, caseNumber, countyOffice, request);
    expect(bed.current()).toBe(after);

    await markAccusedUnits(bed.deps, caseNumber, countyOffice, { units: ['330122101-enforcement'], reason: '附件中的举报信点名执法队' });
    expect(bed.current().accusedUnits).toEqual(['330122101-enforcement']);
    expect(bed.current().notAccused).toEqual({ units: [], places: [FUCHUNJIANG] });
  });

  it('new material that accuses a cleared place or unit again records it again', async () => {
    const bed = await handedUp('控告富春江镇政府和富春江镇综合行政执法队违法强拆我家房屋。');
    await correctAccused(bed.deps, bed.current().caseNumber, countyOffice, { units: ['330122101-enforcement'], places: [FUCHUNJIANG], reason: '均非举报对象' });
    const again = withAccusedFromMaterial(province, bed.current(), ['补充材料：我实名控告富春江镇政府截留补偿款，富春江镇综合行政执法队参与强拆。']);
    expect(again.accusedJurisdictions).toEqual([FUCHUNJIANG]);
    expect(again.accusedUnits).toEqual(expect.arrayContaining(TOWNSHIP_UNITS));
    expect(again.notAccused).toEqual({ units: [], places: [] });
    // Material that does not accuse them changes nothing.
    expect(withAccusedFromMaterial(province, bed.current(), ['补充：房屋照片见附件。'])).toBe(bed.current());
  });

  it('a case whose lead unit is found to be accused goes back to the office’s 待交办, and only the office is told', async () => {
    const assigned: Case = { ...registered('反映小区违建。'), jurisdiction: TONGLU, status: 'assigned', handling: { lead: '330122-housing', cooperating: ['330122-hrss'] } };
    const bed = storeOf(assigned);
    const commits: CaseCommit[] = [];
    const commit = bed.deps.store.commit;
    bed.deps.store.commit = async (change: CaseCommit) => (commits.push(change), commit(change));
    await markAccusedUnits(bed.deps, assigned.caseNumber, countyOffice, { units: ['330122-housing'], reason: '附件举报信点名县住建局工作人员' });
    expect(bed.current()).toMatchObject({ status: 'accepted', accusedUnits: ['330122-housing'] });
    expect(bed.current().handling).toBeUndefined();
    expect(bed.events.at(-1)).toMatchObject({ from: 'assigned', to: 'accepted', detail: { leadAccused: '330122-housing' } });
    const mails = (commits[0]!.outbox ?? []).map((o) => o.body as { to: string[]; subject: string; text: string });
    expect(mails).toEqual([expect.objectContaining({ to: [province.jurisdiction(TONGLU).office.mailbox], subject: expect.stringContaining('【请重新交办】') })]);
    expect(mails[0]!.text).not.toContain('附件举报信');
  });
});
