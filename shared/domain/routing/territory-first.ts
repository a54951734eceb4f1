import { isBlankMatter } from '../mail/petition-text.js';
import { DEPARTMENT_LABELS } from '../department.js';
import { chooseDepartments, unitFor } from './departmental.js';
import type { RoutingDecision, RoutingInput } from './decide.js';
import { placeLabel } from './territorial.js';
import type { RoutingContext } from './types.js';

/**
 * 属地管理、分级负责: which jurisdiction a petition the router could not
 * assign belongs to. Kept apart from the departmental decision (which unit),
 * and asked only of a case headed for the office's triage list:
 *
 * - the matter is clearly at a place below the office (a county named in a
 *   city's petition): it is handed to the petitions office one level down on
 *   the way there (转办, with the reasons), which triages it — and hands it
 *   further down in turn; the office above keeps sight of it. Not a report
 *   that accuses a unit of the office's level or above: it stays with the
 *   office, never screened below the unit it accuses; nor an urgent matter,
 *   which stays with the office whose leaders were alerted to respond; nor to
 *   an office with no staff in the system to triage it (officeStaffed);
 * - the matter is the office's own but the department in charge has no unit
 *   at or below it (land at a township): it goes to the nearest unit of that
 *   department above (the county's) with staff in the system to work it
 *   (unitStaffed), never to one the report accuses — nor a matter that may
 *   belong to a legal channel (`legalChannel`), which the transfer would accept
 *   before staff decide whether to decline it.
 */
export type TerritorialPlacement =
  | { kind: 'handDown'; to: string; reasons: string[] }
  | { kind: 'transferUp'; jurisdiction: string; unit: string; reasons: string[] };

export function placeByTerritory(
  input: RoutingInput,
  decision: Extract<RoutingDecision, { kind: 'triage' }>,
  context: RoutingContext,
): TerritorialPlacement | undefined {
  const { tree } = context;
  const office = decision.office;
  const located = decision.jurisdiction;
  const name = (code: string) => placeLabel(tree, code);

  if (located !== office && tree.isWithin(located, office)) {
    // A report is not handed below the level of a unit it accuses: a township does not screen a report against the county's bureau.
    const accused = input.accusedUnits ?? [];
    const accusedHereOrAbove = accused.length > 0 && [office, ...tree.ancestors(office).map((node) => node.code)].some((code) => context.unitsOf(code).some((unit) => accused.includes(unit.id)));
    if (accusedHereOrAbove) return undefined;
    // An urgent matter stays with the office whose leaders were alerted and must respond, not a triage list below.
    if (input.urgent) return undefined;
    const next = [located, ...tree.ancestors(located).map((node) => node.code)].find((code) => tree.get(code).parent === office)!;
    // Only to a level that can handle it: an office with nobody in the system to triage would leave the case on no one's list.
    if (context.officeStaffed && !context.officeStaffed(next)) return undefined;
    return {
      kind: 'handDown',
      to: next,
      reasons: [
        ...decision.reasons,
        `属地管理、分级负责：事项发生在${name(office)}下辖的${name(located)}，承办部门不能确定：转${tree.get(next).name}信访部门分办。`,
      ],
    };
  }
  if (located !== office) return undefined;
  // A matter that may belong to a legal channel is this office's to decide: going up would accept it.
  if (decision.legalChannel) return undefined;
  // Nothing to read but a subject (isBlankMatter): no unit is chosen on it; a person at this office reads it.
  if (isBlankMatter(input.matter)) return undefined;

  const choice = chooseDepartments({ ...(input.subject ? { subject: input.subject } : {}), text: input.matter, ...(input.category ? { category: input.category } : {}) }, context.rulesFor(office));
  if (!choice.lead || !choice.confident) return undefined;
  const nearest = unitFor(choice.lead, office, tree, context.unitsOf);
  // The office has a unit of the department, staffed or not: its own staff decide (decideRoute said why it did not assign).
  if (!nearest || tree.isWithin(nearest.jurisdiction, office)) return undefined;
  // Up to a unit that can work the case: one with nobody in the system would hold it unanswered.
  const above = unitFor(choice.lead, office, tree, context.unitsOf, (unit) => context.unitStaffed?.(unit) ?? true);
  if (!above || input.accusedUnits?.includes(above.unit)) return undefined;
  // Said by the unit's name, as staff know it, not its id.
  const unitName = (place: { jurisdiction: string; unit: string }) => context.unitsOf(place.jurisdiction).find((u) => u.id === place.unit)?.name ?? place.unit;
  const skipped = above.unit === nearest.unit ? '' : `（${unitName(nearest)}在系统中没有工作人员）`;
  return {
    kind: 'transferUp',
    jurisdiction: above.jurisdiction,
    unit: above.unit,
    reasons: [
      // The office's own decision asked for a person to place it; going up answers that, so it is not said as well.
      ...decision.reasons.filter((reason) => !reason.includes('请人工分办')),
      `属地管理、分级负责：${name(office)}没有${DEPARTMENT_LABELS[choice.lead]}部门的单位，主管单位为${name(above.jurisdiction)}的${unitName(above)}${skipped}：转该单位办理。`,
    ],
  };
}
