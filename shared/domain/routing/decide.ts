import { isBlankMatter } from '../mail/petition-text.js';
import type { Category, Channel } from '../case.js';
import { DEPARTMENT_LABELS, type DepartmentKind } from '../department.js';
import { CATEGORY_LABELS, CHANNEL_CONTENT_WORDS } from '../labels.js';
import { isAccusation, reportExclusion } from './accused.js';
import { categoryFromWords } from './category.js';
import { accusedGovernments, outermostAccusedOver } from './accused-government.js';
import { provinceUnits } from './context.js';
import { chooseDepartments, unitFor } from './departmental.js';
import {
  LEGAL_ROUTE_LABELS,
  LEGAL_STAGE_LABELS,
  legalChannelOf,
  legalRouteOf,
  legalRouteWithheld,
  type LegalChannelFinding,
  type LegalRoute,
  type LegalRouteWithheld,
} from './legal-route.js';
import { otherBodyFor } from './other-body.js';
import { locateMatter } from './territorial.js';
import { MIN_DEPARTMENT_EXAMPLES_TO_SUGGEST, suggestDepartment } from '../routing-model.js';
import type { RoutingContext, RoutingSuggestion } from './types.js';
import { contentWords } from './words.js';

/** The case fields routing reads; a Case fits. */
export interface RoutingInput {
  subject?: string;
  /** The matter in the petitioner's words. */
  matter: string;
  category?: Category;
  /** How it came (来信, 来电, 来访…): the reasons call the petitioner's words by it (来电内容提到…). */
  channel?: Channel;
  petitioner?: { address?: string };
  incidentAddress?: string;
  receivingOffice: string;
  /** The jurisdiction holding the case now; routing looks at and below it (default: the receiving office). */
  jurisdiction?: string;
  /** Units the case already accuses (from registration or later material): never routed to either. */
  accusedUnits?: readonly string[];
  /** Jurisdictions whose government the case already accuses: neither they nor anything below them handle it. */
  accusedJurisdictions?: readonly string[];
  /** Units and places staff found the report does not accuse (Case.notAccused): the detection leaves them out. */
  notAccused?: { units: readonly string[]; places: readonly string[] };
  /** Flagged urgent at intake: its office's leaders were alerted and must respond (条例第二十五条). */
  urgent?: boolean;
}

/** The governments a report accuses (accusedGovernments), on every decision that may take the case somewhere: to be recorded on it. */
type Accusing = { accusedJurisdictions?: string[] };

export type RoutingDecision =
  /** 交办: a lead unit (and cooperating units) in or below the office. `jurisdiction` is the lead unit's. */
  | ({ kind: 'assign'; jurisdiction: string; lead: string; cooperating: string[]; category?: Category; reasons: string[] } & Accusing)
  /** 不予受理: the matter is in, or belongs to, a legal procedure; `notice` names it. */
  | { kind: 'decline'; route: LegalRoute; notice: string; reasons: string[] }
  /** 告知 (and 转送 when the body is a unit in the tree): another body's matter; `category` when the matter's kind follows from it (纪检监察: 检举控告). */
  | ({ kind: 'redirect'; body: string; notice: string; transferTo?: { jurisdiction: string; unit: string }; category?: Category; reasons: string[] } & Accusing)
  /** The office's manual triage list: staff decide. `jurisdiction` is where the matter was located; `suggestion` is the learned model's, when it has one. */
  | ({
      kind: 'triage';
      office: string;
      jurisdiction: string;
      reasons: string[];
      suggestion?: RoutingSuggestion;
      /** Places outside the office the matter names: staff decide whether it goes there; no level below is given it either. */
      outside?: string[];
      /**
       * The words show the matter may belong by law to another channel (legalChannelOf): staff decide between
       * 不予受理 (the letter naming the channel) and accepting it; nothing accepts it without them (no transfer up).
       */
      legalChannel?: LegalChannelFinding;
      /** The class the matter's kind gives it (a 检举控告 for the discipline body), for a case nobody has classed. */
      category?: Category;
    } & Accusing);

/** How the triage reason for a legal channel begins. */
const LEGAL_CHANNEL_SAID = '可能属于法定途径：';

/**
 * Why a matter whose words show it may belong by law to another channel waits for staff: the channel, the
 * words, and the two decisions open to them. `assignable`: the reasons before it name the unit it would go to.
 */
function legalChannelWords(found: LegalChannelFinding, assignable: boolean): string {
  return (
    `${LEGAL_CHANNEL_SAID}${found.channel}（${found.matched}）。依法应当通过${found.channel}解决的，不予受理，告知书写明该途径；` +
    `不属于的，受理${assignable ? '并按上述单位交办' : '后交办'}。未自动受理交办，请人工审查决定。`
  );
}

/** Why words of a legal route did not decline the petition, for staff. */
function legalRouteWithheldWords(found: LegalRouteWithheld): string {
  const why = {
    refused: `信访人反映的是有关机关拒收、不予受理或推诿（${found.shown}），并非事项已进入该途径`,
    conduct: `信访人反映的是有关机关工作人员的行为（${found.shown}），由其主管或监督机关处理`,
    notEntered: '是他人让信访人去，或信访人仅打算、无力提起，并非已进入该途径',
  }[found.why];
  return `法定途径：“${found.matched}”${why}；不自动不予受理，按一般程序分办。`;
}

/**
 * Routes a registered petition. In order: a legal route declines it; another
 * body's matter is redirected (and transferred when that body is a unit in the
 * tree); a matter whose words show it may belong by law to another channel
 * (legalChannelOf: a labour dispute, an administrative decision or a judgment
 * disputed) is never accepted here — it goes to triage naming the channel,
 * wherever it would have gone, and staff decide; otherwise the matter is
 * located (territorial), its departments are chosen by the rules of that
 * jurisdiction (departmental), and they are mapped
 * to units at or below the office. Units a report accuses are never used: an
 * accused lead gives way to the next cooperating department, else triage. A
 * unit with no staff in the system never leads (nobody could conclude the
 * case): the lowest staffed unit of the department does, else triage. Not
 * confident, or no unit: triage. Every step adds its reason.
 */
export function decideRoute(input: RoutingInput, context: RoutingContext): RoutingDecision {
  const { tree, unitsOf, rulesFor } = context;
  const office = input.jurisdiction ?? input.receivingOffice;
  const officeName = tree.get(office).name;
  const text = [input.subject, input.matter].filter((part) => part).join('\n');
  // The petitioner's words as the reasons call them: 来信内容, 来电内容, 来访反映… (a letter's when the channel is not given).
  const content = CHANNEL_CONTENT_WORDS[input.channel ?? 'letter'];
  // An email with no text (a subject at most, the content in attachments the router cannot read): a person looks at it.
  const blank = isBlankMatter(input.matter);

  const legal = blank ? undefined : legalRouteOf(text);
  if (legal) {
    return {
      kind: 'decline',
      route: legal.route,
      notice: legal.notice,
      reasons: [`法定途径：${legal.matched} → ${LEGAL_ROUTE_LABELS[legal.route]}（${LEGAL_STAGE_LABELS[legal.stage]}）；不予受理，告知书写明该途径。`],
    };
  }

  // Words of a legal route that show no procedure entered (民警让我自己去法院起诉, 仲裁院拒收): routed as any petition, the reason said.
  const withheld = blank ? undefined : legalRouteWithheld(text);
  const withheldWords = withheld ? [legalRouteWithheldWords(withheld)] : [];
  const other = blank ? undefined : otherBodyFor(text);
  // A 检举控告 of 违纪违法 is not bounced back to its writer: staff forward the material to the discipline body (转送),
  // which is outside the tree and which the router cannot reach, and tell the petitioner so (below, with triage).
  const forDiscipline = other && !other.treeDepartment && other.category === 'report' ? other : undefined;
  if (other && !other.treeDepartment && !forDiscipline) {
    // Classed as the body's kind of matter (纪检监察: 检举控告), or as a 检举控告 by its words, unless staff classed it already.
    const category = input.category ? undefined : (other.category ?? (isAccusation(text) ? 'report' : undefined));
    return {
      kind: 'redirect',
      body: other.body,
      notice: other.notice,
      ...(category ? { category } : {}),
      reasons: [
        ...withheldWords,
        `其他机关：${other.reason}；告知信访人向该机关提出（告知书写明）。`,
        ...(category ? [`类别：${CATEGORY_LABELS[category]}（${other.category ? `${other.body}受理的事项` : `${content}中有举报、控告或检举字样`}）。`] : []),
      ],
    };
  }
  // Declining on words alone would turn away a petitioner whose matter is not that: the router only stops short of accepting it.
  // A petitioner the route's body turned away is not told that route again: no channel.
  const channel = blank || withheld?.refused ? undefined : legalChannelOf(text);

  let located = locateMatter(
    {
      ...(input.petitioner?.address ? { address: input.petitioner.address } : {}),
      ...(input.incidentAddress ? { incidentAddress: input.incidentAddress } : {}),
      text,
      receivingOffice: office,
      ...(input.channel ? { channel: input.channel } : {}),
    },
    tree,
  );
  const reasons = [`属地：${located.reason}`, ...withheldWords];
  // 第三十条: a report against a local government (its Party committee, its leaders) is handled by the level above it.
  const governments = accusedGovernments(
    { text, ...(input.category ? { category: input.category } : {}), known: input.accusedJurisdictions, notAccused: input.notAccused?.places, officials: context.officialsOf, holder: office },
    located.jurisdiction,
    tree,
  );
  const accusing: Accusing = governments.length ? { accusedJurisdictions: governments } : {};
  const accusedOver = outermostAccusedOver(located.jurisdiction, governments, tree);
  if (accusedOver) {
    const above = tree.parentOf(accusedOver);
    reasons.push(
      `举报涉及${tree.get(accusedOver).name}党委政府或其领导：不交${tree.get(accusedOver).name}及其下级办理${above ? `，由${above.name}办理` : ''}（《信访工作条例》第三十条）。`,
    );
    if (above) located = { ...located, jurisdiction: above.code };
  }
  let suggestion: RoutingSuggestion | undefined;
  const triage = (why: string, outside?: string[]): RoutingDecision => ({
    kind: 'triage',
    office,
    jurisdiction: located.jurisdiction,
    // A case in triage for another reason still tells staff it may belong to a legal channel.
    reasons: [...reasons, why, ...(channel && !why.startsWith(LEGAL_CHANNEL_SAID) ? [legalChannelWords(channel, false)] : [])],
    ...(suggestion ? { suggestion } : {}),
    ...(outside ? { outside } : {}),
    ...(channel ? { legalChannel: channel } : {}),
    ...accusing,
  });

  if (blank) return triage(`${content}为空（只有标题，或内容在附件中），无法据以确定承办部门：请人工审查，内容不清的请信访人补充。`);
  if (forDiscipline) {
    const why = `其他机关：${forDiscipline.reason}。检举控告不由系统告知信访人另行反映：请将材料转送${forDiscipline.body}，并告知信访人（“告知向有权处理的机关提出”，理由中写明已转送何机关），或另行处理。`;
    return { ...triage(why), ...(input.category ? {} : { category: 'report' as const }) };
  }

  // All the province's units: a short name after another unit's place (湖州市住建局) must be recognised as that unit's.
  const units = provinceUnits(context);
  const nameOf = (unit: string) => units.find((u) => u.id === unit)?.name ?? unit;
  const complaint = !input.category && !isAccusation(text) && categoryFromWords(text)?.category === 'complaint';
  const byUnits = reportExclusion({ text, ...(input.category ? { category: input.category } : {}), accused: input.accusedUnits, notAccused: input.notAccused?.units, near: located.jurisdiction, complaint }, units, tree);
  const underGovernment = (unit: string) => {
    const at = units.find((u) => u.id === unit)?.jurisdiction;
    return at === undefined ? undefined : outermostAccusedOver(at, governments, tree);
  };
  const report = {
    excludes: (unit: string) => byUnits.excludes(unit) || underGovernment(unit) !== undefined,
    why: (unit: string) => {
      const government = underGovernment(unit);
      return government ? `${nameOf(unit)}（${unit}）属被举报的${tree.get(government).name}` : byUnits.why(unit);
    },
  };
  /** The unit of a kind for the located matter; an office assigns downwards only (upwards is a transfer staff decide). */
  const unitOf = (kind: DepartmentKind, able?: (unit: string) => boolean) => {
    const found = unitFor(kind, located.jurisdiction, tree, unitsOf, able);
    return found && tree.isWithin(found.jurisdiction, office) ? found : undefined;
  };
  // A unit with nobody in the system could never conclude the case (谁承办谁答复): it does not lead one, the lowest staffed unit does.
  const staffed = (unit: string) => context.unitStaffed?.(unit) ?? true;
  const leadOf = (kind: DepartmentKind) => unitOf(kind, staffed);
  const kindName = (kind: DepartmentKind) => DEPARTMENT_LABELS[kind];
  const where = (found: { unit: string; jurisdiction: string }, kind: DepartmentKind) => {
    if (found.jurisdiction === located.jurisdiction) return `${nameOf(found.unit)}（${found.unit}）`;
    const lower = unitOf(kind);
    const why = lower && lower.unit !== found.unit ? `${nameOf(lower.unit)}在系统中没有工作人员` : `${tree.get(located.jurisdiction).name}无此类单位`;
    return `${nameOf(found.unit)}（${found.unit}），${why}`;
  };
  const unstaffedWords = (unit: string) => `${nameOf(unit)}（${unit}）在系统中没有工作人员`;

  if (other?.treeDepartment) {
    reasons.push(`其他机关：${other.reason}。`);
    // Transferred, it would be accepted: staff decide first.
    if (channel) return triage(legalChannelWords(channel, false));
    const target = leadOf(other.treeDepartment);
    if (target && report.excludes(target.unit)) {
      return triage(`${report.why(target.unit)}，而本事项应转送该单位；请人工分办。`);
    }
    if (!target) {
      // A unit nobody works in the system would hold the case unanswered: the petitioner is told the channel, as where there is no unit.
      const unstaffed = unitOf(other.treeDepartment);
      return {
        kind: 'redirect',
        body: other.body,
        notice: other.notice,
        reasons: [
          ...reasons,
          unstaffed
            ? `${unstaffedWords(unstaffed.unit)}，转送后无人办结：告知信访人，不转送。`
            : `${officeName}及以下没有${kindName(other.treeDepartment)}部门的单位：告知信访人，不转送。`,
        ],
      };
    }
    return {
      kind: 'redirect',
      body: other.body,
      notice: `${other.notice}本件已转送${nameOf(target.unit)}办理。`,
      transferTo: target,
      reasons: [...reasons, `转送：${kindName(other.treeDepartment)} → ${where(target, other.treeDepartment)}。`],
      ...accusing,
    };
  }

  // The matter names a place outside this office (德清县新市镇 in a letter to 桐庐县): transferring it, or keeping it, is staff's decision.
  if (located.elsewhere) {
    return triage(`事项涉及${located.elsewhere.join('、')}，不在${officeName}辖区内：请工作人员决定转送有权处理的地方，或由本级受理。`, located.elsewhere);
  }
  const choice = chooseDepartments(
    { ...(input.subject ? { subject: input.subject } : {}), text: input.matter, ...(input.category ? { category: input.category } : {}) },
    rulesFor(located.jurisdiction),
    context.segmenter,
  );
  reasons.push(`归口：${choice.reason}`);
  let departments: { lead: DepartmentKind; cooperating: DepartmentKind[] };
  if (choice.lead && choice.confident) {
    departments = { lead: choice.lead, cooperating: choice.cooperating };
  } else {
    // The keyword rules are the base; where they are not confident, the office's own past decisions speak.
    const learned = context.learned;
    const words = context.segmenter && learned ? contentWords(context.segmenter.segment(text).words) : [];
    // Only departments with a unit the case may go to: at or below the office, with staff, and not one the report accuses.
    const eligible = (kind: DepartmentKind) => {
      const found = leadOf(kind);
      return found !== undefined && !report.excludes(found.unit);
    };
    const guess = learned ? suggestDepartment(learned.model, words, eligible) : undefined;
    if (!learned || !guess) return triage('未能确定承办部门，请人工分办。');
    // Too few decisions to suggest from: a department's words would be one letter's names and places (minExamplesToSuggest).
    const taught = learned.model.departments.find((d) => d.department === guess.department)?.examples ?? 0;
    if (guess.examples < learned.minExamplesToSuggest || taught < MIN_DEPARTMENT_EXAMPLES_TO_SUGGEST) {
      return triage(
        guess.examples < learned.minExamplesToSuggest
          ? `学习模型仅有${guess.examples}次分办，少于${learned.minExamplesToSuggest}次，暂不提供建议：请人工分办。`
          : `学习模型中${kindName(guess.department)}仅有${taught}次分办，少于${MIN_DEPARTMENT_EXAMPLES_TO_SUGGEST}次，暂不提供建议：请人工分办。`,
      );
    }
    suggestion = { ...guess, unit: leadOf(guess.department)!.unit };
    const said = `学习模型（${guess.examples}次分办）：${kindName(guess.department)}，置信度${guess.confidence.toFixed(3)}，依据${guess.words.join('、')}`;
    if (guess.examples < learned.minExamples || guess.confidence < learned.autoAssignConfidence) {
      return triage(`${said}；低于${learned.autoAssignConfidence}或分办少于${learned.minExamples}次：仅作建议，请人工分办。`);
    }
    reasons.push(`${said}，不低于${learned.autoAssignConfidence}。`);
    departments = { lead: guess.department, cooperating: [] };
  }

  const leadUnit = unitOf(departments.lead);
  if (!leadUnit) return triage(`${officeName}及以下没有${kindName(departments.lead)}部门的单位，请人工分办。`);
  // `able`: the lowest unit of the department with staff in the system; only such a unit leads.
  const candidates = [departments.lead, ...departments.cooperating].map((kind) => ({ kind, found: unitOf(kind), able: leadOf(kind) }));
  let leadAt = 0;
  const first = candidates[0]!.able ?? leadUnit;
  if (report.excludes(first.unit)) {
    reasons.push(`${report.why(first.unit)}：不交该单位办理。`);
    leadAt = candidates.findIndex((c, i) => i > 0 && c.able && !report.excludes(c.able.unit));
    if (leadAt < 0) {
      const unstaffed = candidates.filter((c, i) => i > 0 && c.found && !c.able && !report.excludes(c.found.unit)).map((c) => nameOf(c.found!.unit));
      return triage(`没有其他可主办的部门${unstaffed.length ? `（${unstaffed.join('、')}在系统中没有工作人员）` : ''}，请人工分办。`);
    }
  } else if (!candidates[0]!.able) {
    return triage(`${unstaffedWords(leadUnit.unit)}，交办后无人能办结：请人工分办（本机关自办，或交在系统中有工作人员的单位）。`);
  }
  const lead = candidates[leadAt]!;
  const leadFound = lead.able!;
  reasons.push(`${leadAt === 0 ? '主办' : '改由主办'}：${kindName(lead.kind)} → ${where(leadFound, lead.kind)}。`);

  // A cooperating unit only sends the lead its opinion, and the lead may conclude without it (cooperation.ts): one without
  // staff in the system is still listed (its mailbox gets the 协办 letter), a staffed one of its department preferred.
  const cooperating: string[] = [];
  candidates.forEach((candidate, i) => {
    if (i === leadAt || (i === 0 && leadAt > 0)) return;
    const unit = candidate.able ?? candidate.found;
    if (!unit) {
      reasons.push(`协办${kindName(candidate.kind)}：${officeName}及以下没有此类单位，不列入。`);
    } else if (report.excludes(unit.unit)) {
      reasons.push(`协办${kindName(candidate.kind)}不列入：${report.why(unit.unit)}。`);
    } else if (unit.unit !== leadFound.unit && !cooperating.includes(unit.unit)) {
      cooperating.push(unit.unit);
      const unstaffed = candidate.able ? '' : `（该单位在系统中没有工作人员：协办通知发其邮箱，不作主办）`;
      reasons.push(`协办：${kindName(candidate.kind)} → ${where(unit, candidate.kind)}${unstaffed}。`);
    }
  });

  // The assignment would accept it: staff decide, the unit it would go to named above.
  if (channel) return triage(legalChannelWords(channel, true));

  const ruleCategory = choice.confident ? choice.category : input.category;
  const accusation = !ruleCategory && isAccusation(text);
  const worded = ruleCategory || accusation ? undefined : categoryFromWords(text);
  // Last, what the subject implies: the category the rule that sent it to its department names (impliesCategory).
  const implied = choice.confident && departments.lead === choice.lead ? choice.impliedCategory : undefined;
  const category = ruleCategory ?? (accusation ? 'report' : (worded?.category ?? implied));
  if (category && !input.category) {
    const source = ruleCategory
      ? '来自匹配的归口规则'
      : accusation
        ? `${content}中有举报、控告或检举字样`
        : worded
          ? `${content}中有“${worded.word}”字样`
          : `归口${kindName(choice.lead!)}的事项`;
    reasons.push(`类别：${CATEGORY_LABELS[category]}（${source}）。`);
  }
  return {
    kind: 'assign',
    jurisdiction: leadFound.jurisdiction,
    lead: leadFound.unit,
    cooperating,
    ...(category ? { category } : {}),
    reasons,
    ...accusing,
  };
}
