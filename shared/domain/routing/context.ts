import type { JurisdictionNode, JurisdictionTree } from '../jurisdiction.js';
import type { RoutingContext, RoutingRule, RoutingUnit } from './types.js';

/** The parts of the province configuration routing reads (the validated ProvinceConfig fits). */
export interface RoutingConfig {
  defaults: { routingRules: readonly RoutingRule[] };
  jurisdictions: readonly { code: string; units: readonly RoutingUnit[]; routingRules: readonly RoutingRule[] }[];
  /** The staff, by name: a report that names one accuses their unit, or their level (RoutingUnit.people, RoutingContext.officialsOf). */
  staff?: readonly { name: string; jurisdiction: string; unit?: string | undefined; roles?: readonly string[] }[];
}

/** The roles that triage an office's cases (accept, assign, hand down). */
const TRIAGING_ROLES = ['petitionsOffice', 'leader'];
/** The roles that work a unit's cases (conclude, reply): as access.ts's unit roles. */
const UNIT_ROLES = ['handler', 'unitHead'];

/**
 * The routing context of a province: units per jurisdiction, and the rules for
 * a jurisdiction = the province defaults, then the own rules of each level
 * from the top down to it. A county's rule (淳安县: 千岛湖水质 → ecology) thus
 * also applies to matters located in its townships.
 */
export function routingContextFrom(config: RoutingConfig, tree: JurisdictionTree<JurisdictionNode>): RoutingContext {
  const byCode = new Map(config.jurisdictions.map((j) => [j.code, j]));
  // A one-character name would be found in any text.
  const named = (config.staff ?? []).filter((s) => s.name.trim().length >= 2);
  const peopleOf = new Map<string, string[]>();
  const officials = new Map<string, string[]>();
  for (const s of named) {
    const [map, key] = s.unit ? [peopleOf, s.unit] : [officials, s.jurisdiction];
    map.set(key, [...(map.get(key) ?? []), s.name.trim()]);
  }
  const units = new Map(config.jurisdictions.map((j) => [j.code, j.units.map((u) => (peopleOf.has(u.id) ? { ...u, people: peopleOf.get(u.id)! } : u))]));
  const staffedOffices = new Set((config.staff ?? []).filter((s) => !s.unit && s.roles?.some((r) => TRIAGING_ROLES.includes(r))).map((s) => s.jurisdiction));
  const staffedUnits = new Set((config.staff ?? []).flatMap((s) => (s.unit && s.roles?.some((r) => UNIT_ROLES.includes(r)) ? [s.unit] : [])));
  const anyStaff = (config.staff ?? []).length > 0;
  return {
    tree,
    unitsOf: (code) => units.get(code) ?? [],
    officialsOf: (code) => officials.get(code) ?? [],
    officeStaffed: (code) => !anyStaff || staffedOffices.has(code),
    unitStaffed: (unit) => !anyStaff || staffedUnits.has(unit),
    rulesFor: (code) => {
      const chain = [code, ...tree.ancestors(code).map((node) => node.code)].reverse();
      return [...config.defaults.routingRules, ...chain.flatMap((c) => byCode.get(c)?.routingRules ?? [])];
    },
  };
}

/**
 * Every unit of the province, with its jurisdiction: a report may accuse any
 * of them (湖州市住建局 in a 桐庐 letter), and the router and registration
 * must match against the same list (accusedUnitsOf).
 */
export function provinceUnits(context: Pick<RoutingContext, 'tree' | 'unitsOf'>): (RoutingUnit & { jurisdiction: string })[] {
  return context.tree.all().flatMap((node) => context.unitsOf(node.code).map((unit) => ({ ...unit, jurisdiction: node.code })));
}

/** Every routing keyword the province configures, at any level: the words the segmenter must keep whole. */
export function keywordVocabulary(config: RoutingConfig): string[] {
  const rules = [...config.defaults.routingRules, ...config.jurisdictions.flatMap((j) => j.routingRules)];
  return [...new Set(rules.flatMap((rule) => rule.keywords))];
}
