import { readsCase, type Actor, type CaseScope } from './access.js';
import type { Case, CaseEvent, CaseResult } from './case.js';
import { InvalidTransition } from './errors.js';
import type { JurisdictionTree } from './jurisdiction.js';
import { pendingReview } from './closing.js';

/**
 * 审核签发 (optional, per jurisdiction): "制作《信访事项处理意见书》，经主管
 * 局长审核，局长审批后，答复上访人". Where an office requires it, the letter
 * of the result 办结 recorded is approved by a unit head or a leader — never
 * the one who concluded — before 答复 sends it. The rule in force is kept on
 * the result when it is concluded, so a case concluded before an office
 * turned it on goes as it was. `none` (the default): anyone who may reply
 * sends it as before.
 */
export const REPLY_SIGN_OFF_RULES = ['none', 'unitHead', 'leader'] as const;
export type ReplySignOffRule = (typeof REPLY_SIGN_OFF_RULES)[number];

const WHO: Readonly<Record<Exclude<ReplySignOffRule, 'none'>, string>> = { unitHead: '承办单位负责人', leader: '领导' };

/** The result as 办结 records it under the office's rule. */
export function withSignOffRule(result: CaseResult, rule: ReplySignOffRule): CaseResult {
  return rule === 'none' ? result : { ...result, signOff: { rule } };
}

/** Waiting for its sign-off (待签发): concluded, a sign-off required, none given. */
export function awaitingSignOff(c: Pick<Case, 'status' | 'result'>): boolean {
  return c.status === 'concluded' && c.result?.signOff !== undefined && c.result.signOff.at === undefined;
}

/** The letter starts to wait for its sign-off with this change: concluded, or an approval voided by a correction. */
export const startsWaiting = (before: Pick<Case, 'status' | 'result'>, after: Pick<Case, 'status' | 'result'>): boolean => !awaitingSignOff(before) && awaitingSignOff(after);

/**
 * Who holds the posts a sign-off names, as the staff roster tells it: enough
 * to see whether anyone but the one who wrote the letter can approve it.
 */
export interface SignOffRoster {
  /** Staff ids of the heads (unitHead) of a unit. */
  unitHeadsOf(unitId: string): readonly string[];
  /** Staff ids of the leaders of an office (role leader, in no unit). */
  leadersOf(jurisdiction: string): readonly string[];
}

/** Who wrote the letter as it reads: the one who concluded, and the one who corrected it last. Neither approves it. */
function authors(result: CaseResult): string[] {
  return [result.concludedBy, ...(result.correctedBy ? [result.correctedBy] : [])];
}

/**
 * A letter waiting for its sign-off (待签发), as the 待签发 list keeps it: the
 * office holding the case, the rule, the unit that concluded, and who wrote
 * the letter (they do not approve it). Enough to tell who may approve it
 * without reading the case.
 */
export interface SignOffWaiting {
  jurisdiction: string;
  rule: Exclude<ReplySignOffRule, 'none'>;
  unit?: string;
  authors: readonly string[];
  /** When it started waiting as it reads now: concluded, or corrected last. */
  since: string;
  /** Who the case is kept from (回避, a report's accused units and places): none of them approves it (第二十八条、第三十条). */
  keptFrom?: SignOffKeptFrom;
  /**
   * Where the entry waits when the read rules moved the letter past the post its rule names (signOffEntryPost): with
   * the approvers' office. Chosen with the roster when the entry is written.
   */
  post?: { unit: string } | { office: string };
  /**
   * Who the roster named as its approvers when the entry was written (waitingApprovers), sorted: after the roster
   * changes (config/province.yaml deployed), `npm run reindex` tells those it names now and did not then.
   */
  approvers?: readonly string[];
  /**
   * A 复查 (1) or 复核 (2) 意见书 drafted by the reviewing office (`jurisdiction`), not a unit's 处理意见书
   * (shared/domain/review-signoff.ts): its own leaders approve it, never the office above — that office is the next
   * review, and deciding this one for the lower office would leave the petitioner nobody to ask.
   */
  review?: 1 | 2;
}

export interface SignOffKeptFrom {
  recused?: readonly string[];
  accusedUnits?: readonly string[];
  accusedJurisdictions?: readonly string[];
}

type SignOffCase = Pick<Case, 'jurisdiction' | 'result' | 'recused' | 'accusedUnits' | 'accusedJurisdictions'>;

function keptFromOf(c: Pick<Case, 'recused' | 'accusedUnits' | 'accusedJurisdictions'>): SignOffKeptFrom | undefined {
  const kept: SignOffKeptFrom = {
    ...(c.recused?.length ? { recused: c.recused.map((r) => r.staffId) } : {}),
    ...(c.accusedUnits?.length ? { accusedUnits: [...c.accusedUnits] } : {}),
    ...(c.accusedJurisdictions?.length ? { accusedJurisdictions: [...c.accusedJurisdictions] } : {}),
  };
  return Object.keys(kept).length ? kept : undefined;
}

/**
 * Whether a member of a tier (a head of the concluding unit, a leader of the office or above: all in the case's scope)
 * may read the case by the case page's rule (readsCase): not recused, not of an accused unit or place.
 */
function tierReads(w: Pick<SignOffWaiting, 'jurisdiction' | 'unit' | 'keptFrom'>, tier: { jurisdiction: string; unit?: string }, tree: JurisdictionTree) {
  const scope: CaseScope = {
    caseNumber: '',
    jurisdiction: w.jurisdiction,
    receivingOffice: w.jurisdiction,
    ...(w.unit ? { result: { unit: w.unit } } : {}),
    recused: (w.keptFrom?.recused ?? []).map((staffId) => ({ staffId })),
    accusedUnits: w.keptFrom?.accusedUnits,
    accusedJurisdictions: w.keptFrom?.accusedJurisdictions,
  };
  return (id: string) =>
    readsCase({ staffId: id, jurisdiction: tier.jurisdiction, roles: [tier.unit ? 'unitHead' : 'leader'], ...(tier.unit ? { unit: tier.unit } : {}) }, scope, tree);
}

/**
 * The letter's wait for its sign-off, if it waits: a unit's 处理意见书 (awaitingSignOff), or a 复查（复核）意见书 drafted
 * where the reviewing office requires 签发 — the same 待签发 list and notice, so a leader learns of either.
 */
export function signOffWaitingOf(c: Pick<Case, 'status' | 'updatedAt'> & SignOffCase & Partial<Pick<Case, 'reviews'>>, since?: string): SignOffWaiting | undefined {
  const draft = c.reviews ? pendingReview({ reviews: c.reviews }) : undefined;
  if (draft?.draft) {
    const keptFrom = keptFromOf(c);
    return { jurisdiction: draft.jurisdiction, rule: 'leader', authors: [draft.draft.draftedBy], since: since ?? draft.draft.draftedAt, review: draft.level, ...(keptFrom ? { keptFrom } : {}) };
  }
  if (!awaitingSignOff(c)) return undefined;
  const result = c.result!;
  const keptFrom = keptFromOf(c);
  return { jurisdiction: c.jurisdiction, rule: result.signOff!.rule, ...(result.unit ? { unit: result.unit } : {}), authors: authors(result), since: since ?? c.updatedAt, ...(keptFrom ? { keptFrom } : {}) };
}

/** The letter as it waits, for the approver rules (whether it waits or not). */
function waitingOf(c: SignOffCase & { result: CaseResult & { signOff: NonNullable<CaseResult['signOff']> } }): Omit<SignOffWaiting, 'since'> {
  const keptFrom = keptFromOf(c);
  return { jurisdiction: c.jurisdiction, rule: c.result.signOff.rule, ...(c.result.unit ? { unit: c.result.unit } : {}), authors: authors(c.result), ...(keptFrom ? { keptFrom } : {}) };
}

/**
 * Where the entry of a waiting letter goes, with the roster: the post its rule names (signOffPost), unless the read
 * rules left nobody there who could approve it while the roster did (the unit's heads recused, the unit accused): then
 * the approvers' own office, which they read whatever its size (signOffPostsRead).
 */
export function signOffEntryPost(w: Omit<SignOffWaiting, 'since' | 'post'>, roster: SignOffRoster, tree: JurisdictionTree): { unit: string } | { office: string } {
  const approvers = waitingApprovers(w, roster, tree);
  const unfiltered = waitingApprovers({ ...w, keptFrom: undefined }, roster, tree);
  if (!approvers || (approvers.jurisdiction === unfiltered?.jurisdiction && approvers.unit === unfiltered.unit)) return signOffPost(w);
  return approvers.unit ? { unit: approvers.unit } : { office: approvers.jurisdiction };
}

/**
 * Where the letter waits on the 待签发 lists (shared/app/work-lists.ts): with
 * the unit that concluded when its heads approve it, else with the office.
 * A fallback (signOffApprovers) reaches leaders through the partitions they read.
 */
export const signOffPost = (w: Pick<SignOffWaiting, 'jurisdiction' | 'rule' | 'unit'>): { unit: string } | { office: string } =>
  w.rule === 'unitHead' && w.unit ? { unit: w.unit } : { office: w.jurisdiction };

/**
 * Who may approve, in turn: for `unitHead`, the heads of the unit that
 * concluded (a case no unit had: the leaders of the office holding it); for
 * `leader`, the leaders of that office. Never one who wrote the letter (who
 * concluded it, or corrected it last). When nobody the rule names is left —
 * the unit's only head concluded the case, the office's only leader did —
 * the letter does not wait for ever (答复 refused, the reply clock running
 * out): the leaders of the office holding the case approve it, and where none
 * of them is left either, the leaders of the nearest office above.
 */
export function signOffTiers(c: SignOffCase, roster: SignOffRoster, tree: JurisdictionTree): { jurisdiction: string; unit?: string; ids: readonly string[] }[] {
  const result = c.result;
  if (!result?.signOff) return [];
  return waitingTiers(waitingOf({ ...c, result: { ...result, signOff: result.signOff } }), roster, tree);
}

/** The tiers in turn, each kept to those who may read the case: a recused head, or one of an accused unit, leaves it to the next. */
function waitingTiers(w: Pick<SignOffWaiting, 'jurisdiction' | 'rule' | 'unit' | 'keptFrom' | 'review'>, roster: SignOffRoster, tree: JurisdictionTree): { jurisdiction: string; unit?: string; ids: readonly string[] }[] {
  const tiers: { jurisdiction: string; unit?: string; ids: readonly string[] }[] = [];
  if (w.rule === 'unitHead' && w.unit) tiers.push({ jurisdiction: w.jurisdiction, unit: w.unit, ids: roster.unitHeadsOf(w.unit) });
  tiers.push({ jurisdiction: w.jurisdiction, ids: roster.leadersOf(w.jurisdiction) });
  const above = w.review === undefined && tree.has(w.jurisdiction) ? tree.ancestors(w.jurisdiction) : [];
  for (const office of above) tiers.push({ jurisdiction: office.code, ids: roster.leadersOf(office.code) });
  return tiers.map((tier) => ({ ...tier, ids: tier.ids.filter(tierReads(w, tier, tree)) }));
}

/** The approvers of the letter now: the first in turn (signOffTiers) who did not write it. */
export function signOffApprovers(c: SignOffCase, roster: SignOffRoster, tree: JurisdictionTree): { jurisdiction: string; unit?: string; ids: readonly string[]; fallback: boolean } | undefined {
  const signOff = c.result?.signOff;
  if (!signOff || !c.result) return undefined;
  return waitingApprovers(waitingOf({ ...c, result: { ...c.result, signOff } }), roster, tree);
}

/** The approvers of a waiting letter (signOffApprovers, from what the 待签发 list keeps). */
export function waitingApprovers(w: Omit<SignOffWaiting, 'since' | 'post'>, roster: SignOffRoster, tree: JurisdictionTree): { jurisdiction: string; unit?: string; ids: readonly string[]; fallback: boolean } | undefined {
  for (const [index, tier] of waitingTiers(w, roster, tree).entries()) {
    const ids = tier.ids.filter((id) => !w.authors.includes(id));
    if (ids.length > 0) return { ...tier, ids, fallback: index > 0 };
  }
  return undefined;
}

/** Whether the actor, in the post they act in, is one of the approvers of the waiting letter now. */
export function mayApproveWaiting(actor: Actor, w: Omit<SignOffWaiting, 'since' | 'post'>, roster: SignOffRoster, tree: JurisdictionTree): boolean {
  if (w.authors.includes(actor.staffId)) return false;
  const approvers = waitingApprovers(w, roster, tree);
  if (!approvers?.ids.includes(actor.staffId)) return false;
  // The roster names them; the actor acts in that post.
  return approvers.unit
    ? actor.roles.includes('unitHead') && actor.unit === approvers.unit
    : actor.roles.includes('leader') && !actor.unit && actor.jurisdiction === approvers.jurisdiction;
}

/**
 * The 待签发 partitions a staff member reads (signOffPost): a unit head, their
 * unit's; a leader, their office's and its units' (the units' heads may all
 * have written the letter), and, down the tree, the offices (and units) none
 * of whose leaders may be left to approve — at most two wrote the letter, so a
 * level with three leaders or more always has one, and its letters never fall
 * to the level above. The list keeps only what mayApproveWaiting allows.
 */
export function signOffPostsRead(actor: Pick<Actor, 'jurisdiction' | 'unit' | 'roles'>, roster: SignOffRoster, tree: JurisdictionTree, unitsOf: (jurisdiction: string) => readonly string[]): ({ unit: string } | { office: string })[] {
  if (actor.unit) return actor.roles.includes('unitHead') ? [{ unit: actor.unit }] : [];
  if (!actor.roles.includes('leader')) return [];
  const posts: ({ unit: string } | { office: string })[] = [];
  const mayFallBack = (ids: readonly string[]) => ids.length <= MAX_AUTHORS;
  const visit = (code: string) => {
    posts.push({ office: code });
    for (const unit of unitsOf(code)) if (mayFallBack(roster.unitHeadsOf(unit))) posts.push({ unit });
    for (const child of tree.children(code)) if (mayFallBack(roster.leadersOf(child.code))) visit(child.code);
  };
  visit(actor.jurisdiction);
  return posts;
}

/** Who can have written a letter: the one who concluded, and the one who corrected it last. */
const MAX_AUTHORS = 2;

/**
 * Whether the actor may approve the letter now. Without the roster (a caller
 * that has only the tree), the post the rule names alone, no fallback.
 */
export function maySignOff(actor: Actor, c: SignOffCase, tree: JurisdictionTree, roster?: SignOffRoster): boolean {
  if (!c.result?.signOff || authors(c.result).includes(actor.staffId)) return false;
  if (!roster) {
    const leader = actor.roles.includes('leader') && !actor.unit && actor.jurisdiction === c.jurisdiction;
    if (c.result.signOff.rule === 'leader') return leader;
    return c.result.unit ? actor.roles.includes('unitHead') && actor.unit === c.result.unit : leader;
  }
  return mayApproveWaiting(actor, waitingOf({ ...c, result: { ...c.result, signOff: c.result.signOff } }), roster, tree);
}

/** 签发: the approver approves the letter of the current result; recorded as an event. */
export function signOffReply(c: Case, actor: Actor, at: string, roster: SignOffRoster, tree: JurisdictionTree): { case: Case; event: CaseEvent } {
  const signOff = c.result?.signOff;
  if (c.status !== 'concluded' || !c.result) {
    throw new InvalidTransition('signOffReply', c.status, 'only a concluded case not yet replied has a letter to sign off').inChinese('只有已办结、尚未答复的事项才能签发处理意见书');
  }
  if (!signOff) throw new InvalidTransition('signOffReply', c.status, 'this office did not require the letter to be signed off').inChinese('本机关未要求处理意见书审核签发');
  if (signOff.at) {
    throw new InvalidTransition('signOffReply', c.status, `the letter was signed off on ${signOff.at} by ${signOff.by}`).inChinese(`处理意见书已由${signOff.by ?? '领导'}签发`);
  }
  if (actor.staffId === c.result.concludedBy) {
    throw new InvalidTransition('signOffReply', c.status, 'the one who concluded the case does not sign off its letter').inChinese(`办结人不能签发自己办结的处理意见书，须由其他${WHO[signOff.rule]}审核签发`);
  }
  if (c.result.correctedBy === actor.staffId) {
    throw new InvalidTransition('signOffReply', c.status, 'the one who corrected the result last does not sign off the letter as corrected').inChinese(`更正办理结果的人不能签发自己更正的处理意见书，须由其他${WHO[signOff.rule]}审核签发`);
  }
  if (!maySignOff(actor, c, tree, roster)) {
    const approvers = signOffApprovers(c, roster, tree);
    if (approvers?.fallback) {
      throw new InvalidTransition('signOffReply', c.status, `no ${signOff.rule === 'leader' ? 'leader' : 'unit head'} but the letter's author can approve it: a leader of the office of ${approvers.jurisdiction} signs it off`).inChinese(
        `${WHO[signOff.rule]}中除办结（更正）人外无人可以签发，处理意见书须由${approvers.jurisdiction === c.jurisdiction ? '本机关' : '上一级机关'}领导审核签发`,
      );
    }
    throw new InvalidTransition('signOffReply', c.status, `the letter is signed off by ${signOff.rule === 'leader' ? 'a leader of the office' : 'the head of the concluding unit'}`).inChinese(`处理意见书须由${WHO[signOff.rule]}审核签发`);
  }
  const version = c.version + 1;
  return {
    case: { ...c, result: { ...c.result, signOff: { ...signOff, at, by: actor.staffId } }, version, updatedAt: at },
    event: { caseNumber: c.caseNumber, seq: version, type: 'replySignedOff', at, actor: actor.staffId, detail: { rule: signOff.rule, ...(signOffApprovers(c, roster, tree)?.fallback ? { fallback: true } : {}) } },
  };
}

/**
 * 待签发, as the case page shows it to everyone: who the letter waits for now
 * (their staff ids), and whether they stand in for the post the rule names.
 * `approvers` is empty when nobody is left to approve it (no leader anywhere
 * above but its author): the office must see that too.
 */
export function signOffAwaits(c: Pick<Case, 'status'> & SignOffCase, roster: SignOffRoster, tree: JurisdictionTree): { approvers: string[]; fallback: boolean; jurisdiction: string; unit?: string } | undefined {
  if (!awaitingSignOff(c)) return undefined;
  const found = signOffApprovers(c, roster, tree);
  if (!found) return { approvers: [], fallback: true, jurisdiction: c.jurisdiction };
  return { approvers: [...found.ids], fallback: found.fallback, jurisdiction: found.jurisdiction, ...(found.unit ? { unit: found.unit } : {}) };
}

/** 答复 waits for the sign-off the office required. */
export function assertSignedOff(c: Pick<Case, 'status' | 'result'>): void {
  if (awaitingSignOff(c)) {
    const rule = c.result!.signOff!.rule;
    throw new InvalidTransition('reply', c.status, `the decision letter awaits its sign-off by ${rule === 'leader' ? 'a leader' : 'the unit head'} (待签发)`).inChinese(`处理意见书待签发：须经${WHO[rule]}审核签发后才能答复`);
  }
}

/** A corrected result is signed off again: the approval was of the letter as it read. */
export function withSignOffVoided(result: CaseResult): CaseResult {
  return result.signOff?.at ? { ...result, signOff: { rule: result.signOff.rule } } : result;
}
