import type { Case } from './case.js';
import { runningClock } from './chase.js';
import type { EscalationStep } from './department.js';
import { actingJurisdiction, pendingReview } from './closing.js';
import { beingHandled } from './lifecycle.js';
import { isSuspended, totalSuspendedCalendarDays } from './suspension.js';
import { reportBackOffices } from './report-back.js';
import { relationOf } from './supervision.js';
import { topicTermsOf } from './topic-terms.js';
import { implementationPending } from './implementation.js';

/**
 * A case's line in the ledger (台账): the facts statistics count, derived
 * from the case on every write and copied to the listing index, so a
 * jurisdiction's figures are read from lean index items — never the
 * petitions' text or the petitioners' details.
 */
export interface LedgerEntry {
  receivedAt: string;
  receivingOffice: string;
  /** The unit that handles (or handled) the case. */
  unit?: string;
  acceptedAt?: string;
  /** The latest conclusion (办结) standing: absent while a reopened case is handled again. */
  concludedAt?: string;
  /**
   * The first conclusion, where it is not `concludedAt`: the case was reopened
   * (不满意, a 复查 that revoked the answer) and is handled again or was
   * concluded again. Statistics count the case concluded then (concludedOn).
   */
  firstConcludedAt?: string;
  /**
   * 按期办结: the first conclusion came by the handling deadline it was held to
   * (an extension included). A reopening and a later conclusion do not change
   * it: the office met or missed the statutory limit once.
   */
  onTime?: boolean;
  /** The deadline of the clock now running, if any: past it, the case is overdue. Absent while the clock is suspended (中止). */
  dueAt?: string;
  /** The clock stands still (中止): not overdue, not chased. */
  suspended?: boolean;
  /** Calendar days the clocks stood still: statistics count net handling time. */
  suspendedDays?: number;
  outcome?: NonNullable<Case['result']>['outcome'];
  extended?: boolean;
  /** An extension is asked for and waits for a leader (a leader's work list finds it by this). */
  extensionPending?: boolean;
  /**
   * 督办 of the clock now running: the last step of the escalation chain taken
   * (one of ESCALATION_STEPS), how many steps have been taken, and since when
   * the case stands at that step. Absent once a new clock starts.
   */
  escalation?: { step: EscalationStep; steps: number; since: string };
  /** The review (复查, level 1) or re-review (复核, level 2) waiting for the decision of the level above. */
  review?: { level: 1 | 2; jurisdiction: string; requestedAt: string };
  repeat?: boolean;
  collective?: boolean;
  /**
   * Places whose government the report accuses (Case.accusedJurisdictions):
   * in the ledger because the listing indexes carry the ledger, so lists,
   * search and statistics keep the case from those places' staff too.
   */
  accusedPlaces?: string[];
  /** A collective petition's head count (人数), for 人次 figures. */
  headCount?: number;
  /** The answer to the follow-up now running (the 矛盾纠纷排查 lists a case reopened by 不满意 by it). */
  satisfied?: boolean;
  /**
   * The petitioner's latest answer at an earlier round, while the follow-up now
   * running has none (a case reopened by 不满意 and answered again): 满意率
   * counts it until they answer again (answeredSatisfied).
   */
  previouslySatisfied?: boolean;
  /** When the follow-up was answered (满意 or 不满意): the 矛盾纠纷排查 dates a reopening after 不满意 by it. */
  followUpAnsweredAt?: string;
  /** 越级信访 (see Case.bypass). */
  bypass?: boolean;
  /** 领导包案: a leader owns the case (see Case.leaderOwnership). */
  leaderOwned?: boolean;
  /** 息诉罢访: the petitioner accepts the outcome (see Case.settled). */
  settled?: boolean;
  reviewLevel: 0 | 1 | 2;
  /** The highest review asked for (1 复查, 2 复核), decided or not; absent when none (or on a ledger written before it was kept). */
  reviewAsked?: 1 | 2;
  closedAt?: string;
  /** The subject (never the matter's text). */
  subject?: string;
  /** What the petition is about, as terms (topicTermsOf), for hot topics: a case without a subject has them too. */
  topics?: string[];
  /** The topics are the matter's words, not a subject's: counted only as far as the office's vocabulary knows them. */
  topicsFromMatter?: true;
  /**
   * The offices above that are owed the result, nearest first, and why: they
   * handed it down (交办) or supervise it (督办) — lists tag such cases for the
   * level handling them, and a superior's 交办督办件 says which it is.
   */
  superiors?: { office: string; relation: 'assigned' | 'supervised' | 'reviewRedo' | 'reviewImplementation' }[];
  /** 落实情况 still owed the reviewing office (Case.implementation), by this instant. */
  implementationDue?: string;
}

/**
 * 交办转送: the office that received the case (its desk registered it) and the
 * jurisdiction now holding it, while they differ — handed down (交办), sent
 * sideways to a sibling (转送), or up the tree. The case's entry under the
 * receiving office (docs/storage.md "交办转送 entry") lets that office's
 * statistics find it wherever it is now held, without reading the province.
 */
export function handedOnFrom(c: Pick<Case, 'jurisdiction' | 'receivingOffice'>): { office: string; holder: string } | undefined {
  return c.receivingOffice && c.jurisdiction !== c.receivingOffice ? { office: c.receivingOffice, holder: c.jurisdiction } : undefined;
}

/** 办结 for statistics: when the case was first concluded (kept across a reopening), if it was. */
export function concludedOn(entry: Pick<LedgerEntry, 'concludedAt' | 'firstConcludedAt'>): string | undefined {
  return entry.firstConcludedAt ?? entry.concludedAt;
}

/** 满意率: the petitioner's latest answer at a follow-up, this round's or, while it has none, an earlier round's. */
export function answeredSatisfied(entry: Pick<LedgerEntry, 'satisfied' | 'previouslySatisfied'>): boolean | undefined {
  return entry.satisfied ?? entry.previouslySatisfied;
}

const SUPERIOR_RELATIONS = { 交办: 'assigned', 督办: 'supervised', 复查后责令重新办理: 'reviewRedo' } as const satisfies Record<ReturnType<typeof relationOf>, string>;

export function ledgerEntryOf(c: Case): LedgerEntry {
  const running = runningClock(c);
  const concludedAt = c.result?.concludedAt;
  const entry: LedgerEntry = { receivedAt: c.receivedAt, receivingOffice: c.receivingOffice, reviewLevel: c.reviewLevel };
  const unit = c.handling?.lead ?? c.result?.unit;
  if (unit) entry.unit = unit;
  if (c.acceptedAt) entry.acceptedAt = c.acceptedAt;
  if (concludedAt) entry.concludedAt = concludedAt;
  // The first conclusion decides 按期办结 (a case concluded before it was kept: its result, against the deadline now).
  const first = c.firstConclusion ?? (c.result ? { at: c.result.concludedAt, handlingDeadline: c.deadlines.handling } : undefined);
  if (first) {
    if (first.at !== concludedAt) entry.firstConcludedAt = first.at;
    if (first.handlingDeadline) entry.onTime = first.at <= first.handlingDeadline;
  }
  if (isSuspended(c)) entry.suspended = true;
  else if (running) entry.dueAt = running.deadline;
  // Those of the handling the statistics count, up to the first conclusion: a stop in a round reopened later changes no month's report.
  const suspendedDays = totalSuspendedCalendarDays(c, first?.at);
  if (suspendedDays > 0) entry.suspendedDays = suspendedDays;
  // Handled again: the outcome of the conclusion the statistics still count, until there is a new one.
  const outcome = c.result?.outcome ?? c.firstConclusion?.outcome;
  if (outcome) entry.outcome = outcome;
  if (c.extension?.status === 'approved') entry.extended = true;
  // A request left on a case no longer being handled (stored before requests lapsed) waits for no one.
  if (c.extension?.status === 'requested' && beingHandled(c)) entry.extensionPending = true;
  const escalated = c.chase?.escalated ?? [];
  if (escalated.length > 0 && c.chase?.lastEscalatedAt) {
    entry.escalation = { step: escalated[escalated.length - 1] as EscalationStep, steps: escalated.length + (c.chase.earlierSteps ?? 0), since: c.chase.lastEscalatedAt };
  }
  const review = actingJurisdiction(c) !== c.jurisdiction ? pendingReview(c) : undefined;
  if (review) entry.review = { level: review.level, jurisdiction: review.jurisdiction, requestedAt: review.requestedAt };
  const asked = Math.max(0, ...(c.reviews ?? []).map((r) => r.level));
  if (asked > 0) entry.reviewAsked = asked as 1 | 2;
  if (c.repeatOf) entry.repeat = true;
  if (c.accusedJurisdictions?.length) entry.accusedPlaces = [...c.accusedJurisdictions];
  if (c.collective) {
    entry.collective = true;
    entry.headCount = c.collective.headCount;
  }
  if (c.followUp?.satisfied !== undefined) entry.satisfied = c.followUp.satisfied;
  else if (c.followUp?.previousAnswer) entry.previouslySatisfied = c.followUp.previousAnswer.satisfied;
  if (c.followUp?.answeredAt) entry.followUpAnsweredAt = c.followUp.answeredAt;
  if (c.settled) entry.settled = true;
  if (c.bypass) entry.bypass = true;
  if (c.leaderOwnership) entry.leaderOwned = true;
  if (c.closedAt) entry.closedAt = c.closedAt;
  if (c.subject) entry.subject = c.subject;
  const topics = topicTermsOf(c);
  if (topics.terms.length > 0) {
    entry.topics = topics.terms;
    if (topics.fromMatter) entry.topicsFromMatter = true;
  }
  // 落实: the reviewing office is owed the 落实情况 by its day (a list shows it as the case's clock once no other runs).
  const implementation = c.status === 'archived' ? undefined : implementationPending(c);
  if (implementation) entry.implementationDue = implementation.dueAt;
  const owed = reportBackOffices(c).filter((office) => office !== c.jurisdiction);
  const superiors = implementation && !owed.includes(implementation.orderedBy) ? [...owed, implementation.orderedBy] : owed;
  if (superiors.length) {
    entry.superiors = superiors.map((office) => ({ office, relation: office === implementation?.orderedBy ? 'reviewImplementation' : SUPERIOR_RELATIONS[relationOf(c, office)] }));
  }
  return entry;
}
