import type { Province } from '../domain/province.js';
import { provinceUnits, routingContextFrom, type RoutingUnit } from '../domain/routing/index.js';

const cache = new WeakMap<Province, readonly RoutingUnit[]>();

/**
 * Every unit of the province, as the router's context lists them, for
 * accusedUnitsOf: registration, later material and the router match a report
 * against the same units, so they agree on whom it accuses.
 */
export function accusableUnits(province: Province): readonly RoutingUnit[] {
  let units = cache.get(province);
  if (!units) cache.set(province, (units = provinceUnits(routingContextFrom(province.config, province.tree))));
  return units;
}
