import type { Case, CaseEvent, Category, Channel, Collective, Petitioner } from './case.js';
import { RuleViolation } from './errors.js';
import { deadlineAfter, limitFor, type TimeLimitSettings } from './time-limits.js';

export interface NewPetition {
  jurisdiction: string;
  channel: Channel;
  receivedAt: string;
  subject?: string;
  matter: string;
  category?: Category;
  petitioner: Petitioner;
  collective?: Collective;
  incidentAddress?: string;
  urgent?: boolean;
}

export const MAX_REPRESENTATIVES = 5;

/**
 * Builds the registered case and its first event. Pure: the case number, the
 * time and the applicable time limits are given.
 */
export function registerPetition(
  petition: NewPetition,
  meta: { caseNumber: string; at: string; actor: string; timeLimits: TimeLimitSettings },
): { case: Case; event: CaseEvent } {
  if (petition.collective && petition.collective.representatives.length > MAX_REPRESENTATIVES) {
    throw new RuleViolation(`a collective petition chooses at most ${MAX_REPRESENTATIVES} representatives`);
  }
  if (Date.parse(petition.receivedAt) > Date.parse(meta.at)) {
    throw new RuleViolation('a petition cannot be received after it is registered');
  }
  const acceptance = limitFor('acceptance', meta.timeLimits, { channel: petition.channel, category: petition.category });
  const registered: Case = {
    caseNumber: meta.caseNumber,
    jurisdiction: petition.jurisdiction,
    receivingOffice: petition.jurisdiction,
    channel: petition.channel,
    ...(petition.category ? { category: petition.category } : {}),
    status: 'registered',
    ...(petition.subject ? { subject: petition.subject } : {}),
    matter: petition.matter,
    petitioner: petition.petitioner,
    ...(petition.collective ? { collective: petition.collective } : {}),
    ...(petition.incidentAddress ? { incidentAddress: petition.incidentAddress } : {}),
    urgent: petition.urgent ?? false,
    reviewLevel: 0,
    receivedAt: petition.receivedAt,
    registeredAt: meta.at,
    registeredBy: meta.actor,
    deadlines: { acceptance: deadlineAfter(petition.receivedAt, acceptance) },
    attachments: [],
    version: 1,
    updatedAt: meta.at,
  };
  const event: CaseEvent = {
    caseNumber: meta.caseNumber,
    seq: 1,
    type: 'registered',
    at: meta.at,
    actor: meta.actor,
    to: 'registered',
    detail: { channel: petition.channel, jurisdiction: petition.jurisdiction },
  };
  return { case: registered, event };
}

/** Normalised contact strings (lower-case email, digits-only phone) for repeat and thread look-ups. */
export function contactsOf(petitioner: Petitioner): string[] {
  const contacts: string[] = [];
  if (petitioner.email) contacts.push(`email:${petitioner.email.trim().toLowerCase()}`);
  if (petitioner.phone) {
    const digits = petitioner.phone.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
    if (digits.length >= 7) contacts.push(`phone:${digits}`);
  }
  return contacts;
}
