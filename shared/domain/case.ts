/** Words from docs/domain.md; the arrays are the single source for schemas and UI lists. */
export const CHANNELS = ['letter', 'visit', 'phone', 'email', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CATEGORIES = ['consultation', 'request', 'suggestion', 'complaint', 'report', 'dispute'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CASE_STATUSES = [
  'registered',
  'accepted',
  'declined',
  'redirected',
  'assigned',
  'inProgress',
  'concluded',
  'replied',
  'underReview',
  'underReReview',
  'closed',
  'archived',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which a unit still has work to do on the case. */
export const OPEN_STATUSES: ReadonlySet<CaseStatus> = new Set([
  'registered',
  'accepted',
  'assigned',
  'inProgress',
  'concluded',
  'underReview',
  'underReReview',
]);

export const GENDERS = ['male', 'female', 'unspecified'] as const;
export type Gender = (typeof GENDERS)[number];

/** The person (or lead person of a group) who raised the matter. Only what they gave is recorded. */
export interface Petitioner {
  anonymous: boolean;
  name?: string;
  gender?: Gender;
  age?: number;
  occupation?: string;
  address?: string;
  workUnit?: string;
  email?: string;
  phone?: string;
}

/** A collective petition (集体访): head count and at most five representatives. */
export interface Collective {
  headCount: number;
  representatives: Petitioner[];
}

export interface HandlingUnits {
  lead: string;
  cooperating: string[];
}

export interface CaseDeadlines {
  /** Clocks computed without the holiday calendar of their year (not yet published): recomputed once it is added. */
  provisional?: string[];
  /** Decide acceptance and notify the petitioner (受理告知). */
  acceptance?: string;
  /** Handle and conclude (办结). */
  handling?: string;
  /** Reply after conclusion (答复). */
  reply?: string;
  /** Decide a review (复查) or re-review (复核). */
  reviewDecision?: string;
  reReviewDecision?: string;
  /** When each running clock started: reminders fall at a share of the period. */
  started?: Partial<Record<'acceptance' | 'handling' | 'reply' | 'reviewDecision' | 'reReviewDecision', string>>;
}

/**
 * Where the sweep stands with the clock now running (催办 before the deadline,
 * 督办 step by step after it). Written only by the sweep; a new clock or a
 * moved deadline (an extension) starts it afresh.
 */
export interface ChaseState {
  clock: 'acceptance' | 'handling' | 'reply' | 'reviewDecision' | 'reReviewDecision';
  deadline: string;
  /** Reminders sent, or passed over because a later one was due, for this deadline. */
  reminded: string[];
  /** Escalation steps taken, in order. */
  escalated: string[];
  lastEscalatedAt?: string;
  /** When the sweep next has something to do; absent when nothing is left to do. */
  nextAt?: string;
}

export interface AttachmentRef {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Object key in the mail/attachment bucket. */
  key: string;
}

export interface Case {
  caseNumber: string;
  /** Division code of the jurisdiction that now holds the case. */
  jurisdiction: string;
  /** Division code of the office that received it. */
  receivingOffice: string;
  channel: Channel;
  category?: Category;
  status: CaseStatus;
  subject?: string;
  /** The matter in the petitioner's words. */
  matter: string;
  petitioner: Petitioner;
  collective?: Collective;
  /** Where the matter arose, as the petitioner described it. */
  incidentAddress?: string;
  urgent: boolean;
  /** An earlier case on the same matter by the same petitioner. */
  repeatOf?: string;
  handling?: HandlingUnits;
  /** 0: never reviewed; 1: reviewed (复查) once; 2: re-reviewed (复核), the matter is final. */
  reviewLevel: 0 | 1 | 2;
  /** First-contact responsibility (首问责任制): the staff member who owns it until handed over. */
  owner?: string;
  /** A superior office that assigned the case (交办) and must get the result back; it sees the clock. */
  reportBackTo?: string;
  /** Who last handed the case to its unit: a return goes back there. */
  assignedBy?: { staffId: string; jurisdiction: string };
  /** Units a report (举报/控告) accuses: never routed to, shown to or copied to them. */
  accusedUnits?: string[];
  /** The one extension (延期) a case may have: requested by its unit, decided by a leader. */
  extension?: {
    days: number;
    reason: string;
    requestedBy: string;
    requestedAt: string;
    status: 'requested' | 'approved' | 'refused';
    decidedBy?: string;
    decidedAt?: string;
    refusal?: string;
  };
  /** Waiting in the office's manual triage list: the router could not decide with confidence. */
  triage?: { since: string; reasons: string[] };
  receivedAt: string;
  registeredAt: string;
  registeredBy: string;
  deadlines: CaseDeadlines;
  attachments: AttachmentRef[];
  /** Attachments the intake refused (type or size), as told to the petitioner. */
  refusedAttachments?: { filename: string; reason: string }[];
  /** Whether the automatic acknowledgement was queued, or held back (anonymous, no address, daily limit). */
  acknowledgement?: 'queued' | 'notApplicable' | 'rateLimited';
  /** What the intake noticed: urgency words, collective signs, the repeat's similarity. */
  intakeFlags?: { urgentWords?: string[]; repeatSimilarity?: number };
  chase?: ChaseState;
  /** Optimistic-lock version; every accepted change increments it by one. */
  version: number;
  updatedAt: string;
}

export const CASE_EVENT_TYPES = [
  'registered',
  'accepted',
  'declined',
  'redirected',
  'assigned',
  'transferred',
  'returned',
  'started',
  'concluded',
  'replied',
  'reviewRequested',
  'reviewDecided',
  'reReviewRequested',
  'reReviewDecided',
  'reopened',
  'closed',
  'archived',
  'claimed',
  'noted',
  'sentToTriage',
  'extensionRequested',
  'extensionApproved',
  'extensionRefused',
  'messageReceived',
  'bounceRecorded',
  'reminded',
  'escalated',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** One change on a case: who, when, what, why. Events are append-only. */
export interface CaseEvent {
  caseNumber: string;
  /** The case version this event produced; orders events and makes each unique. */
  seq: number;
  type: CaseEventType;
  at: string;
  actor: string;
  from?: CaseStatus;
  to?: CaseStatus;
  reason?: string;
  detail?: Record<string, unknown>;
}

/** One email (or letter scan) kept on a case: what the petitioner sent, or what the system sent them. */
export interface CaseMessage {
  caseNumber: string;
  /** Stable id of the message within the case (the Message-ID, or the notification id). */
  id: string;
  direction: 'in' | 'out';
  at: string;
  from?: string;
  to: string[];
  subject: string;
  /** Plain text as received or sent. */
  text: string;
  /** Key of the raw MIME in the mail bucket (incoming) or of the sent copy. */
  rawKey?: string;
  /** Message-IDs under which replies may refer to this message. */
  messageIds: string[];
  attachments: AttachmentRef[];
  kind?: string;
}
