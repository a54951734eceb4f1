import { createHash } from 'node:crypto';
import { HeldEmailNotFound, InvalidTransition } from '../domain/errors.js';

/**
 * An email the intake held instead of registering: 疑似广告 (shared/domain/mail/advertising.ts), or mail stored
 * for an address that is no office mailbox (any more: a mailbox removed from the configuration), which would
 * otherwise reach nobody. Not a case and not answered; on its office's list until staff register it as a
 * petition (登记为信访事项: registered by the intake with the time it was received,
 * and acknowledged) or confirm it is none (确认无效). Its raw email is kept meanwhile.
 */
export interface HeldEmail {
  /** Unique within its office: the time it was received and a hash of the email's idempotency key, so the list sorts by time. */
  id: string;
  /** The office mailbox's jurisdiction it was sent to (for a stray address, Province.officeForStrayMail). */
  office: string;
  /** `advertising`: 疑似广告; `noOfficeMailbox`: sent to an address that is no office mailbox (信箱已停用). */
  reason: HeldReason;
  /** What staff judge by: the marketing phrases found (代开发票, 无抵押…), or the address it was sent to (信箱已停用：…). */
  signs: string[];
  rawKey: string;
  receivedAt: string;
  heldAt: string;
  /** The email's idempotency key (its Message-ID or content): a redelivery finds the hold, not a new petition. */
  idempotencyKey: string;
  subject: string;
  from?: string;
  /** The opening of the text, for the list. */
  excerpt: string;
  /** `registerRequested`: staff chose 登记为信访事项 and the intake registers it; `registered` once it has, with its number. */
  status: 'held' | 'registerRequested' | 'registered' | 'dismissed';
  decidedBy?: string;
  decidedAt?: string;
  caseNumber?: string;
}

/** The held emails of each office, in the case table. Every change is conditional on the status read. */
export interface HeldMailStore {
  /**
   * Holds an email once, with its idempotency record (naming the hold, with the sender's `fingerprint`) in the
   * same write: false when it is held already or another copy of it was taken first.
   */
  hold(item: HeldEmail, fingerprint?: string): Promise<boolean>;
  get(office: string, id: string): Promise<HeldEmail | undefined>;
  /**
   * A page of an office's held emails: `waiting` (held, or 登记 asked and not yet done) oldest first — they
   * wait, and the oldest has waited longest —, or `decided` (registered, dismissed) newest first.
   */
  list(office: string, query: { status: HeldListStatus; limit: number; cursor?: string }): Promise<{ items: HeldEmail[]; cursor?: string }>;
  /** How many of an office's held emails wait for staff, and when the oldest of them was received. */
  waiting(office: string): Promise<{ count: number; oldestReceivedAt?: string }>;
  /** Moves a held email from `from` to its next status; false when it is no longer in `from`. */
  decide(office: string, id: string, from: HeldEmail['status'], change: Pick<HeldEmail, 'status'> & Partial<Pick<HeldEmail, 'decidedBy' | 'decidedAt' | 'caseNumber'>>): Promise<boolean>;
}

export const HELD_REASONS = ['advertising', 'noOfficeMailbox'] as const;
export type HeldReason = (typeof HELD_REASONS)[number];

/** Who released a held email for registration (登记为信访事项) and when; the reason it was held unless 疑似广告. */
export interface HeldRelease {
  by: string;
  at: string;
  reason?: Exclude<HeldReason, 'advertising'>;
}

export type HeldListStatus = 'waiting' | 'decided';
/** Statuses that still wait for staff (registerRequested too: the intake may not have got to it, and staff can ask again). */
export const WAITING_STATUSES: readonly HeldEmail['status'][] = ['held', 'registerRequested'];
export const isWaiting = (status: HeldEmail['status']) => WAITING_STATUSES.includes(status);

/** The outcome recorded on a held email's idempotency record: `held:<office>:<id>`. */
export const heldOutcome = (office: string, id: string) => `held:${office}:${id}`;
export function heldOfOutcome(outcome: string): { office: string; id: string } | undefined {
  const match = /^held:(\d{6,12}):([\w-]+)$/.exec(outcome);
  return match ? { office: match[1]!, id: match[2]! } : undefined;
}

/** A held email's id: its time received (sortable) and a hash of its idempotency key. */
export function heldId(receivedAt: string, idempotencyKey: string): string {
  const time = receivedAt.replace(/[-:.]/g, '').replace(/Z$/, '');
  return `${time}-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 16)}`;
}

/** The time a held email was received, read back from its id (heldId). */
export function receivedAtOfHeldId(id: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})-/.exec(id);
  return match ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.${match[7]}Z` : undefined;
}

/** The idempotency key a held email is registered under: one case however often 登记 is pressed or the intake retried. */
export const heldRegistrationKey = (office: string, id: string) => `held-register:${office}:${id}`;

export interface HeldDecisionDeps {
  held: HeldMailStore;
  /** Hands the stored email to the intake again (replayStoredEmail), which registers a held one staff asked for. */
  replay: (rawKey: string) => Promise<void>;
  /** Lets the raw email expire by age once nothing holds it (MailStore.expireByAge). */
  expire: (rawKey: string) => Promise<void>;
}

async function found(deps: HeldDecisionDeps, office: string, id: string): Promise<HeldEmail> {
  const item = await deps.held.get(office, id);
  if (!item) throw new HeldEmailNotFound(office, id);
  return item;
}

/**
 * 登记为信访事项: the intake registers the held email as the petition it is, with
 * the time it was received, and acknowledges it. Pressed again, it asks the
 * intake again (safe: the registration has its own idempotency key).
 */
export async function registerHeldEmail(deps: HeldDecisionDeps, office: string, id: string, by: string, at: string): Promise<HeldEmail> {
  const item = await found(deps, office, id);
  if (item.status === 'dismissed') {
    throw new InvalidTransition('registerHeldEmail', item.status, 'confirmed as no petition already').inChinese('该邮件已确认无效，不能再登记');
  }
  if (item.status === 'registered') return item;
  if (item.status === 'held' && !(await deps.held.decide(office, id, 'held', { status: 'registerRequested', decidedBy: by, decidedAt: at }))) {
    // Decided meanwhile by someone else: answered as it now is.
    return registerHeldEmail(deps, office, id, by, at);
  }
  await deps.replay(item.rawKey);
  return (await deps.held.get(office, id)) ?? item;
}

/** 确认无效: staff confirm the held email is no petition; it leaves the list of those waiting and its raw email may expire. */
export async function dismissHeldEmail(deps: HeldDecisionDeps, office: string, id: string, by: string, at: string): Promise<HeldEmail> {
  const item = await found(deps, office, id);
  if (item.status === 'dismissed') return item;
  if (item.status !== 'held') {
    throw new InvalidTransition('dismissHeldEmail', item.status, 'being registered as a petition already').inChinese('该邮件已登记为信访事项，不能确认无效');
  }
  if (!(await deps.held.decide(office, id, 'held', { status: 'dismissed', decidedBy: by, decidedAt: at }))) return dismissHeldEmail(deps, office, id, by, at);
  await deps.expire(item.rawKey);
  return { ...item, status: 'dismissed', decidedBy: by, decidedAt: at };
}
