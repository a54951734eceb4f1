import { assertMayDecideOnSession, type Actor } from '../domain/access.js';
import { dayNumber } from '../domain/calendar.js';
import { chinaDate, formatDay } from '../domain/case-number.js';
import { InvalidInput, RuleViolation } from '../domain/errors.js';
import { formatSessionDate, timeRangeProblem } from '../domain/reception.js';
import {
  ADJUST_NOTICE_DAYS,
  adjustmentIsLate,
  applyAdjustment,
  MOVE_WINDOW_DAYS,
  nextAdjustment,
  SessionAdjustmentConflict,
  withinMoveWindow,
  type AdjustedSession,
  type AdjustmentRequest,
  type SessionAdjustment,
} from '../domain/reception-adjustment.js';
import { letters } from './outbox.js';
import { leaderChangedNotice } from './reception-reminders.js';
import { accompanyAdjustedLetters } from './reception-accompaniment.js';
import { officeCancellationNotice, onReceptionTrail, type ReceptionDeps } from './reception.js';
import { requireSession } from './reception-sessions.js';

/** How often the accompanying units are read again when they changed under an adjustment being saved. */
const ACCOMPANIMENT_READS = 3;

/** What a booker of the session was told of it: counted, nothing of who. */
export interface BookersTold {
  /** Told by email (a letter queued). */
  email: number;
  /** To be told by phone by the desk (待电话告知 on the session's bookings). */
  phone: number;
}

export interface AdjustedOutcome {
  session: AdjustedSession;
  adjustment: SessionAdjustment;
  /** Done less than two days ahead (提前两日 not met), as the caller confirmed. */
  late: boolean;
  told: BookersTold;
  /** The same adjustment was asked for again: nothing new was stored, the bookers were told (again) under the same letters. */
  repeated: boolean;
}

/**
 * Adjusts one session of the rotation (调整接待安排): another leader receives
 * (委托/调换), it moves to another day, time or place (改期), or it is not
 * held (取消) — with a reason, as the bookers and the public are told. For
 * the office's petitions staff and the jurisdiction's leaders. Stored as the
 * session's adjustment, versioned: written only over the version the caller
 * read (`expectedVersion`, 0 for none). Less than two days ahead (the
 * office's 提前两日) it needs `confirmLate`. On the reception trail.
 *
 * Then its bookers are told, once: a cancellation cancels each booking as
 * staff cancelling it do (the reason by email, or 待电话告知); another
 * leader, day or place goes by email (leaderChangedNotice, under an id per
 * booking and adjustment, so a retry or the leader's reminder sends nothing
 * twice), or to the desk's 待电话告知 for bookers without email. A repeat of
 * the adjustment just stored (a lost answer, a crash before the bookers were
 * told) tells them again under the same ids and stores nothing.
 */
export async function adjustReceptionSession(
  deps: Pick<ReceptionDeps, 'reception' | 'province' | 'clock' | 'store' | 'notify'>,
  sessionId: string,
  request: { change: AdjustmentRequest; expectedVersion: number; confirmLate?: boolean },
  actor: Actor,
  meta: { requestId?: string } = {},
): Promise<AdjustedOutcome> {
  const { province } = deps;
  const session = await requireSession(deps, sessionId);
  assertMayDecideOnSession(actor, 'adjustSession', session, province.tree);
  const current = session.adjustment;
  const change = { ...request.change, reason: request.change.reason.trim() } as AdjustmentRequest;

  // A repeat: the units' letters were written with the adjustment, so only the bookers are told again.
  if (current && current.version === request.expectedVersion + 1 && current.by === actor.staffId && sameChange(current, change)) {
    return { session, adjustment: current, late: current.late === true, told: await tellBookers(deps, session), repeated: true };
  }
  if ((current?.version ?? 0) !== request.expectedVersion) throw new SessionAdjustmentConflict(session.id, request.expectedVersion);
  if (session.cancelled) {
    throw new RuleViolation(`reception session ${session.id} is cancelled; it cannot be adjusted`, { sessionId: session.id }).inChinese(`接待场次 ${session.id} 已取消，不能再调整`);
  }
  const now = deps.clock.now();
  if (Date.parse(session.startsAt) <= now.getTime()) {
    throw new RuleViolation(`reception session ${session.id} has begun; only a session yet to come can be adjusted`, { sessionId: session.id }).inChinese(
      `接待场次 ${session.id} 已经开始，只能调整尚未开始的接待`,
    );
  }
  checkChange(deps, session, change, now);

  const today = chinaDate(now.toISOString());
  const late = adjustmentIsLate(today, session.date, change.kind === 'move' ? change.date : undefined);
  if (late && request.confirmLate !== true) {
    throw new RuleViolation(
      `the office's rules ask for adjustments ${ADJUST_NOTICE_DAYS} days ahead (提前两日告知); reception session ${session.id} is on ${session.date}. Send confirmLate: true to adjust it all the same`,
      { sessionId: session.id },
    )
      .inChinese(`按规定接访安排调整应提前两日告知，本场接待在${formatDay(session.date)}，已不足两日。确需调整的，请确认后再提交；请同时尽快电话告知预约群众`)
      .about('confirmLate');
  }

  const rotationView = { ...session, ...(session.rotation ?? {}) };
  const adjustment = nextAdjustment(rotationView, current, change, { at: now.toISOString(), by: actor.staffId, late });
  // Kept as long as the session's bookings are: what the bookers were told stays explained.
  const expiresAt = Math.floor(Date.parse(session.endsAt) / 1000) + province.config.defaults.retentionYears * 366 * 86_400;
  const { rotation: _rotation, adjustment: _adjustment, cancelled: _cancelled, ...base } = session;
  const adjusted = applyAdjustment({ ...base, ...(session.rotation ?? {}) }, adjustment);
  // The 陪访部门 prepare for the session as it was: their letters are written with the adjustment (outbox), to the
  // units as read — a change of units committed meanwhile fails the write, and the units are read again.
  for (let attempt = 1; ; attempt++) {
    const accompaniment = await deps.reception.accompanimentOf(session.id);
    const outbox = letters(...accompanyAdjustedLetters(province, adjusted, accompaniment));
    const saved = await deps.reception.saveAdjustment(adjustment, expiresAt, { accompanimentVersion: accompaniment?.version ?? 0, outbox });
    if (saved === 'saved') break;
    if (saved === 'adjustmentChanged' || attempt >= ACCOMPANIMENT_READS) throw new SessionAdjustmentConflict(session.id, request.expectedVersion);
  }
  await onReceptionTrail(deps, actor, 'adjustSession', `${session.id} v${adjustment.version} ${change.kind}${late ? ' late' : ''}: ${change.reason}`, meta);

  return { session: adjusted, adjustment, late, told: await tellBookers(deps, adjusted), repeated: false };
}

/** Whether the adjustment stored is what this request asks for (a repeat of it). */
function sameChange(stored: SessionAdjustment, change: AdjustmentRequest): boolean {
  if (stored.reason !== change.reason) return false;
  if (change.kind === 'cancel') return stored.cancelled === true;
  if (change.kind === 'substitute') return stored.leader === change.leader && !stored.cancelled;
  return stored.date === change.date && stored.time === change.time && stored.place === change.place && !stored.cancelled;
}

function checkChange(deps: Pick<ReceptionDeps, 'province'>, session: AdjustedSession, change: AdjustmentRequest, now: Date): void {
  const { province } = deps;
  if (!change.reason) {
    throw new InvalidInput('an adjustment needs its reason', [{ path: 'body.reason', message: 'say why, as the bookers are told', kind: 'missing', chinese: '请填写调整原因，预约群众会收到' }]).inChinese('请填写调整原因');
  }
  if (change.kind === 'substitute') {
    const leader = province.staff(change.leader);
    if (!leader || leader.jurisdiction !== session.jurisdiction || !leader.roles.includes('leader') || leader.unit !== undefined) {
      throw new InvalidInput(`${change.leader} is not a leader of jurisdiction ${session.jurisdiction}`, [
        { path: 'body.leader', message: `must be a leader of ${session.jurisdiction}`, kind: 'rule', chinese: '请选择本级的领导' },
      ]).inChinese(`${leader?.name ?? change.leader}不是本级领导，不能委托其接待`);
    }
    if (change.leader === session.leader) {
      throw new RuleViolation(`${change.leader} already receives at reception session ${session.id}`, { sessionId: session.id })
        .inChinese(`本场接待已由${leader.name}接待，无需调整`)
        .about('leader');
    }
    return;
  }
  if (change.kind !== 'move') return;
  const problem = timeRangeProblem(change.time);
  if (problem) {
    throw new InvalidInput(`time ${problem}`, [{ path: 'body.time', message: problem, kind: 'format', chinese: '接待时间应为 09:00-11:30 这样的时段' }]).inChinese('接待时间格式不对');
  }
  const rotationDate = session.rotation?.date ?? session.date;
  if (!withinMoveWindow(rotationDate, change.date)) {
    throw new RuleViolation(`a session moves at most ${MOVE_WINDOW_DAYS} days from its day in the rotation (${rotationDate})`, { sessionId: session.id })
      .inChinese(`临时调整的接待日应在原定日期（${formatDay(rotationDate)}）前后 ${MOVE_WINDOW_DAYS} 天内；更长的变动请调整公布的接待安排`)
      .about('date');
  }
  const startsAt = Date.parse(`${change.date}T${change.time.slice(0, 5)}:00+08:00`);
  if (startsAt <= now.getTime()) {
    throw new RuleViolation(`a session cannot move to a time already past (${change.date} ${change.time})`, { sessionId: session.id }).inChinese('不能调整到已经过去的时间').about('date');
  }
  if (isHoliday(province, change.date)) {
    throw new RuleViolation(`${change.date} is a public holiday`, { sessionId: session.id }).inChinese(`${formatDay(change.date)}是法定节假日，请另选日期`).about('date');
  }
  if (change.date === session.date && change.time === session.time && change.place.trim() === session.place) {
    throw new RuleViolation('the session is already held then and there', { sessionId: session.id }).inChinese(`本场接待已定于${formatSessionDate(session)} ${session.time}在${session.place}，无需调整`);
  }
}

function isHoliday(province: ReceptionDeps['province'], date: string): boolean {
  try {
    return province.calendar.holidayOn(date) !== undefined;
  } catch {
    // A year whose holidays are not published yet: the statutory days only.
    return province.calendar.statutoryHoliday?.(dayNumber(date)!) !== undefined;
  }
}

/**
 * Tells the session's bookers of its adjustment (see adjustReceptionSession).
 * Safe to run again: cancelling a cancelled booking does nothing, and the
 * letters have fixed ids.
 */
async function tellBookers(deps: Pick<ReceptionDeps, 'reception' | 'province' | 'notify'>, session: AdjustedSession): Promise<BookersTold> {
  const { province } = deps;
  const adjustment = session.adjustment!;
  const bookings = (await deps.reception.bookingsOf(session)).filter((b) => b.bookedAt < adjustment.at);
  const told: BookersTold = { email: 0, phone: 0 };
  if (session.cancelled) {
    const reason = `本场领导接待取消（${adjustment.reason}）`;
    for (const booking of bookings) {
      if (booking.status !== 'booked' && !(booking.status === 'cancelled' && booking.cancelledBy === adjustment.by && booking.cancelReason === reason)) continue;
      const notice = booking.email ? 'email' : booking.phone ? 'phone' : undefined;
      const outbox = letters(booking.email ? officeCancellationNotice(province, session, booking, booking.email, reason) : undefined);
      // The office cancelling a booking: the reason by email, or 待电话告知 — one way, whoever cancels.
      await deps.reception.cancel(session, booking.id, { at: adjustment.at, by: adjustment.by, outbox, reason, ...(notice ? { notice } : {}) });
      if (notice) told[notice] += 1;
    }
    return told;
  }
  const messages = [];
  for (const booking of bookings) {
    if (booking.status !== 'booked') continue;
    const letter = leaderChangedNotice(province, session, booking);
    if (letter) {
      messages.push({ id: letter.id, body: letter });
      told.email += 1;
    } else if (!booking.email && booking.phone) told.phone += 1;
  }
  if (messages.length) await deps.notify.publish(messages);
  return told;
}
