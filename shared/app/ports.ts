import type { Case, CaseEvent, CaseStatus } from '../domain/case.js';

export interface CaseWithEvents {
  case: Case;
  events: CaseEvent[];
}

/** What a listing shows of each case: enough for a work list, without the matter's full text. */
export interface CaseSummary {
  caseNumber: string;
  jurisdiction: string;
  status: CaseStatus;
  channel: Case['channel'];
  category?: Case['category'];
  subject?: string;
  urgent: boolean;
  registeredAt: string;
  lead?: string;
  nextDueAt?: string;
}

export interface CasePage {
  items: CaseSummary[];
  /** Opaque cursor for the next page; absent on the last page. */
  cursor?: string;
}

export interface NewCaseRecord {
  case: Case;
  event: CaseEvent;
  /** Normalised contacts (see contactsOf) to index for repeats and threads. */
  contacts: string[];
  /** A key the caller guarantees is the same for the same petition (API Idempotency-Key, Message-ID). */
  idempotencyKey?: string;
}

export type CreateResult = { created: true; caseNumber: string } | { created: false; caseNumber: string };

/** The case repository. Every write is conditional: nothing is overwritten without a trace. */
export interface CaseStore {
  /** Allocates the next number in the jurisdiction's yearly sequence; atomic, never repeats. */
  allocateSequence(jurisdiction: string, year: number): Promise<number>;
  /** The case number an idempotency key already produced, if any. */
  findByIdempotencyKey(key: string): Promise<string | undefined>;
  /** Stores a new case with its first event; if the idempotency key was used, stores nothing. */
  create(record: NewCaseRecord): Promise<CreateResult>;
  get(caseNumber: string): Promise<CaseWithEvents | undefined>;
  /**
   * Stores the next state of a case and the event that produced it, on condition
   * that the stored version is `next.version - 1`; VersionConflict otherwise.
   */
  saveTransition(next: Case, event: CaseEvent): Promise<void>;
  listByJurisdiction(query: {
    jurisdiction: string;
    statuses: readonly CaseStatus[];
    limit: number;
    cursor?: string;
  }): Promise<CasePage>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
