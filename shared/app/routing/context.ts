import type { Province } from '../../domain/province.js';
import { routingContextFrom, type RoutingContext } from '../../domain/routing/index.js';

const contexts = new WeakMap<Province, RoutingContext>();

/**
 * The routing context of a province, built once per loaded configuration: the
 * router, registration and later material read the same units, staff names and
 * staffed offices (routingContextFrom).
 */
export function routingContextOf(province: Province): RoutingContext {
  let context = contexts.get(province);
  if (!context) contexts.set(province, (context = routingContextFrom(province.config, province.tree)));
  return context;
}
