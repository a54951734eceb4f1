/**
 * The shapes the console reads. The OpenAPI document types the requests and
 * refusals; the case read answers are described only loosely there, so they
 * are taken from where the API defines them — the domain and the use cases
 * (type-only imports, plus the list of statuses) — never written out again.
 */
import type { CaseActionName } from '../../../../shared/domain/allowed-actions.js';
import type { WorkClock } from '../../../../shared/domain/work-clock.js';
import type { DeadlineClock, ExplainedClock } from '../../../../shared/domain/deadline-explanation.js';
import type { Case, CaseEvent as DomainCaseEvent, CaseMessage as DomainCaseMessage } from '../../../../shared/domain/case.js';
import type { AuditEntry, CasePage as DomainCasePage, CaseSummary as DomainCaseSummary } from '../../../../shared/app/ports.js';
import type { operations } from './schema';

export { CASE_STATUSES, type CaseStatus, type Channel, type Petitioner } from '../../../../shared/domain/case.js';
export type { CaseActionName };

/** A case as the API answers it (the follow-up link's token is never included). */
export type CaseRecord = Case;
export type CaseEvent = DomainCaseEvent;
export type CaseMessage = DomainCaseMessage;

/** A list entry: the rules' bookkeeping (`access`, accused units) is removed before it is answered. */
export type CaseSummary = Omit<DomainCaseSummary, 'access' | 'accusedUnits'>;
export interface CasePage extends Omit<DomainCasePage, 'items'> {
  items: CaseSummary[];
}

/** GET /cases/{n}. */
export interface CaseView {
  case: CaseRecord;
  events: CaseEvent[];
  messages: CaseMessage[];
  allowedActions: CaseActionName[];
  /** The clock the case's status runs, counted in working days by the API. */
  clock?: WorkClock & { clock: string };
  /** Each deadline with how it was counted (shared/domain/explain-deadline.ts). */
  deadlines?: Partial<Record<DeadlineClock, ExplainedClock & { sentence: string }>>;
  /** The next review (1 复查, 2 复核) the petitioner may still ask for, and its last moment. */
  reviewWindow?: { level: 1 | 2; by: string };
  /** 归档 the caller could do but for the review window: until when, and why. */
  archiveWaits?: { until: string; reason: string };
  /** While an extension request waits: the handling deadline if approved, by the holiday calendar. */
  extensionPreview?: { deadline: string; lastDay: string; roll?: { from: string; to: string; holiday?: string }; provisional?: true };
  /** 待签发: who may approve the decision letter now (staff ids), and whether they stand in for the post the rule names. */
  signOffAwaits?: { approvers: string[]; fallback: boolean; jurisdiction: string; unit?: string };
  /** 呈领导阅批 submissions marked waiting that no longer wait (已失效), with why. */
  leaderReadingsVoid?: { seq: number; reason: string }[];
}

/** GET /cases/{n}/audit: who read or did what to the case, when, newest first (at most 1000 entries; `truncated` when more match). */
export interface CaseAudit {
  caseNumber: string;
  entries: AuditEntry[];
  truncated: boolean;
}
export type { AuditEntry };

/** GET /directory: the names behind codes and ids (jurisdictions, offices, units, staff), typed by the OpenAPI description. */
export type Directory = operations['getDirectory']['responses'][200]['content']['application/json'];
/** GET /me: the signed-in staff member as the configuration describes them. */
export type DirectoryStaff = operations['getMe']['responses'][200]['content']['application/json'];
