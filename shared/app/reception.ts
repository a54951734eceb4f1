import { addressKey } from './citizen-portal.js';
import { createHash, randomUUID } from 'node:crypto';
import { assertMayDecideOnSession, assertMayRead, mayDecideOnSession, RECEPTION_DECISIONS, type Actor, type ReceptionDecision } from '../domain/access.js';
import type { Case, CaseEvent, Category, Petitioner } from '../domain/case.js';
import { dateOfDay, dayNumber } from '../domain/calendar.js';
import { chinaDate, formatChinaDateTime, formatDay } from '../domain/case-number.js';
import { DomainError, InvalidInput, OutOfScope, RuleViolation, TooManyRequests } from '../domain/errors.js';
import { mayRead } from './may-read.js';
import { formatQueryCode, normaliseQueryCode } from '../domain/query-code.js';
import { hashQueryCode, newQueryCode, openSealedCode, queryCodeMatches, sealCode, sealStillShown } from './query-code.js';
import { recordOnCase } from '../domain/messages.js';
import { formatSessionDate, ReceptionBookingNotFound, ReceptionFull, type ReceptionSession } from '../domain/reception.js';
import type { WriterAsRegistered } from '../domain/petition-writer.js';
import { contactsOf } from '../domain/registration.js';
import { renderTemplate, type TemplateValues } from '../domain/templates.js';
import type { Province } from '../domain/province.js';
import { commitCaseChange } from './change-case.js';
import { registerCase } from './register-case.js';
import { letters } from './outbox.js';
import { holderAccusedNotice, newlyRecused, withAccusedFromMaterial } from './accusable-units.js';
import type { NotificationInput } from './notification.js';
import { CASE_TRAIL_ACTIONS, RECEPTION_TRAIL, type CaseStore, type CaseWithEvents, type Clock, type Publisher } from './ports.js';
import type { BookOutcome, ReceptionBooking, ReceptionStore } from './reception-ports.js';
import { adjustedSessionsBetween, requireSession } from './reception-sessions.js';
import type { AdjustedSession } from '../domain/reception-adjustment.js';
import { arrangeElsewhereNotice, assertBookingNotKeptFrom, keptFrom, leaderViewer, namedCases, viewerOf, withheld, type WithheldBooking } from './reception-confidentiality.js';

/** Leader reception days (领导接待日): the public schedule, bookings and notes on cases (the leaders' reminders: reception-reminders.ts). */
export interface ReceptionDeps {
  reception: ReceptionStore;
  store: CaseStore;
  province: Province;
  clock: Clock;
  notify: Publisher<NotificationInput>;
}

/** How far ahead the schedule is published and bookings are taken. */
export const BOOKING_HORIZON_WEEKS = 12;

/** A session as the public schedule shows it. */
export interface ScheduledSession extends AdjustedSession {
  leaderName: string;
  /** The leader's post (职务), where configured: the portal names it with the name. */
  leaderPost?: string;
  /** An adjusted session: the name of the leader the rotation had for it. */
  rotationLeaderName?: string;
  placesLeft: number;
}

export interface BookingRequest {
  name: string;
  phone?: string;
  email?: string;
  matter: string;
  caseNumber?: string;
  /** 来访人数, 1 when not given; more than five are booked as five representatives (条例 第二十条). */
  partySize?: number;
  /**
   * The portal form's hidden token: the cancel code is kept sealed under it,
   * so the same form posted again (its answer lost) shows the booking and
   * its code again — to that browser only, never to someone who merely
   * types in the same phone number.
   */
  formToken?: string;
}

const addDays = (date: string, days: number) => dateOfDay(dayNumber(date)! + days);
const leaderName = (province: Province, staffId: string) => province.staff(staffId)?.name ?? staffId;

/** A session as the schedule shows it, with the places left (none, once cancelled). */
export function scheduled(province: Province, session: AdjustedSession, taken: number): ScheduledSession {
  const post = province.staff(session.leader)?.post;
  return {
    ...session,
    leaderName: leaderName(province, session.leader),
    ...(post ? { leaderPost: post } : {}),
    ...(session.rotation ? { rotationLeaderName: leaderName(province, session.rotation.leader) } : {}),
    placesLeft: session.cancelled ? 0 : Math.max(0, session.capacity - taken),
  };
}

/** A session as staff see it on the calendar: the places taken too. */
export interface StaffSession extends ScheduledSession {
  taken: number;
}

function staffSession(province: Province, session: AdjustedSession, taken: number): StaffSession {
  return { ...scheduled(province, session, taken), taken };
}

/** The longest stretch the staff calendar reads at once: a month view shows six weeks. */
export const CALENDAR_MAX_DAYS = 62;

/**
 * The sessions of a jurisdiction's rotation between two China dates, past
 * ones included (their notes are recorded afterwards), with the places taken:
 * the staff calendar. For staff who may see the jurisdiction's sessions.
 */
export async function receptionCalendar(
  deps: Pick<ReceptionDeps, 'reception' | 'province'>,
  query: { jurisdiction: string; from: string; to: string },
  actor: Actor,
): Promise<{ jurisdiction: { code: string; name: string; office: string }; from: string; to: string; sessions: StaffSession[] }> {
  const { province } = deps;
  province.requireJurisdiction(query.jurisdiction);
  const jurisdiction = province.jurisdiction(query.jurisdiction);
  const span = dayNumber(query.to)! - dayNumber(query.from)! + 1;
  if (span < 1 || span > CALENDAR_MAX_DAYS) {
    throw new InvalidInput(`from ${query.from} to ${query.to} is not a range of 1 to ${CALENDAR_MAX_DAYS} days`, [
      { path: 'query.to', message: `must be on or after from, at most ${CALENDAR_MAX_DAYS} days after it`, kind: 'rule', chinese: `不能早于开始日期，且至多在其后 ${CALENDAR_MAX_DAYS} 日` },
    ]).inChinese(`${formatDay(query.from)}至${formatDay(query.to)}不是 1 至 ${CALENDAR_MAX_DAYS} 日的日期范围`);
  }
  // Whoever may see a session of the jurisdiction may see them all: the rule depends on the leader only for who booked.
  const probe = { id: `the reception days of ${jurisdiction.code}`, jurisdiction: jurisdiction.code, leader: '' };
  if (!mayDecideOnSession(actor, 'viewSession', probe, province.tree)) {
    throw new OutOfScope(`staff member ${actor.staffId} may not see the reception days of jurisdiction ${jurisdiction.code}`).inChinese(
      `您无权查看${jurisdiction.name}的领导接待日`,
    );
  }
  const sessions = await adjustedSessionsBetween(deps, jurisdiction.code, query);
  const taken = sessions.length ? await deps.reception.placesTaken(sessions) : new Map<string, number>();
  return {
    jurisdiction: { code: jurisdiction.code, name: jurisdiction.name, office: jurisdiction.office.name },
    from: query.from,
    to: query.to,
    sessions: sessions.map((s) => staffSession(province, s, taken.get(s.id) ?? 0)),
  };
}

/** The sessions of a jurisdiction that have not begun yet, for the next `weeks` weeks, with the places left. */
export async function receptionSchedule(
  deps: Pick<ReceptionDeps, 'reception' | 'province' | 'clock'>,
  query: { jurisdiction: string; weeks: number },
): Promise<{ jurisdiction: { code: string; name: string; office: string }; from: string; to: string; sessions: ScheduledSession[] }> {
  const { province } = deps;
  province.requireJurisdiction(query.jurisdiction);
  const jurisdiction = province.jurisdiction(query.jurisdiction);
  const now = deps.clock.now();
  const from = chinaDate(now.toISOString());
  const to = addDays(from, Math.min(query.weeks, BOOKING_HORIZON_WEEKS) * 7 - 1);
  const sessions = (await adjustedSessionsBetween(deps, query.jurisdiction, { from, to })).filter((s) => Date.parse(s.startsAt) > now.getTime());
  const taken = sessions.length ? await deps.reception.placesTaken(sessions) : new Map<string, number>();
  return {
    jurisdiction: { code: jurisdiction.code, name: jurisdiction.name, office: jurisdiction.office.name },
    from,
    to,
    sessions: sessions.map((s) => scheduled(province, s, taken.get(s.id) ?? 0)),
  };
}

/** 多人采用走访形式提出同一信访事项的，应当推选代表，代表人数不超过5人 (条例 第二十条). */
export const MAX_REPRESENTATIVES = 5;

/** What a group larger than five is told: it is booked as five representatives, and why. */
export const representativesNotice = (groupSize: number) =>
  `您填写的来访人数为${groupSize}人。按照《信访工作条例》第二十条，多人就同一事项走访的，应当推选代表，代表人数不超过5人，因此本次预约为5名代表保留名额。请推选代表到场，其他群众不必前来；代表会把大家的意见一并反映。`;

/** What the public is told when a contact has a place at the session already: nothing of the booking itself. */
export const ALREADY_BOOKED_NOTICE = '该联系方式已预约本场接待，无需重复预约；预约时留有电子邮箱的，确认信息已重新发送至该邮箱。';

/**
 * Books a place at a session of the published rotation. With an email
 * address, a confirmation is queued (its id is the booking's, so a retried
 * request does not send it twice). A contact (phone or email) that has a
 * place at the session already gets no second one, and the caller learns
 * nothing of that booking: anyone may type in someone else's phone number.
 * Its details go only to the booking's own email, at most once a day.
 */
export async function bookReception(
  deps: ReceptionDeps,
  sessionId: string,
  request: BookingRequest,
  /** Checked once the request is known to be valid, before a place is taken (the public route's per-address allowance). */
  allow: () => Promise<void> = async () => undefined,
): Promise<
  /** `leaderArranged`: the booker's own words accuse the session's leader, so the desk arranges another (said to them; a case they named is not). */
  | { created: true; booking: ReceptionBooking; session: ScheduledSession; cancelCode: string; leaderArranged?: boolean }
  /** `again`: the booking this same form made, when it was posted again (BookingRequest.formToken). */
  | { created: false; session: ScheduledSession; again?: { booking: ReceptionBooking; cancelCode: string } }
> {
  const { province } = deps;
  const session = await requireSession(deps, sessionId);
  const now = deps.clock.now();
  if (session.cancelled) {
    throw new RuleViolation(`reception session ${session.id} is cancelled (${session.adjustment?.reason}); please book another reception day`, { sessionId: session.id }).inChinese(
      `接待场次 ${session.id} 已取消（${session.adjustment?.reason}），请预约其他接待日`,
    );
  }
  if (Date.parse(session.startsAt) <= now.getTime()) {
    throw new RuleViolation(`reception session ${session.id} has already begun; please book a later reception day`, { sessionId: session.id }).inChinese(
      `接待场次 ${session.id} 已经开始，请预约以后的接待日`,
    );
  }
  const horizon = addDays(chinaDate(now.toISOString()), BOOKING_HORIZON_WEEKS * 7);
  if (session.date >= horizon) {
    throw new RuleViolation(`bookings open ${BOOKING_HORIZON_WEEKS} weeks ahead; reception session ${session.id} cannot be booked yet`, { sessionId: session.id }).inChinese(
      `预约提前 ${BOOKING_HORIZON_WEEKS} 周开放，接待场次 ${session.id} 暂不能预约`,
    );
  }
  const contacts = contactsOf({ anonymous: false, ...(request.email ? { email: request.email } : {}), ...(request.phone ? { phone: request.phone } : {}) });
  if (contacts.length === 0) {
    throw new InvalidInput('a booking needs a phone number or an email address', [
      { path: 'body.phone', message: 'give a phone number of at least 7 digits, or an email address', chinese: '请填写至少 7 位数字的电话号码，或电子邮箱' },
    ]).inChinese('预约需要留下电话号码或电子邮箱');
  }
  await allow();
  const named = await namedCases(deps.store, [request]);
  const confirmed = request.caseNumber ? petitionerOfCase(named.get(request.caseNumber), contacts, (c) => sessionMayRead(province, session, c)) : undefined;

  // The cancel code (取消码): shown once and in the confirmation, kept only as a hash beside the reference.
  const code = newQueryCode();
  const cancelCode = await hashQueryCode(code);
  const shownCode = formatQueryCode(code);
  // Bookings carry personal data: kept as long as closed cases are, then removed by TTL.
  const expiresAt = Math.floor(Date.parse(session.endsAt) / 1000) + province.config.defaults.retentionYears * 366 * 86_400;
  let booking: ReceptionBooking;
  let outcome: BookOutcome;
  // A reference is 32 bits of the id: on the rare draw another booking holds, the booking is made again under a new id.
  for (let attempt = 1; ; attempt++) {
    const id = randomUUID();
    booking = {
      id,
      reference: `JD-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`,
      sessionId: session.id,
      // Whom the confirmation names: should the rotation name another leader for the slot, the booker is told.
      leader: session.leader,
      jurisdiction: session.jurisdiction,
      date: session.date,
      // As the confirmation gives them: an adjustment since is told against these.
      time: session.time,
      place: session.place,
      name: request.name,
      ...(request.phone ? { phone: request.phone } : {}),
      ...(request.email ? { email: request.email.trim() } : {}),
      matter: request.matter,
      // 集体来访: more than five choose five representatives (条例 第二十条); the places are theirs.
      ...((request.partySize ?? 1) > 1 ? { partySize: Math.min(request.partySize!, MAX_REPRESENTATIVES) } : {}),
      ...((request.partySize ?? 1) > MAX_REPRESENTATIVES ? { groupSize: request.partySize! } : {}),
      ...(request.caseNumber ? { caseNumber: request.caseNumber, caseNumberConfirmed: confirmed === true } : {}),
      status: 'booked',
      bookedAt: now.toISOString(),
    };
    // The confirmation is committed with the place: no letter for a place not taken, none lost for one taken.
    // A booking kept from the session's leader (it accuses them, or its case is kept from them) goes to the desk to arrange.
    // The booker is not told why: anyone may type in a case number, and the desk first checks who it is.
    const arrange = keptFrom(province, leaderViewer(province, session), booking, named)
      ? arrangeElsewhereNotice(province, session, [booking], named, `reception-arrange:${booking.id}`)
      : [];
    const outbox = letters(booking.email ? bookingConfirmation(province, session, booking, booking.email, shownCode) : undefined, ...arrange);
    const sealed = request.formToken ? { sealedCancelCode: sealCode(code, request.formToken) } : {};
    outcome = await deps.reception.book({ session, booking, capacity: session.capacity, contacts, expiresAt, outbox, cancelCode, ...sealed });
    if (outcome.outcome !== 'referenceTaken' || attempt >= 5) break;
  }
  if (outcome.outcome === 'referenceTaken') throw new Error(`no free booking reference after 5 draws for session ${session.id}`);
  if (outcome.outcome === 'full') throw new ReceptionFull(session);

  const kept = outcome.booking;
  const again = outcome.outcome === 'existing' && request.formToken ? await bookedByThisForm(deps, kept, request.formToken, now) : undefined;
  if (outcome.outcome === 'existing' && !again && kept.email && kept.status === 'booked') {
    // A repeat changes nothing, so it re-sends the confirmation itself, to the booking's own address only,
    // under an id fixed per booking and day: asking again and again sends one mail a day.
    const confirmation = bookingConfirmation(province, session, kept, kept.email);
    const id = `${confirmation.id}:again:${chinaDate(now.toISOString())}`;
    await deps.notify.publish([{ id, body: { ...confirmation, id } }]);
  }
  const taken = (await deps.reception.placesTaken([session])).get(session.id) ?? 0;
  const shown = scheduled(province, session, taken);
  if (outcome.outcome === 'booked') {
    const leaderArranged = ownWordsAccuseLeader(province, session, kept);
    return { created: true, booking: kept, session: shown, cancelCode: shownCode, ...(leaderArranged ? { leaderArranged } : {}) };
  }
  return { created: false, session: shown, ...(again ? { again } : {}) };
}

/** The booking and its cancel code, when this form's token opens the seal kept with it: the form that made it, posted again. */
async function bookedByThisForm(deps: ReceptionDeps, booking: ReceptionBooking, formToken: string, now: Date): Promise<{ booking: ReceptionBooking; cancelCode: string } | undefined> {
  if (booking.status !== 'booked' || !sealStillShown(booking.bookedAt, now)) return undefined;
  const found = await deps.reception.bookingByReference(booking.reference);
  const code = found?.sealedCancelCode ? openSealedCode(found.sealedCancelCode, formToken) : undefined;
  return code && found?.booking.id === booking.id ? { booking, cancelCode: formatQueryCode(code) } : undefined;
}

/**
 * Whether the booker's own words accuse the session's leader, who therefore
 * does not receive them (the desk arranges another). Only their words: whether
 * a case they typed in is kept from the leader is not theirs to learn.
 */
function ownWordsAccuseLeader(province: Province, session: ReceptionSession, booking: ReceptionBooking): boolean {
  return keptFrom(province, leaderViewer(province, session), booking, new Map());
}

function bookingConfirmation(province: Province, session: ReceptionSession, booking: ReceptionBooking, to: string, cancelCode?: string): NotificationInput {
  const office = province.jurisdiction(session.jurisdiction).office;
  const letter = renderTemplate('receptionBooking', province.templateFor('receptionBooking', session.jurisdiction), {
    office: office.name,
    petitionerName: booking.name,
    reference: booking.reference,
    // The booker's own words accuse the session's leader: not named as the one receiving them.
    leader: ownWordsAccuseLeader(province, session, booking) ? '由信访部门另行安排（工作人员会在接待日前与您联系）' : province.leaderWithPost(session.leader),
    date: formatSessionDate(session),
    time: session.time,
    place: session.place,
    topics: session.topics.length ? `接待主题：${session.topics.join('、')}\n` : '',
  });
  const party = booking.groupSize ? `\n\n${representativesNotice(booking.groupSize)}` : booking.partySize ? `\n\n来访人数：${booking.partySize}人（已保留${booking.partySize}个名额）。` : '';
  // How to cancel, with the code; the copy of the letter kept by the office leaves the code out (withheld).
  const cancelling = cancelCode
    ? `\n\n取消码：${cancelCode}\n不能参加的，请在接待开始前打开 ${province.config.mail.publicUrl}/public/reception/cancel ，输入预约编号 ${booking.reference} 和取消码即可取消，名额将留给其他群众。取消码只发送这一次，请妥善保存，不要告诉他人。`
    : '';
  // No replyTo: an answer sent to the office mailbox would be registered as a new petition.
  return {
    id: `reception-booking:${booking.id}`,
    kind: 'notice',
    to: [to],
    fromName: office.name,
    subject: letter.subject,
    text: `${letter.body.trimEnd()}${party}${cancelling}`,
    ...(cancelCode ? { withheld: [cancelCode] } : {}),
    autoSubmitted: 'auto-generated',
  };
}

/**
 * A booking as staff see it: without name, phone and email for those who may
 * see the session but not who booked it; only that a place is taken for those
 * it is kept from (its matter or case accuses or recuses them). The desk sees
 * `keptFromLeader` on those the session's leader does not see, to arrange.
 */
export type StaffBooking = ((ReceptionBooking | Omit<ReceptionBooking, 'name' | 'phone' | 'email'>) & { keptFromLeader?: true } & ChangeTelling) | WithheldBooking;

/**
 * How the booker of a place learns that the session was adjusted since they
 * booked (another leader, time or place): `email` (told when it was done), or
 * `phone` — `changeToTellByPhone` until the desk records the call (待电话告知).
 */
export interface ChangeTelling {
  changeNotice?: 'email' | 'phone';
  changeToTellByPhone?: true;
}

/** Whether, and how, a booking's booker is to be told of the session's adjustment (none for a cancelled session: its bookings were cancelled). */
export function changeTelling(session: AdjustedSession, booking: ReceptionBooking): ChangeTelling {
  const adjustment = session.adjustment;
  if (!adjustment || session.cancelled || booking.status !== 'booked' || booking.bookedAt >= adjustment.at) return {};
  if (booking.email) return { changeNotice: 'email' };
  if (!booking.phone) return {};
  return booking.changeToldByPhone?.version === adjustment.version ? { changeNotice: 'phone' } : { changeNotice: 'phone', changeToTellByPhone: true };
}

/** What the actor may do with a session's bookings (readBookers, cancelBooking, markNoShow, recordReception). */
export type SessionAction = Exclude<ReceptionDecision, 'viewSession'>;

/**
 * A session with all its bookings, for staff who may see it (access.ts,
 * RECEPTION_POLICY); names and contacts only to those who may see who
 * booked. `allowedActions` says what the caller may do with them.
 */
export async function sessionBookings(
  deps: Pick<ReceptionDeps, 'reception' | 'province' | 'store' | 'clock'>,
  sessionId: string,
  actor: Actor,
  request: { requestId?: string } = {},
): Promise<{ session: StaffSession; bookings: StaffBooking[]; allowedActions: SessionAction[] }> {
  const session = await requireSession(deps, sessionId);
  assertMayDecideOnSession(actor, 'viewSession', session, deps.province.tree);
  // Only a session yet to come, and not cancelled, can be adjusted or given accompanying units.
  const adjustable = !session.cancelled && Date.parse(session.startsAt) > deps.clock.now().getTime();
  const allowedActions = RECEPTION_DECISIONS.filter(
    (d): d is SessionAction => d !== 'viewSession' && ((d !== 'adjustSession' && d !== 'setAccompanying') || adjustable) && mayDecideOnSession(actor, d, session, deps.province.tree),
  );
  const bookings = await deps.reception.bookingsOf(session);
  // A no-show used its places: only cancellations free them. A group's representatives take one each.
  const taken = bookings.filter((b) => b.status !== 'cancelled').reduce((sum, b) => sum + (b.partySize ?? 1), 0);
  const readsBookers = allowedActions.includes('readBookers');
  const cases = await namedCases(deps.store, bookings);
  const viewer = viewerOf(deps.province, actor);
  const leader = leaderViewer(deps.province, session);
  const shown = bookings.map((b): StaffBooking => {
    if (keptFrom(deps.province, viewer, b, cases)) return withheld(b);
    const { name: _name, phone: _phone, email: _email, ...rest } = b;
    const seen = { ...(readsBookers ? b : rest), ...changeTelling(session, b) };
    return readsBookers && keptFrom(deps.province, leader, b, cases) ? { ...seen, keptFromLeader: true } : seen;
  });
  // Every access to personal data is on a trail: who read whose booking details, when (before they are answered).
  if (readsBookers && bookings.length > 0) await onReceptionTrail(deps, actor, 'read:bookers', `${session.id} (${bookings.length})`, request);
  return { session: staffSession(deps.province, session, taken), bookings: shown, allowedActions };
}

/** An entry on the reception trail (RECEPTION_TRAIL): who acted on or read bookers' details, when. */
export function onReceptionTrail(deps: Pick<ReceptionDeps, 'store' | 'clock'>, actor: Actor, action: string, detail: string, request: { requestId?: string }): Promise<void> {
  return deps.store.appendAudit({
    caseNumber: RECEPTION_TRAIL,
    at: deps.clock.now().toISOString(),
    actor: actor.staffId,
    action,
    outcome: 'allowed',
    detail,
    ...(request.requestId ? { requestId: request.requestId } : {}),
  });
}

/** The booking staff act on, read in its session: refused as not found when there is none, and kept from staff it must be (assertBookingNotKeptFrom). */
async function bookingStaffMayAct(
  deps: Pick<ReceptionDeps, 'reception' | 'province' | 'store'>,
  actor: Actor,
  session: ReceptionSession,
  bookingId: string,
  verb: Parameters<typeof assertBookingNotKeptFrom>[4],
): Promise<ReceptionBooking> {
  const booking = await deps.reception.getBooking(session, bookingId);
  if (!booking) throw new ReceptionBookingNotFound(session.id, bookingId);
  await assertBookingNotKeptFrom(deps, actor, session, booking, verb);
  return booking;
}

/** What the booker is told when staff give no reason. */
export const UNSTATED_CANCEL_REASON = '接待安排调整';
/** Recorded when staff cancel at the booker's own request and give no other words. */
export const BOOKER_REQUEST_CANCEL_REASON = '应预约人要求取消';

/**
 * Staff cancel a booking (the petitioner called to say they cannot come —
 * `byBooker`, confirmed without apology —, the leader cannot receive that
 * day): the place is free again, and the booker is told why — by email when they gave one (written with the cancellation, so a
 * request sent twice tells them once), otherwise by phone: the booking then
 * says 待电话告知 (`cancelNotice: 'phone'`) to the desk, as a letter to a
 * phone-only petitioner does. A booking already cancelled is answered as it is.
 */
export async function cancelReceptionBooking(
  deps: Pick<ReceptionDeps, 'reception' | 'province' | 'clock' | 'store'>,
  sessionId: string,
  bookingId: string,
  actor: Actor,
  request: { requestId?: string; reason?: string; byBooker?: boolean } = {},
): Promise<ReceptionBooking> {
  const session = await requireSession(deps, sessionId);
  assertMayDecideOnSession(actor, 'cancelBooking', session, deps.province.tree);
  const booking = await bookingStaffMayAct(deps, actor, session, bookingId, 'cancel');
  const at = deps.clock.now().toISOString();
  const reason = request.reason?.trim() || (request.byBooker ? BOOKER_REQUEST_CANCEL_REASON : UNSTATED_CANCEL_REASON);
  // Asked for by the booker, who already knows: confirmed by email, never a call to tell them what they asked.
  const notice = booking.email ? 'email' : booking.phone && !request.byBooker ? 'phone' : undefined;
  const letter = !booking.email
    ? undefined
    : request.byBooker
      ? requestedCancellationNotice(deps.province, session, booking, booking.email)
      : officeCancellationNotice(deps.province, session, booking, booking.email, reason);
  const outbox = letters(letter);
  const cancelled = await deps.reception.cancel(session, bookingId, { at, by: actor.staffId, outbox, reason, ...(notice ? { notice } : {}) });
  if (!cancelled) throw new ReceptionBookingNotFound(session.id, bookingId);
  // The answer carries the booker's name and contacts: on the trail like a read of them.
  await onReceptionTrail(deps, actor, 'cancelBooking', `${session.id} ${bookingId}`, request);
  return cancelled;
}

/**
 * 待电话告知 done: the desk called the booker of a booking the office
 * cancelled, who gave only a telephone number, and told them why. Recorded
 * once (who, when); asked again, the booking is answered as it is. Refused
 * for a booking that was not the office's to tell by phone.
 */
export async function recordCancellationToldByPhone(
  deps: Pick<ReceptionDeps, 'reception' | 'province' | 'clock' | 'store'>,
  sessionId: string,
  bookingId: string,
  actor: Actor,
  request: { requestId?: string } = {},
): Promise<ReceptionBooking> {
  const session = await requireSession(deps, sessionId);
  assertMayDecideOnSession(actor, 'cancelBooking', session, deps.province.tree);
  const booking = await bookingStaffMayAct(deps, actor, session, bookingId, 'cancel');
  if (changeTelling(session, booking).changeNotice === 'phone') {
    // The session was adjusted since they booked: the call told them who receives them now, or when and where.
    const told = await deps.reception.markChangeToldByPhone(session, bookingId, { at: deps.clock.now().toISOString(), by: actor.staffId, version: session.adjustment!.version });
    if (!told) throw new ReceptionBookingNotFound(session.id, bookingId);
    await onReceptionTrail(deps, actor, 'toldByPhone', `${session.id} ${bookingId} v${session.adjustment!.version}`, request);
    return told;
  }
  if (booking.status !== 'cancelled' || booking.cancelNotice !== 'phone') {
    throw new RuleViolation(`booking ${bookingId} of reception session ${session.id} is not a cancellation to tell the booker by phone`, {
      sessionId: session.id,
    }).inChinese(`接待场次 ${session.id} 的预约 ${booking.reference} 不是待电话告知的取消预约或接待调整`);
  }
  const told = await deps.reception.markToldByPhone(session, bookingId, { at: deps.clock.now().toISOString(), by: actor.staffId });
  if (!told) throw new ReceptionBookingNotFound(session.id, bookingId);
  await onReceptionTrail(deps, actor, 'toldByPhone', `${session.id} ${bookingId}`, request);
  return told;
}

/** How often a booker may try to cancel: per network address an hour; wrong codes per booking reference a day. */
export const BOOKER_CANCEL_LIMITS = { perAddressPerHour: 20, perReferencePerDay: 10 } as const;

/** Who cancelled a booking the booker cancelled from the portal (cancelledBy). */
export const BOOKER_ACTOR = 'system:booker';

export type BookerCancelOutcome =
  | { found: false }
  /** Cancelled now, or before (the same answer again); `begun`: the session has begun, nothing was cancelled. */
  | { found: true; booking: ReceptionBooking; session: ScheduledSession; begun: boolean };

/** A stored code no input matches, compared against when no booking has the reference, so the time taken tells nothing. */
const DECOY_CODE = { scheme: 'scrypt-n16384-r8-p1', salt: 'AAAAAAAAAAAAAAAAAAAAAA', hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } as const;

/**
 * The booker cancels with the booking's reference and cancel code (from the
 * portal, without a login): the place is free again, on the condition that
 * the booking is still booked. A booking cancelled before is answered the
 * same. A wrong code, and a reference no booking has, are one answer (not
 * found). Every try uses one of the address's allowances before the code is
 * compared; a wrong code also one of the reference's (past them, 429). A
 * right code is never refused for the reference's: strangers guessing must
 * not keep the booker from giving their place back.
 */
export async function cancelBookingByBooker(
  deps: Pick<ReceptionDeps, 'reception' | 'province' | 'clock' | 'store'>,
  request: { reference: string; code: string; sourceIp: string },
): Promise<BookerCancelOutcome> {
  const now = deps.clock.now();
  const reference = request.reference.normalize('NFKC').trim().toUpperCase();
  await takeAllowanceOrRefuse(deps, addressKey('booking-cancel-address', request.sourceIp), hourWindow(now), BOOKER_CANCEL_LIMITS.perAddressPerHour, now, 'hour');
  const code = normaliseQueryCode(request.code);
  const found = await deps.reception.bookingByReference(reference);
  const matches = await queryCodeMatches(code ?? 'not-a-code', found?.cancelCode ?? DECOY_CODE);
  if (!code || !found || !matches) {
    await takeAllowanceOrRefuse(deps, `booking-cancel-reference:${digest(reference)}`, chinaDate(now.toISOString()), BOOKER_CANCEL_LIMITS.perReferencePerDay, now, 'day');
    return { found: false };
  }
  // A booking made before slots names the session by its leader then: it is the slot's, whoever receives now.
  const session = await requireSession(deps, found.booking.sessionId);
  const taken = async () => (await deps.reception.placesTaken([session])).get(session.id) ?? 0;
  if (found.booking.status !== 'booked') return { found: true, booking: found.booking, session: scheduled(deps.province, session, await taken()), begun: false };
  if (Date.parse(session.startsAt) <= now.getTime()) return { found: true, booking: found.booking, session: scheduled(deps.province, session, await taken()), begun: true };
  const at = now.toISOString();
  // Told in writing, when they gave an email: written with the cancellation, so a post sent twice sends it once.
  const outbox = letters(found.booking.email ? cancellationConfirmation(deps.province, session, found.booking, found.booking.email, at) : undefined);
  const cancelled = await deps.reception.cancel(session, found.booking.id, { at, by: BOOKER_ACTOR, outbox });
  if (!cancelled) return { found: false };
  return { found: true, booking: cancelled, session: scheduled(deps.province, session, await taken()), begun: false };
}

/**
 * 取消预约 confirmed to the booker's email: which booking, when it was
 * cancelled, that the place is freed, and how to book again. One per
 * booking (a booking is cancelled once), so a redelivery sends it once. The
 * leader is not named: a booking whose words accuse the session's leader
 * must not name them, and the reference, day and place say which it was.
 */
function cancellationConfirmation(province: Province, session: ReceptionSession, booking: ReceptionBooking, to: string, at: string): NotificationInput {
  return cancellationLetter(province, 'receptionCancelled', session, booking, to, { cancelledAt: formatChinaDateTime(at) });
}

/**
 * 取消预约 by the office, told to the booker's email with the reason: which
 * booking, that they should not come, and how to book again. One per booking
 * (its id), as the booker's own confirmation. The leader is not named, for the
 * same reason as there.
 */
export function officeCancellationNotice(province: Province, session: ReceptionSession, booking: ReceptionBooking, to: string, reason: string): NotificationInput {
  const office = province.jurisdiction(session.jurisdiction).office;
  const desk = [office.address ? `地址：${office.address}` : '', office.phone ? `电话：${office.phone}` : ''].filter(Boolean);
  return cancellationLetter(province, 'receptionCancelledByOffice', session, booking, to, {
    reason,
    // What is left to them: another day, the office on any working day, or in writing.
    visit: `${office.name}${desk.length ? `（${desk.join('；')}）` : ''}`,
    petitionLink: `${province.config.mail.publicUrl}/public/petition`,
  });
}

/** The booker asked staff to cancel (by phone, at the desk): confirmed as theirs — the office has nothing to apologise for. */
function requestedCancellationNotice(province: Province, session: ReceptionSession, booking: ReceptionBooking, to: string): NotificationInput {
  return cancellationLetter(province, 'receptionCancelledOnRequest', session, booking, to, {});
}

type CancellationKind = 'receptionCancelled' | 'receptionCancelledByOffice' | 'receptionCancelledOnRequest';
/** The fields every cancellation letter fills from the booking and its session; each kind adds its own. */
type CancellationCommon = 'office' | 'petitionerName' | 'reference' | 'date' | 'time' | 'place' | 'bookingLink';

/**
 * A cancellation letter of one of its kinds: one per booking (`reception-cancelled:<booking>`), whoever
 * cancelled, so a redelivery sends it once. No replyTo, as the booking's confirmation: an answer to the office
 * mailbox would be registered as a petition.
 */
function cancellationLetter<K extends CancellationKind>(
  province: Province,
  kind: K,
  session: ReceptionSession,
  booking: ReceptionBooking,
  to: string,
  own: Omit<TemplateValues<K>, CancellationCommon>,
): NotificationInput {
  const office = province.jurisdiction(session.jurisdiction).office;
  const common: Pick<TemplateValues<'receptionCancelled'>, CancellationCommon> = {
    office: office.name,
    petitionerName: booking.name,
    reference: booking.reference,
    date: formatSessionDate(session),
    time: session.time,
    place: session.place,
    bookingLink: `${province.config.mail.publicUrl}/public/reception?jurisdiction=${session.jurisdiction}`,
  };
  const letter = renderTemplate(kind, province.templateFor(kind, session.jurisdiction), { ...common, ...own } as TemplateValues<K>);
  return { id: `reception-cancelled:${booking.id}`, kind: 'notice', to: [to], fromName: office.name, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' };
}

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');
/** The China hour a per-hour allowance counts in. */
const hourWindow = (now: Date) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 13);

async function takeAllowanceOrRefuse(
  deps: Pick<ReceptionDeps, 'store'>,
  key: string | undefined,
  window: string,
  limit: number,
  now: Date,
  span: 'day' | 'hour',
): Promise<void> {
  if (key === undefined) return;
  const until =
    span === 'hour'
      ? new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000)
      : new Date((Math.floor((now.getTime() + 8 * 3_600_000) / 86_400_000) + 1) * 86_400_000 - 8 * 3_600_000);
  if (await deps.store.takeAllowance(key, window, limit, Math.floor(until.getTime() / 1000) + 86_400)) return;
  throw new TooManyRequests(`at most ${limit} cancel attempts a ${span} here; try again after ${until.toISOString()}`, {
    retryAfter: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
    until: until.toISOString(),
  }).inChinese(`此处每${span === 'day' ? '天' : '小时'}至多尝试取消 ${limit} 次，请于${formatChinaDateTime(until.toISOString())}后再试`);
}

/**
 * Marks a booking as a no-show (未到场) once the session has begun: the
 * booking keeps who marked it and when. Conditional on the booking still
 * being booked; asking again answers the booking as marked, unchanged. A
 * cancelled booking cannot be marked.
 */
export async function markReceptionNoShow(
  deps: Pick<ReceptionDeps, 'reception' | 'province' | 'clock' | 'store'>,
  sessionId: string,
  bookingId: string,
  actor: Actor,
  request: { requestId?: string } = {},
): Promise<ReceptionBooking> {
  const session = await requireSession(deps, sessionId);
  assertMayDecideOnSession(actor, 'markNoShow', session, deps.province.tree);
  const now = deps.clock.now();
  if (Date.parse(session.startsAt) > now.getTime()) {
    throw new RuleViolation(`reception session ${session.id} has not begun yet (it starts at ${session.startsAt}); a booker can be marked as not come only once it has`, {
      sessionId: session.id,
    }).inChinese(`接待场次 ${session.id} 尚未开始（${formatChinaDateTime(session.startsAt)}开始），开始后才能登记预约人未到场`);
  }
  await bookingStaffMayAct(deps, actor, session, bookingId, 'mark as not come');
  const marked = await deps.reception.markNoShow(session, bookingId, { at: now.toISOString(), by: actor.staffId });
  if (!marked) throw new ReceptionBookingNotFound(session.id, bookingId);
  if (marked.status === 'cancelled') {
    throw new RuleViolation(`booking ${marked.reference} was cancelled at ${marked.cancelledAt}; a cancelled booking cannot be marked as not come`, {
      sessionId: session.id,
      bookingId,
    }).inChinese(`预约 ${marked.reference} 已${marked.cancelledAt ? `于${formatChinaDateTime(marked.cancelledAt)}` : ''}取消，已取消的预约不能登记为未到场`);
  }
  if (marked.status === 'received') {
    throw new RuleViolation(`booking ${marked.reference} was received at ${marked.receivedAt} (recorded on case ${marked.receptionCase}); it cannot be marked as not come`, {
      sessionId: session.id,
      bookingId,
    }).inChinese(
      `预约 ${marked.reference} 已${marked.receivedAt ? `于${formatChinaDateTime(marked.receivedAt)}` : ''}接待（记录在信访事项 ${marked.receptionCase} 中），不能登记为未到场`,
    );
  }
  await onReceptionTrail(deps, actor, 'markNoShow', `${session.id} ${bookingId}`, request);
  return marked;
}

/** A new visit petition (走访) registered from what was said at a reception. */
export interface ReceptionVisit {
  subject?: string;
  matter: string;
  category?: Category;
  /** Who came; without it, the booking's name and contacts. */
  petitioner?: Petitioner;
  incidentAddress?: string;
  urgent?: boolean;
  /** 代访: who came for the petitioner (a daughter for her bedridden father), as at the desk (petitionerWithWriter). */
  writtenBy?: WriterAsRegistered;
}

/** What was said at a reception: onto the case it concerns, or as a new visit petition. */
export type ReceptionNote = { note: string; bookingId?: string } & ({ caseNumber: string } | { register: ReceptionVisit });

export interface RecordedReception {
  case: Case;
  event: CaseEvent;
  /** A new visit petition was registered from the reception. */
  registered: boolean;
  /** The same note of the same session was on the case already (a repeated request): nothing was added. */
  repeated: boolean;
}

/**
 * What was said at a reception, recorded as a `noted` event (who, when,
 * which session, which booking) either on the case it concerns or on a new
 * visit petition (走访) registered from it through registerCase — its number,
 * clock and routing like any visit staff register, received when the session
 * began. For the session's own leader and the office's desk; a note onto an
 * existing case also needs the case to be visible to them, and goes into its
 * audit trail. The same note of the same session is recorded once.
 */
export async function recordReceptionNote(
  deps: Pick<ReceptionDeps, 'reception' | 'store' | 'province' | 'clock'>,
  sessionId: string,
  note: ReceptionNote,
  actor: Actor,
  request: { idempotencyKey?: string; fingerprint?: string; requestId?: string } = {},
): Promise<RecordedReception> {
  const { province } = deps;
  const session = await requireSession(deps, sessionId);
  assertMayDecideOnSession(actor, 'recordReception', session, province.tree);
  const now = deps.clock.now();
  if (session.date > chinaDate(now.toISOString())) {
    throw new RuleViolation(`reception session ${session.id} has not taken place yet; notes are recorded on or after ${session.date}`, { sessionId: session.id }).inChinese(
      `接待场次 ${session.id} 尚未举行，接待情况在${formatDay(session.date)}当天或以后记录`,
    );
  }
  const all = await deps.reception.bookingsOf(session);
  // A booking kept from the actor (it accuses them, or its case is kept from them) is the desk's to record.
  const cases = await namedCases(deps.store, all);
  const viewer = viewerOf(province, actor);
  const bookings = all.filter((b) => !keptFrom(province, viewer, b, cases));
  if (note.bookingId && !bookings.some((b) => b.id === note.bookingId) && all.some((b) => b.id === note.bookingId)) {
    throw new OutOfScope(`staff member ${actor.staffId} may not record the reception of booking ${note.bookingId} of reception session ${session.id}: the petitions office arranges it`).inChinese(
      `您无权记录接待场次 ${session.id} 中预约 ${note.bookingId} 的接待情况：由信访部门安排`,
    );
  }
  const booking = note.bookingId
    ? usableBooking(session.id, bookings.find((b) => b.id === note.bookingId), note.bookingId)
    : 'caseNumber' in note
      ? bookings.find((b) => (b.status === 'booked' || b.status === 'received') && b.caseNumber === note.caseNumber)
      : undefined;

  if ('caseNumber' in note) {
    const audit = (outcome: 'allowed' | 'denied') =>
      deps.store.appendAudit({
        caseNumber: note.caseNumber,
        at: deps.clock.now().toISOString(),
        actor: actor.staffId,
        action: CASE_TRAIL_ACTIONS.receptionNote,
        outcome,
        ...(request.requestId ? { requestId: request.requestId } : {}),
      });
    try {
      const noted = await noteOnCase(deps, session, note.caseNumber, note.note, booking, actor, (found) => assertMayRead(actor, found.case, province.tree));
      await audit('allowed');
      await received(deps, session, booking, noted.case.caseNumber, actor);
      return { ...noted, registered: false };
    } catch (error) {
      if (error instanceof OutOfScope) await audit('denied');
      throw error;
    }
  }

  const petitioner = note.register.petitioner ?? (booking ? petitionerOf(booking) : undefined);
  if (!petitioner) {
    throw new InvalidInput('a visit registered from a reception needs the petitioner', [
      { path: 'body.register.petitioner', message: 'give the petitioner, or the booking (bookingId) of the person who came', kind: 'missing', chinese: '请填写信访人，或选择来访人的预约' },
    ]).inChinese('登记接待中的来访需要信访人');
  }
  const { petitioner: _given, ...visit } = note.register;
  // Received when the reception began (or now, if it is recorded before the session's hour on its day).
  const receivedAt = new Date(Math.min(Date.parse(session.startsAt), now.getTime())).toISOString();
  const registered = await registerCase(
    deps,
    { ...visit, jurisdiction: session.jurisdiction, channel: 'visit', receivedAt, petitioner },
    actor,
    request.idempotencyKey,
    request.fingerprint,
    // Who may record the reception may register the visit it brought: the desk, or the leader at their own session.
    () => assertMayDecideOnSession(actor, 'recordReception', session, province.tree),
  ).catch((error: unknown) => {
    // The writer is under `register` here: a refusal of them is shown at the reception form's writer fields.
    if (error instanceof DomainError && error.field?.startsWith('writtenBy')) error.about(`register.${error.field}`);
    throw error;
  });
  const noted = await noteOnCase(deps, session, registered.case.caseNumber, note.note, booking, actor);
  // The new case's trail begins with its registration, as the desk's does (POST /cases); the same request again reads it.
  await deps.store.appendAudit({
    caseNumber: registered.case.caseNumber,
    at: deps.clock.now().toISOString(),
    actor: actor.staffId,
    action: registered.created ? CASE_TRAIL_ACTIONS.register : 'read',
    outcome: 'allowed',
    ...(request.requestId ? { requestId: request.requestId } : {}),
  });
  await received(deps, session, booking, registered.case.caseNumber, actor);
  return { ...noted, registered: true };
}

/** The booking of the person received is marked 已接待, with the case the note went onto (once: a later note leaves it). */
async function received(
  deps: Pick<ReceptionDeps, 'reception' | 'clock'>,
  session: ReceptionSession,
  booking: ReceptionBooking | undefined,
  caseNumber: string,
  actor: Actor,
): Promise<void> {
  if (booking?.status !== 'booked') return;
  await deps.reception.markReceived(session, booking.id, { at: deps.clock.now().toISOString(), by: actor.staffId, caseNumber });
}

/** A booking a reception note may name: one of the session's, not cancelled, not marked as not come (a received one takes more notes). */
function usableBooking(sessionId: string, booking: ReceptionBooking | undefined, bookingId: string): ReceptionBooking {
  if (!booking) throw new ReceptionBookingNotFound(sessionId, bookingId);
  if (booking.status === 'cancelled') {
    throw new RuleViolation(`booking ${booking.reference} was cancelled; a reception note cannot name it`, { sessionId, bookingId }).inChinese(`预约 ${booking.reference} 已取消，接待记录不能关联该预约`);
  }
  if (booking.status === 'noShow') {
    throw new RuleViolation(`booking ${booking.reference} was marked as not come; a reception note cannot name it`, { sessionId, bookingId }).inChinese(
      `预约 ${booking.reference} 已登记为未到场，接待记录不能关联该预约`,
    );
  }
  return booking;
}

const petitionerOf = (booking: ReceptionBooking): Petitioner => ({
  anonymous: false,
  name: booking.name,
  ...(booking.phone ? { phone: booking.phone } : {}),
  ...(booking.email ? { email: booking.email } : {}),
});

async function noteOnCase(
  deps: Pick<ReceptionDeps, 'store' | 'province' | 'clock' | 'reception'>,
  session: ReceptionSession,
  caseNumber: string,
  note: string,
  booking: ReceptionBooking | undefined,
  actor: Actor,
  guard?: (found: CaseWithEvents) => void,
): Promise<{ case: Case; event: CaseEvent; repeated: boolean }> {
  let recorded: { case: Case; event: CaseEvent } | undefined;
  let repeated = false;
  // A note recorded before slots names the session by its earlier id.
  const ids = new Set([session.id, (await deps.reception.earlierIds([session])).get(session.id)]);
  await commitCaseChange(
    deps,
    caseNumber,
    ({ case: found, events }, at) => {
      const earlier = events.find((e) => e.type === 'noted' && ids.has(e.detail?.reception as string | undefined) && e.detail?.note === note);
      if (earlier) {
        recorded = { case: found, event: earlier };
        repeated = true;
        return undefined;
      }
      repeated = false;
      const noted = recordOnCase(found, 'noted', {
        at,
        actor: actor.staffId,
        detail: { reception: session.id, note, ...(booking ? { booking: booking.reference } : {}) },
      });
      // What the petitioner said in person may accuse more units (条例第三十条); the set only grows.
      const accused = withAccusedFromMaterial(deps.province, noted.case, [note]);
      const recused = newlyRecused(noted.case, accused);
      recorded = { case: accused, event: recused.length ? { ...noted.event, detail: { ...noted.event.detail, recused } } : noted.event };
      // Said against the government of the level holding the case: the office above is asked to consider taking it up.
      return { ...recorded, outbox: letters(holderAccusedNotice(deps.province, recorded.case, [note], `reception:${session.id}:${noted.event.seq}`)) };
    },
    guard ? { guard } : {},
  );
  return { ...recorded!, repeated };
}

/**
 * Whether a booking's contacts include one the case records for its
 * petitioner (normalised as the contact index has them). An unknown number
 * is simply not confirmed: the booker learns nothing either way. Nor is a
 * case the session's office may not read (another county's, a report against
 * it): confirming would tell its desk who petitioned there.
 */
function petitionerOfCase(c: Case | undefined, contacts: readonly string[], mayRead: (c: Case) => boolean): boolean {
  if (!c || c.petitioner.anonymous || !mayRead(c)) return false;
  const recorded = new Set([c.petitioner, ...(c.collective?.representatives ?? [])].flatMap(contactsOf));
  return contacts.some((contact) => recorded.has(contact));
}

/** Whether the session's office — its desk, which reads the bookings — may read the case (the access rules, as for its staff). */
function sessionMayRead(province: Province, session: { jurisdiction: string }, c: Case): boolean {
  return mayRead({ staffId: `office:${session.jurisdiction}`, jurisdiction: session.jurisdiction, roles: ['petitionsOffice'] }, c, province.tree);
}
