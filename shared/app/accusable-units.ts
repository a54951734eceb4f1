import type { Province } from '../domain/province.js';
import type { Case } from '../domain/case.js';
import { actingJurisdiction } from '../domain/closing.js';
import { provinceUnits, routingContextFrom, unionOfAccused, withAccusedUnits, type RoutingUnit } from '../domain/routing/index.js';
import { accusedJurisdictions } from '../domain/routing/accused-government.js';

const cache = new WeakMap<Province, readonly (RoutingUnit & { jurisdiction: string })[]>();

/**
 * Every unit of the province, as the router's context lists them, for
 * accusedUnitsOf: registration, later material and the router match a report
 * against the same units, so they agree on whom it accuses.
 */
export function accusableUnits(province: Province): readonly (RoutingUnit & { jurisdiction: string })[] {
  let units = cache.get(province);
  if (!units) cache.set(province, (units = provinceUnits(routingContextFrom(province.config, province.tree))));
  return units;
}

/**
 * The case with what later material (a petitioner's email or web message, what
 * was said at a reception day) accuses added: the units it names
 * (withAccusedUnits) and the governments it names with their place below the
 * level holding the case, whose units then count as accused too (第三十条).
 * Never fewer than before; the same object when nothing is new.
 */
export function withAccusedFromMaterial(province: Province, c: Case, added: readonly string[]): Case {
  const units = accusableUnits(province);
  const withUnits = withAccusedUnits(c, units, added);
  const text = added.filter((part) => part).join('\n');
  const named = accusedJurisdictions({ text, ...(c.category ? { category: c.category } : {}) }, province.tree);
  // A government over the level holding the case now is not recorded here: that would lock its own holder out and
  // leave the case with nobody (moving it up is the office above's decision, which sees it). Those below are kept away.
  const holders = [c.jurisdiction, actingJurisdiction(c)];
  const fresh = named.filter((place) => !c.accusedJurisdictions?.includes(place) && !holders.some((holder) => province.tree.isWithin(holder, place)));
  if (fresh.length === 0) return withUnits;
  const under = units.filter((unit) => fresh.some((place) => province.tree.isWithin(unit.jurisdiction, place))).map((unit) => unit.id);
  return { ...withUnits, accusedJurisdictions: unionOfAccused(c.accusedJurisdictions, fresh), accusedUnits: unionOfAccused(withUnits.accusedUnits, under) };
}
