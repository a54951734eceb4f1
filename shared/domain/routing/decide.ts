import type { Category } from '../case.js';
import type { DepartmentKind } from '../department.js';
import { isAccusation, reportExclusion } from './accused.js';
import { provinceUnits } from './context.js';
import { chooseDepartments, unitFor } from './departmental.js';
import { legalRouteOf, type LegalRoute } from './legal-route.js';
import { otherBodyFor } from './other-body.js';
import { locateMatter } from './territorial.js';
import { suggestDepartment } from '../routing-model.js';
import type { RoutingContext, RoutingSuggestion } from './types.js';
import { contentWords } from './words.js';

/** The case fields routing reads; a Case fits. */
export interface RoutingInput {
  subject?: string;
  /** The matter in the petitioner's words. */
  matter: string;
  category?: Category;
  petitioner?: { address?: string };
  incidentAddress?: string;
  receivingOffice: string;
  /** The jurisdiction holding the case now; routing looks at and below it (default: the receiving office). */
  jurisdiction?: string;
  /** Units the case already accuses (from registration or later material): never routed to either. */
  accusedUnits?: readonly string[];
}

export type RoutingDecision =
  /** 交办: a lead unit (and cooperating units) in or below the office. `jurisdiction` is the lead unit's. */
  | { kind: 'assign'; jurisdiction: string; lead: string; cooperating: string[]; category?: Category; reasons: string[] }
  /** 不予受理: the matter is in, or belongs to, a legal procedure; `notice` names it. */
  | { kind: 'decline'; route: LegalRoute; notice: string; reasons: string[] }
  /** 告知 (and 转送 when the body is a unit in the tree): another body's matter. */
  | { kind: 'redirect'; body: string; notice: string; transferTo?: { jurisdiction: string; unit: string }; reasons: string[] }
  /** The office's manual triage list: staff decide. `jurisdiction` is where the matter was located; `suggestion` is the learned model's, when it has one. */
  | { kind: 'triage'; office: string; jurisdiction: string; reasons: string[]; suggestion?: RoutingSuggestion };

/**
 * Routes a registered petition. In order: a legal route declines it; another
 * body's matter is redirected (and transferred when that body is a unit in the
 * tree); otherwise the matter is located (territorial), its departments are
 * chosen by the rules of that jurisdiction (departmental), and they are mapped
 * to units at or below the office. Units a report accuses are never used: an
 * accused lead gives way to the next cooperating department, else triage. Not
 * confident, or no unit: triage. Every step adds its reason.
 */
export function decideRoute(input: RoutingInput, context: RoutingContext): RoutingDecision {
  const { tree, unitsOf, rulesFor } = context;
  const office = input.jurisdiction ?? input.receivingOffice;
  const officeName = tree.get(office).name;
  const text = [input.subject, input.matter].filter((part) => part).join('\n');

  const legal = legalRouteOf(text);
  if (legal) {
    return {
      kind: 'decline',
      route: legal.route,
      notice: legal.notice,
      reasons: [`legal route: ${legal.matched} → ${legal.route} (${legal.stage}); declined, the notice names the route.`],
    };
  }

  const other = otherBodyFor(text);
  if (other && !other.treeDepartment) {
    return { kind: 'redirect', body: other.body, notice: other.notice, reasons: [`other body: ${other.reason}; the petitioner is told.`] };
  }

  const located = locateMatter(
    {
      ...(input.petitioner?.address ? { address: input.petitioner.address } : {}),
      ...(input.incidentAddress ? { incidentAddress: input.incidentAddress } : {}),
      text,
      receivingOffice: office,
    },
    tree,
  );
  const reasons = [`territorial: ${located.reason}`];
  let suggestion: RoutingSuggestion | undefined;
  const triage = (why: string): RoutingDecision => ({
    kind: 'triage',
    office,
    jurisdiction: located.jurisdiction,
    reasons: [...reasons, why],
    ...(suggestion ? { suggestion } : {}),
  });

  // All the province's units: a short name after another unit's place (湖州市住建局) must be recognised as that unit's.
  const units = provinceUnits(context);
  const nameOf = (unit: string) => units.find((u) => u.id === unit)?.name ?? unit;
  const report = reportExclusion({ text, ...(input.category ? { category: input.category } : {}), accused: input.accusedUnits }, units, tree);
  /** The unit of a kind for the located matter; an office assigns downwards only (upwards is a transfer staff decide). */
  const unitOf = (kind: DepartmentKind) => {
    const found = unitFor(kind, located.jurisdiction, tree, unitsOf);
    return found && tree.isWithin(found.jurisdiction, office) ? found : undefined;
  };
  const where = (found: { unit: string; jurisdiction: string }) =>
    `${found.unit} at ${tree.get(found.jurisdiction).name} (${found.jurisdiction})${found.jurisdiction === located.jurisdiction ? '' : `, none at ${tree.get(located.jurisdiction).name}`}`;

  if (other?.treeDepartment) {
    reasons.push(`other body: ${other.reason}.`);
    const target = unitOf(other.treeDepartment);
    if (target && report.excludes(target.unit)) {
      return triage(`${report.why(target.unit)}, and the matter would be transferred there; staff decide.`);
    }
    if (!target) {
      return {
        kind: 'redirect',
        body: other.body,
        notice: other.notice,
        reasons: [...reasons, `no ${other.treeDepartment} unit at or below ${officeName}: the petitioner is told, nothing is transferred.`],
      };
    }
    return {
      kind: 'redirect',
      body: other.body,
      notice: `${other.notice}本件已转送${nameOf(target.unit)}办理。`,
      transferTo: target,
      reasons: [...reasons, `transferred: ${other.treeDepartment} → ${where(target)}.`],
    };
  }

  const choice = chooseDepartments(
    { ...(input.subject ? { subject: input.subject } : {}), text: input.matter, ...(input.category ? { category: input.category } : {}) },
    rulesFor(located.jurisdiction),
    context.segmenter,
  );
  reasons.push(`departmental: ${choice.reason}`);
  let departments: { lead: DepartmentKind; cooperating: DepartmentKind[] };
  if (choice.lead && choice.confident) {
    departments = { lead: choice.lead, cooperating: choice.cooperating };
  } else {
    // The keyword rules are the base; where they are not confident, the office's own past decisions speak.
    const learned = context.learned;
    const words = context.segmenter && learned ? contentWords(context.segmenter.segment(text).words) : [];
    // Only departments with a unit the case may go to: at or below the office, and not one the report accuses.
    const eligible = (kind: DepartmentKind) => {
      const found = unitOf(kind);
      return found !== undefined && !report.excludes(found.unit);
    };
    const guess = learned ? suggestDepartment(learned.model, words, eligible) : undefined;
    if (!learned || !guess) return triage('no confident department decision; staff decide.');
    suggestion = { ...guess, unit: unitOf(guess.department)!.unit };
    const said = `learned model (${guess.examples} decisions): ${guess.department} at ${guess.confidence.toFixed(3)} for ${guess.words.join('、')}`;
    if (guess.examples < learned.minExamples || guess.confidence < learned.autoAssignConfidence) {
      return triage(`${said}, below ${learned.autoAssignConfidence} or fewer than ${learned.minExamples} decisions: suggested; staff decide.`);
    }
    reasons.push(`${said} ≥ ${learned.autoAssignConfidence}.`);
    departments = { lead: guess.department, cooperating: [] };
  }

  const leadUnit = unitOf(departments.lead);
  if (!leadUnit) return triage(`no ${departments.lead} unit at or below ${officeName}; staff decide.`);
  const candidates = [departments.lead, ...departments.cooperating].map((kind) => ({ kind, found: unitOf(kind) }));
  let leadAt = 0;
  if (report.excludes(leadUnit.unit)) {
    reasons.push(`${report.why(leadUnit.unit)}: not routed there.`);
    leadAt = candidates.findIndex((c, i) => i > 0 && c.found && !report.excludes(c.found.unit));
    if (leadAt < 0) return triage('no other department to lead; staff decide.');
  }
  const lead = candidates[leadAt]!;
  const leadFound = lead.found!;
  reasons.push(`${leadAt === 0 ? 'lead' : 'lead instead'}: ${lead.kind} → ${where(leadFound)}.`);

  const cooperating: string[] = [];
  candidates.forEach((candidate, i) => {
    if (i === leadAt || (i === 0 && leadAt > 0)) return;
    if (!candidate.found) {
      reasons.push(`cooperating ${candidate.kind}: no unit at or below ${officeName}, left out.`);
    } else if (report.excludes(candidate.found.unit)) {
      reasons.push(`cooperating ${candidate.kind} left out: ${report.why(candidate.found.unit)}.`);
    } else if (candidate.found.unit !== leadFound.unit && !cooperating.includes(candidate.found.unit)) {
      cooperating.push(candidate.found.unit);
      reasons.push(`cooperating: ${candidate.kind} → ${where(candidate.found)}.`);
    }
  });

  const ruleCategory = choice.confident ? choice.category : input.category;
  const category = ruleCategory ?? (isAccusation(text) ? 'report' : undefined);
  if (category && !input.category) reasons.push(`category: ${category}${ruleCategory ? ' (from the matching rule)' : ' (举报/控告/检举 in the text)'}.`);
  return {
    kind: 'assign',
    jurisdiction: leadFound.jurisdiction,
    lead: leadFound.unit,
    cooperating,
    ...(category ? { category } : {}),
    reasons,
  };
}
