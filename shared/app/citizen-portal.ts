import { createHash } from 'node:crypto';
import { withoutCasesNotTheirs } from './mail-naming-cases.js';
import { networkOf } from '../domain/network-address.js';
import { resentOf } from '../domain/mail/repeat.js';
import { isBlankMatter } from '../domain/mail/petition-text.js';
import { earlierCasesOfPetitioner } from './intake/intake-deps.js';
import type { Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { chinaDate, formatChinaDateTime, formatDay } from '../domain/case-number.js';
import { TooManyRequests } from '../domain/errors.js';
import type { ParsedAttachment } from '../domain/mail/parsed-email.js';
import { citizenActions, publicCaseView, type CitizenActions, type PublicCaseView } from '../domain/public-view.js';
import { formatQueryCode, normaliseQueryCode, queryCodeIssued } from '../domain/query-code.js';
import { contactsOf, type NewPetition } from '../domain/registration.js';
import { caseWorkClock } from '../domain/work-clock.js';
import type { Province } from '../domain/province.js';
import { commitCaseChange } from './change-case.js';
import { askInWriting, fromHoldingOffice, reviewingOffice } from './closing/letters.js';
import { limitAndSource } from '../domain/time-limits.js';
import { periodWords } from '../domain/explain-deadline.js';
import { holdingOffice } from './handoff/notices.js';
import { nextReviewOrNone, nextReviewRequestBy, pendingReview } from '../domain/closing.js';
import { letters } from './outbox.js';
import { CASE_TRAIL_ACTIONS, type CaseStore, type CaseWithEvents, type Clock, type EarlierCase, type MailStore } from './ports.js';
import { answerChallenge, issueChallenge, type IssuedChallenge } from './portal-challenge.js';
import { hashQueryCode, newQueryCode, openSealedCode, queryCodeMatches, sealCode, sealStillShown } from './query-code.js';
import { registerCase, registeredBefore } from './register-case.js';

/**
 * The citizen portal (网上信访): a petition sent from the web form is
 * registered by registerCase as an email petition is, and tracked with its
 * number and query code. No account and no tracking of people: limits are
 * kept per network address, per contact and per case under hashes, by day
 * or hour, and expire.
 */

export interface PortalDeps {
  store: CaseStore;
  mail: MailStore;
  province: Province;
  clock: Clock;
}

/** The limits of the portal; generous for a family or a community worker, tight for a script. */
export const PORTAL_LIMITS = {
  /** Petitions sent from one network address in a China day. */
  submissionsPerAddressPerDay: 10,
  /** Petitions naming one email or phone in a China day. */
  submissionsPerContactPerDay: 5,
  /** Tracking lookups from one network address in an hour. */
  lookupsPerAddressPerHour: 30,
  /**
   * Wrong codes tried for one case number in a China day. A right code is
   * never refused for them: strangers guessing must not lock the petitioner
   * out of their own case (and out of days of a review window).
   */
  lookupsPerCasePerDay: 20,
  /** Query codes asked for by email (领取查询码) from one network address in an hour. */
  codeRequestsPerAddressPerHour: 10,
  /** Query codes asked for one case number in a China day: each replaces the one before. */
  codeRequestsPerCasePerDay: 3,
} as const;

/**
 * The surge of petitions from one network address past which the form asks
 * a challenge (portal-challenge.ts) before it registers another: well below
 * the hard daily limit, so a family or a community worker sending a few
 * never sees it, and a script must answer a fresh question for each post.
 */
export const PORTAL_SURGE = {
  /** Petitions registered from one network address in the current hour before the next one needs an answered challenge. */
  submissionsPerAddressPerHour: 3,
  /** How long a challenge may be answered, from when it is asked. */
  challengeSeconds: 10 * 60,
} as const;

/** Who registers a web petition: the portal itself, for the citizen (as `system:intake` registers email). */
export const WEB_PORTAL_ACTOR: Actor = { staffId: 'system:web', jurisdiction: '', roles: [] };

export interface WebPetition {
  petition: Omit<NewPetition, 'channel' | 'receivedAt' | 'urgent'>;
  /** Files already admitted by the email rules. */
  attachments: readonly ParsedAttachment[];
  /** The form's hidden token: a repeated post of the same form registers nothing new. */
  formToken: string;
  /** The fingerprint of the form as sent: the same token with other content is refused. */
  fingerprint: string;
  sourceIp: string;
  /** The challenge the form asked and the answer typed, when it asked one. */
  challenge?: { id: string; answer: string };
  /**
   * The browser's random id (the portal's own cookie), when it sent one:
   * an anonymous petition sent again from it finds its case (browserResendKey).
   * Only its hash is kept.
   */
  browserId?: string;
}

export type WebPetitionOutcome =
  /** Registered now: the query code is shown this once. */
  | { created: true; case: Case; queryCode: string }
  /**
   * The same form posted again: the case registered first, and its query
   * code again when the first answer was lost on its way (within
   * SEALED_CODE_SHOWN_HOURS, and only while that code still opens the case).
   */
  | { created: false; case: Case; queryCode?: string }
  /**
   * A petition with these very words (and files) sent to this office today
   * from this browser, from another form (Back, then 提交): the case it
   * registered. No code: it was shown when that case was registered.
   */
  | { created: false; case: Case; alreadySubmitted: true }
  /**
   * The same words from the same contact (email or phone) within the day, sent
   * from another browser or without the portal's cookie: nothing registered,
   * and the page names no case — knowing someone's phone and words must not
   * tell whether, where and under which number they petitioned.
   */
  | { created: false; case: Case; resentByContact: true }
  /**
   * Nothing registered: a surge from the address, and the post brought no
   * answer (`missing`), a wrong one (`wrong`) or one to a challenge used or
   * expired (`gone`). The form asks this new challenge.
   */
  | { created: false; challenge: IssuedChallenge; because: 'missing' | 'wrong' | 'gone' };

/** Registers a petition sent from the web form: the same registration as every channel's, with the email petition's extras. */
export async function submitWebPetition(deps: PortalDeps, sent: WebPetition): Promise<WebPetitionOutcome> {
  const now = deps.clock.now();
  // The same form posted again (a lost answer, a double tap): its case, before any limit or challenge is spent on it.
  const earlier = await registeredBefore(deps.store, WEB_PORTAL_ACTOR, sent.formToken, sent.fingerprint);
  if (earlier) return { created: false, case: earlier.case, ...(await codeShownAgain(deps, earlier, sent.formToken)) };
  // The same petition from a fresh form (Back, then 提交 again): the case its words registered within the day, not a
  // second case declined as a repeat with a 不予受理 the petitioner never earned (as an email sent twice). Found by
  // the browser it was sent from, when it keeps its id (the only way for an anonymous petition): then its number is shown.
  const resendKey = browserResendKey(sent, now);
  const sentFromHere = resendKey ? await resentFromThisBrowser(deps.store, resendKey) : undefined;
  if (sentFromHere) return { created: false, case: sentFromHere, alreadySubmitted: true };
  // Else by the petitioner's contacts: not registered again, but named to nobody (resentByContact).
  const earlierCases = await earlierCasesOfPetitioner(deps.store, contactsOf(sent.petition.petitioner));
  // Sent again with files (the photo forgotten the first time) is not only a resend: it registers, its files kept.
  const resent = sent.attachments.length === 0 ? await resentWebPetition(deps.store, sent.petition, earlierCases, now) : undefined;
  if (resent) return { created: false, case: resent, resentByContact: true };
  const surgeKey = addressKey('portal-submit-surge', sent.sourceIp);
  if (surgeKey !== undefined && (await deps.store.allowanceUsed(surgeKey, hourWindow(now))) >= PORTAL_SURGE.submissionsPerAddressPerHour) {
    const because = sent.challenge ? await answerChallenge(deps.store, sent.challenge.id, sent.challenge.answer, now) : 'missing';
    if (because !== 'passed') return { created: false, challenge: await issueChallenge(deps.store, now, PORTAL_SURGE.challengeSeconds), because };
  }
  // Spent per form: a post retried after a failure (a timeout, a 503) takes nothing more.
  const spender = `web-form:${sent.formToken}`;
  await takeOrRefuse(deps, addressKey('portal-submit-address', sent.sourceIp), dayWindow(now), PORTAL_LIMITS.submissionsPerAddressPerDay, now, 'day', spender);
  for (const contact of contactsOf(sent.petition.petitioner)) {
    // The same words whoever reached the limit: the answer says nothing of the contact's other petitions.
    await takeOrRefuse(deps, `portal-submit-contact:${digest(contact)}`, dayWindow(now), PORTAL_LIMITS.submissionsPerContactPerDay, now, 'day', spender);
  }
  // Counted, never refused: the hard limits above refuse; this count only decides when the form asks a challenge.
  if (surgeKey !== undefined) await deps.store.takeAllowance(surgeKey, hourWindow(now), Number.MAX_SAFE_INTEGER, Math.floor(windowEnd(now, 'hour').getTime() / 1000) + 86_400, spender);
  const code = newQueryCode();
  const tracking = `${deps.province.config.mail.publicUrl}/public/track`;
  const shown = formatQueryCode(code);
  const outcome = await registerCase(
    deps,
    { ...sent.petition, channel: 'web', receivedAt: now.toISOString() },
    WEB_PORTAL_ACTOR,
    sent.formToken,
    sent.fingerprint,
    // Anyone may petition any office (《信访工作条例》第十七条): no staff role is asked for.
    () => undefined,
    {
      attachments: sent.attachments,
      queryCode: await hashQueryCode(code),
      sealedQueryCode: sealCode(code, sent.formToken),
      // Read above for the resend: the registration's repeat check uses them too.
      earlier: earlierCases,
      // Lapses after the next China day: it is looked up only on the day it was written.
      ...(resendKey ? { resendKey: { key: resendKey, expiresAt: Math.floor(windowEnd(now, 'day').getTime() / 1000) + 86_400 } } : {}),
      acknowledgementNote: {
        // Shown on the page once, and sent here once: the office keeps no copy of it (withheld), and a lost one is replaced.
        text: `查询码：${shown}\n凭登记编号和查询码，可在 ${tracking} 查询办理进展、阅读和打印处理意见书。查询码已在提交后的页面上显示，并只通过本邮件发送这一次，本机关留存的邮件副本中不含查询码。请妥善保存，不要告诉他人；本机关工作人员不会向您索要查询码。遗失的，可在 ${tracking}/code 凭登记编号和本邮箱领取新的查询码。`,
        withheld: [shown],
      },
    },
  );
  if (outcome.created) return { created: true, case: outcome.case, queryCode: shown };
  // Another form from this browser registered the same petition a moment before this one.
  if (outcome.resent) return { created: false, case: outcome.case, alreadySubmitted: true };
  // Another post of the same form registered it a moment before this one.
  const winner = await registeredBefore(deps.store, WEB_PORTAL_ACTOR, sent.formToken, sent.fingerprint);
  return { created: false, case: outcome.case, ...(winner ? await codeShownAgain(deps, winner, sent.formToken) : {}) };
}

/** The petitioner's case with these very words, sent to this office within the day (resentOf), if any. */
async function resentWebPetition(store: CaseStore, petition: WebPetition['petition'], earlier: readonly EarlierCase[], now: Date): Promise<Case | undefined> {
  const number = resentOf({ matter: petition.matter.trim(), receivedAt: now.toISOString(), office: petition.jurisdiction }, earlier);
  return number ? store.getCaseRecord(number) : undefined;
}

/**
 * The key under which a web petition finds its case when the same browser
 * sends it again: the browser's id (hashed), the office, who petitions (as
 * given: anonymous, or the name and contacts), the words (normalised) and any
 * files, and the China day. Only with a browser id: the network address would
 * merge neighbours' identical words behind one carrier NAT and tell anyone on
 * a network whether a report left it. Who petitions counts: on a shared
 * browser (the hall's terminal, a 社区 clerk filing for residents, a family's
 * phone) another person's petition in the same template words is theirs to
 * register. With files their contents count, so the photo forgotten the first
 * time makes another petition, its files kept.
 */
function browserResendKey(sent: WebPetition, now: Date): string | undefined {
  const { petition, browserId } = sent;
  if (!browserId || isBlankMatter(petition.matter)) return undefined;
  const normalised = (text: string | undefined) => (text ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();
  const words = normalised(petition.matter);
  const p = petition.petitioner;
  const who = p.anonymous ? 'anonymous' : [normalised(p.name), ...contactsOf(p).sort(), normalised(p.address)].join('\u0000');
  const files = sent.attachments.map((a) => createHash('sha256').update(a.content).digest('base64url')).sort().join(',');
  return `web-resend:${digest(browserId)}:${petition.jurisdiction}:${dayWindow(now)}:${digest(`${who}\u0001${words}\u0000${files}`)}`;
}

/** The case registered under this resend key, if any. */
async function resentFromThisBrowser(store: CaseStore, key: string): Promise<Case | undefined> {
  const number = await store.findByIdempotencyKey(key);
  return number ? store.getCaseRecord(number) : undefined;
}

/** The query code a re-posted form's first answer showed, when the form's token opens its seal and the code still opens the case. */
async function codeShownAgain(deps: Pick<PortalDeps, 'store' | 'clock'>, earlier: { case: Case; sealed?: string }, formToken: string): Promise<{ queryCode?: string }> {
  if (!earlier.sealed || !sealStillShown(earlier.case.registeredAt, deps.clock.now())) return {};
  const code = openSealedCode(earlier.sealed, formToken);
  // A code issued again since (by staff, or by email) replaced this one: it opens nothing, so it is not shown.
  const stored = code ? await deps.store.queryCodeOf(earlier.case.caseNumber) : undefined;
  if (!code || !stored || !(await queryCodeMatches(code, stored))) return {};
  return { queryCode: formatQueryCode(code) };
}

/** A decision letter as the petitioner may read it again: its number among the case's letters (1 the first), kind and day. */
export interface DecisionLetter {
  number: number;
  kind: (typeof LETTER_KINDS)[number];
  /** The day it was issued, as the letter dates itself (2026年11月20日). */
  day: string;
  subject: string;
  text: string;
}

export type TrackOutcome =
  | { found: false }
  | {
      found: true;
      view: PublicCaseView;
      actions: CitizenActions;
      letters: DecisionLetter[];
      /** The office handling the case, with its reception address and telephone as configured: whom to tell that a withdrawal was not the petitioner's will. */
      contact: { name: string; address?: string | undefined; phone?: string | undefined };
    };

export interface CodeLookup {
  caseNumber: string;
  code: string;
  sourceIp: string;
}

/**
 * The case a number and query code open, or undefined. A wrong code, a case
 * without a code and a number that does not exist are the same answer.
 * Every lookup — tracking, and each action posted from the tracking page —
 * uses up one of the address's allowances before the code is compared; a
 * wrong code also one of the case number's, and past them the answer is 429.
 * A right code is never refused for the case's: at 59 bits guessing gets
 * nowhere anyway, and counting right codes let strangers lock a petitioner
 * out of their case each day.
 */
export async function openWithCode(deps: Pick<PortalDeps, 'store' | 'clock'>, request: CodeLookup): Promise<CaseWithEvents | undefined> {
  const now = deps.clock.now();
  await takeOrRefuse(deps, addressKey('portal-lookup-address', request.sourceIp), hourWindow(now), PORTAL_LIMITS.lookupsPerAddressPerHour, now, 'hour');
  const code = normaliseQueryCode(request.code);
  const stored = await deps.store.queryCodeOf(request.caseNumber);
  // The comparison runs whether or not the case has a code, so the time taken tells nothing either.
  const matches = await queryCodeMatches(code ?? 'not-a-code', stored ?? DECOY);
  if (code && stored && matches) {
    const found = await deps.store.get(request.caseNumber);
    // Every opening of a case with its code is on its trail, as staff's reads are, before it is shown. (A wrong code is
    // not: an entry only for numbers in use would take time a number not in use does not.)
    if (found) await deps.store.appendAudit({ caseNumber: request.caseNumber, at: now.toISOString(), actor: WEB_PORTAL_ACTOR.staffId, action: CASE_TRAIL_ACTIONS.portalLookup, outcome: 'allowed' });
    return found;
  }
  await takeOrRefuse(deps, `portal-lookup-case:${digest(request.caseNumber)}`, dayWindow(now), PORTAL_LIMITS.lookupsPerCasePerDay, now, 'day');
  return undefined;
}

/** A lookup by case number and query code: the case's public view and what the petitioner may do now. */
export async function trackCase(deps: Omit<PortalDeps, 'mail'>, request: CodeLookup): Promise<TrackOutcome> {
  const found = await openWithCode(deps, request);
  if (!found) return { found: false };
  const now = deps.clock.now();
  const c = found.case;
  const { name: office, address, phone } = deps.province.jurisdiction(c.jurisdiction).office;
  const lead = c.handling?.lead;
  // A report's accused units are never its handlers; checked again so no accused unit is ever named.
  const unit = lead && !c.accusedUnits?.includes(lead) ? deps.province.unit(lead).name : undefined;
  const waiting = pendingReview(c);
  const reviewer = waiting ? { kind: waiting.level === 1 ? ('复查' as const) : ('复核' as const), office: deps.province.jurisdiction(waiting.jurisdiction).office.name } : undefined;
  const askReview = reviewAskedInWriting(deps.province, c);
  const view = publicCaseView(
    c,
    found.events,
    { office, ...(unit ? { unit } : {}), ...(reviewer ? { reviewer } : {}), ...(askReview ? { askReview } : {}) },
    caseWorkClock(c, now, deps.province.calendar),
    { at: now.toISOString(), limits: deps.province },
  );
  // A reason or an earlier letter naming a case not theirs (a report against them) does not name it here.
  const shown = await withoutCasesNotTheirs(deps.store, c, { view, letters: decisionLetters(found) });
  return {
    found: true,
    view: shown.view,
    actions: citizenActions(c, { at: now.toISOString(), limits: deps.province }, (current) => reviewingOffice(deps.province, current)),
    letters: shown.letters,
    contact: { name: office, address, phone },
  };
}

/**
 * A reply whose review window has no last day to state — an anonymous
 * petitioner's, or one whose letter is not yet known received — told as its
 * letter tells it: within what period, to which office, and how (in
 * writing, its address and telephone). None once final or with a day.
 */
function reviewAskedInWriting(province: Province, c: Case): string | undefined {
  if (!c.reply || (c.status !== 'replied' && c.status !== 'closed')) return undefined;
  if (nextReviewRequestBy(c, province) !== undefined) return undefined;
  const next = nextReviewOrNone(c, (code) => province.tree.parentOf(code)?.code);
  if (!next) return undefined;
  const kind = next.level === 1 ? '复查' : '复核';
  const clock = next.level === 1 ? 'reviewRequest' : 'reReviewRequest';
  const { limit } = limitAndSource(clock, province.timeLimitsFor(c.jurisdiction), { channel: c.channel, ...(c.category ? { category: c.category } : {}) });
  const office = province.jurisdiction(next.jurisdiction).office.name;
  return `可以自收到书面答复之日起${periodWords(limit)}内，向${office}请求${kind}；${askInWriting(province, next.jurisdiction)}`;
}

const LETTER_KINDS = ['处理意见书', '复查意见书', '复核意见书'] as const;

/**
 * Every decision letter the case sent its petitioner, oldest first, each
 * numbered in that order (the number a letter is asked for by): one asking
 * for a 复查 or 复核 must be able to re-read all of them — the first
 * 处理意见书 stays theirs after 不满意 reopened the case or a 复查 answered it.
 */
function decisionLetters(found: CaseWithEvents): DecisionLetter[] {
  // The level each letter answered at, from the event that sent it: a 复查 or 复核 decision, else a 处理意见.
  const levels = new Map<string, number>();
  for (const event of found.events) {
    const id = event.detail?.letterId;
    // A review's decision records its level with the letter (decideReview); a reply records none.
    // Posting, receipt and a phone call name the letter too, without a level: they never relabel it.
    if (typeof id === 'string' && typeof event.detail?.level === 'number') levels.set(id, event.detail.level);
  }
  const seen = new Set<string>();
  return found.messages
    .filter((m) => m.kind === 'decisionLetter' && m.direction === 'out' && !seen.has(m.id) && seen.add(m.id))
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((m, i) => ({ number: i + 1, kind: LETTER_KINDS[levels.get(m.id) ?? 0] ?? '处理意见书', day: formatDay(chinaDate(m.at)), subject: m.subject, text: m.text }));
}

export interface CodeByEmailRequest {
  caseNumber: string;
  /** The email address the petitioner typed: the code goes only to the one the case was registered with. */
  email: string;
  sourceIp: string;
}

/** The system's part in a code asked for on the portal: the petitioner, proven by their mailbox. */
const PORTAL_CODE_ACTOR = 'system:web';

/**
 * 领取查询码: a petitioner who wrote by email (or left an email on a letter,
 * a visit or a call) asks for a query code on the portal with the case
 * number and that address. When both match the case — not anonymous — a new
 * code is stored (its hash, replacing any earlier one) and emailed to the
 * address on record, in one change; the copy kept on the case leaves the
 * code out. Whatever matched, the caller is told the same (the page says a
 * code goes only to the address on record), so the form tells nobody which
 * case numbers exist or which address a petitioner used. Limits are taken
 * before anything is read.
 */
export async function sendQueryCodeByEmail(deps: Omit<PortalDeps, 'mail'>, request: CodeByEmailRequest): Promise<void> {
  const now = deps.clock.now();
  await takeOrRefuse(deps, addressKey('portal-code-address', request.sourceIp), hourWindow(now), PORTAL_LIMITS.codeRequestsPerAddressPerHour, now, 'hour');
  await takeOrRefuse(deps, `portal-code-case:${digest(request.caseNumber)}`, dayWindow(now), PORTAL_LIMITS.codeRequestsPerCasePerDay, now, 'day');
  const typed = request.email.trim().toLowerCase();
  const onRecord = (c: Case) => (!c.petitioner.anonymous && c.petitioner.email?.trim().toLowerCase() === typed ? c.petitioner.email : undefined);
  const c = await deps.store.getCaseRecord(request.caseNumber);
  const code = newQueryCode();
  // Hashed whether or not anything matched, so the time taken tells as little as the page.
  const stored = await hashQueryCode(code);
  if (!c || !onRecord(c)) return;
  // Only one who had a code is told it stopped working (a petitioner by email or post may never have had one).
  const replacing = (await deps.store.queryCodeOf(request.caseNumber)) !== undefined;
  const shown = formatQueryCode(code);
  await commitCaseChange(
    deps,
    request.caseNumber,
    ({ case: current }, at) => {
      const to = onRecord(current);
      if (!to) return undefined;
      const issued = queryCodeIssued(current, { at, actor: PORTAL_CODE_ACTOR, via: 'email' });
      return { ...issued, queryCode: stored, outbox: letters(queryCodeLetter(deps.province, issued.case, to, shown, replacing)) };
    },
    { read: 'record' },
  );
}

function queryCodeLetter(province: Province, c: Case, to: string, shown: string, replacing: boolean) {
  // One per issued code (the case's version), so a redelivery sends it once and a new request sends anew.
  const mail = { id: `querycode:${c.caseNumber}:${c.version}`, to, extra: { kind: 'queryCode' as const, autoSubmitted: 'auto-generated' as const, withheld: [shown] } };
  // One who did not ask finds their old code dead: the office to tell, reachable without the code.
  const office = holdingOffice(province, c);
  const where = [office.address ? `地址：${office.address}` : '', office.phone ? `电话：${office.phone}` : ''].filter(Boolean).join('；');
  return fromHoldingOffice(province, c, 'queryCode', mail, {
    queryCode: shown,
    trackingLink: `${province.config.mail.publicUrl}/public/track`,
    contact: where ? `（${where}）` : '',
    previousCode: replacing ? '原来的查询码已经不能再使用，今后请使用上面的新查询码。' : '',
  });
}

/** A stored code no input matches, compared against when a case has none. */
const DECOY = { scheme: 'scrypt-n16384-r8-p1', salt: 'AAAAAAAAAAAAAAAAAAAAAA', hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } as const;

export const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/** A per-network key (networkOf: an IPv6 line by its /64), or none for loopback. */
export function addressKey(prefix: string, sourceIp: string): string | undefined {
  const network = networkOf(sourceIp);
  return network === undefined ? undefined : `${prefix}:${digest(network)}`;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const dayWindow = (now: Date) => chinaDate(now.toISOString());
const hourWindow = (now: Date) => new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 13);

/** The end of the window `now` is in: the next China midnight, or the next full hour. */
function windowEnd(now: Date, window: 'day' | 'hour'): Date {
  if (window === 'hour') return new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000);
  const day = Math.floor((now.getTime() + CHINA_OFFSET_MS) / 86_400_000);
  return new Date((day + 1) * 86_400_000 - CHINA_OFFSET_MS);
}

async function takeOrRefuse(
  deps: Pick<PortalDeps, 'store'>,
  key: string | undefined,
  window: string,
  limit: number,
  now: Date,
  span: 'day' | 'hour',
  /** What the unit is for (a form's token): its retry takes nothing more. */
  spender?: string,
): Promise<void> {
  if (key === undefined) return;
  const until = windowEnd(now, span);
  if (await deps.store.takeAllowance(key, window, limit, Math.floor(until.getTime() / 1000) + 86_400, spender)) return;
  throw new TooManyRequests(`at most ${limit} a ${span} here; try again after ${until.toISOString()}`, {
    retryAfter: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
    until: until.toISOString(),
    // Which limit (the key's kind, never its hashed subject): the page says what exactly is held back.
    limit: key.slice(0, key.indexOf(':')),
  }).inChinese(`此处每${span === 'day' ? '天' : '小时'}至多 ${limit} 次，请于${formatChinaDateTime(until.toISOString())}后再试`);
}
