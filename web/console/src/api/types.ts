

/**
 * The shapes the console reads. The OpenAPI document types the requests and
 * refusals; the case read answers are described only loosely there, so their
 * fields are written out here (as shared/domain/case.ts and shared/app/ports.ts
 * define them).
 */
export type CaseStatus = (typeof CASE_STATUSES)[number];
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

export type Channel = 'letter' | 'visit' | 'phone' | 'email' | 'web';

export interface CaseSummary {
  caseNumber: string;
  jurisdiction: string;
  status: CaseStatus;
  channel: Channel;
  category?: string;
  subject?: string;
  urgent: boolean;
  registeredAt: string;
  lead?: string;
  nextDueAt?: string;
  triage?: boolean;
}

export interface CasePage {
  items: CaseSummary[];
  cursor?: string;
}

export interface Petitioner {
  anonymous: boolean;
  name?: string;
  gender?: 'male' | 'female' | 'unspecified';
  age?: number;
  occupation?: string;
  address?: string;
  workUnit?: string;
  email?: string;
  phone?: string;
}

export interface CaseRecord {
  caseNumber: string;
  jurisdiction: string;
  receivingOffice: string;
  channel: Channel;
  category?: string;
  status: CaseStatus;
  subject?: string;
  matter: string;
  petitioner: Petitioner;
  collective?: { headCount: number; representatives: Petitioner[] };
  incidentAddress?: string;
  urgent: boolean;
  repeatOf?: string;
  handling?: { lead: string; cooperating: string[] };
  extension?: { days: number; reason: string; status: 'requested' | 'approved' | 'refused' };
  triage?: { since: string; reasons: string[] };
  receivedAt: string;
  registeredAt: string;
  deadlines: { acceptance?: string; handling?: string; reply?: string; reviewDecision?: string; reReviewDecision?: string };
  result?: { facts: string; basis: string; decision: string; outcome: string };
  version: number;
}

export interface CaseEvent {
  seq: number;
  type: string;
  at: string;
  actor: string;
  from?: CaseStatus;
  to?: CaseStatus;
  reason?: string;
}

export interface CaseMessage {
  id: string;
  direction: 'in' | 'out';
  at: string;
  subject: string;
  from?: string;
  to: string[];
}

export interface CaseView {
  case: CaseRecord;
  events: CaseEvent[];
  messages: CaseMessage[];
  allowedActions: string[];
}

/** GET /local/config, as far as the console reads it. */
export interface ProvinceConfig {
  jurisdictions: { code: string; name: string; parent?: string; office: { name: string }; units: { id: string; name: string }[] }[];
  staff: { id: string; name: string; jurisdiction: string; unit?: string; roles: string[] }[];
}
