import { dateOfDay, dayNumber } from '../domain/calendar.js';
import { chinaDate } from '../domain/case-number.js';
import { formatSessionDate, sessionsBetween, type ReceptionSession } from '../domain/reception.js';
import { formatDay } from '../domain/case-number.js';
import { arrangementsDiffer, type AdjustedSession, type SessionAdjustment, type SessionArrangement } from '../domain/reception-adjustment.js';
import { adjustedSessionsBetween } from './reception-sessions.js';
import { accompanyingSentence, accompanyReminders } from './reception-accompaniment.js';
import { BOOKING_HORIZON_WEEKS } from './reception.js';
import { renderTemplate } from '../domain/templates.js';
import type { Province } from '../domain/province.js';
import type { NotificationInput } from './notification.js';
import type { CaseStore, Publisher } from './ports.js';
import { arrangeElsewhereNotice, keptFrom, leaderViewer, maskPhone, namedCases, receptionLink } from './reception-confidentiality.js';
import type { ReceptionBooking, ReceptionStore } from './reception-ports.js';

export interface ReminderDeps {
  reception: ReceptionStore;
  /** The cases bookings name are read: one kept from the leader is not listed to them. */
  store: Pick<CaseStore, 'getCaseRecord'>;
  province: Province;
  notify: Publisher<NotificationInput>;
}

/** How long the record of a reminder is kept after its session: long enough for the day itself. */
const REMINDER_RECORD_DAYS = 30;

export interface QueuedReminder {
  sessionId: string;
  leader: string;
  /** The bookings listed to the leader. */
  bookings: number;
}

/**
 * The daily reminder (run it once a day, e.g. from the digest): each leader
 * whose session is tomorrow (China date) gets one email with the day's
 * bookings, and the bookings it listed are recorded. Bookings stay open until
 * a session starts, so on the day itself a leader gets the whole list again
 * when people booked whom the reminder did not list (当日预约名单, saying the
 * list changed since the reminder); a leader who had no reminder (the run of
 * the day before did not happen) gets the day's list, saying nothing of one.
 *
 * Bookings kept from the leader (reception-confidentiality.ts: they accuse
 * them, or name a case kept from them) are not listed — only that places are
 * taken — and the office's desk is asked to arrange them. The notification
 * ids are the session's, its leader's and its day and start time's (as
 * adjusted), so a second run the same day sends nothing new, a leader the
 * rotation names for the slot since the reminder gets their own (on the day:
 * the whole list), and a session moved after its reminder is reminded again
 * for its new day. A booker whose
 * confirmation named another leader is told who receives them
 * (leaderChangedNotice). Answers what was queued to leaders.
 */
export async function remindLeaders(deps: ReminderDeps, now: Date): Promise<QueuedReminder[]> {
  const { province } = deps;
  const today = chinaDate(now.toISOString());
  const tomorrow = dateOfDay(dayNumber(today)! + 1);
  const sessionsUntil = (to: string) =>
    province.config.jurisdictions.flatMap((j) => (j.receptionDays?.length ? sessionsBetween(j.code, j.receptionDays, { from: today, to }, province.calendar) : []));
  // Every session that can be booked keeps the id bookings made before slots were stored under (the first fixed stands).
  await deps.reception.fixEarlierIds(sessionsUntil(dateOfDay(dayNumber(today)! + BOOKING_HORIZON_WEEKS * 7)), (s) => Math.floor(Date.parse(s.endsAt) / 1000) + REMINDER_RECORD_DAYS * 86_400);
  // As adjusted: a session handed to another leader reminds them, a moved one its new day's eve; a cancelled one nobody.
  const sessions = (await Promise.all(province.config.jurisdictions.map((j) => adjustedSessionsBetween(deps, j.code, { from: today, to: tomorrow })))).flat().filter((s) => !s.cancelled);
  const queued: QueuedReminder[] = [];
  for (const session of sessions) {
    const leader = province.staff(session.leader);
    if (!leader) continue; // the configuration check makes this unreachable
    const onTheDay = session.date === today;
    // Today's session already under way is past updating.
    if (onTheDay && Date.parse(session.startsAt) <= now.getTime()) continue;
    const booked = (await deps.reception.bookingsOf(session)).filter((b) => b.status === 'booked');
    const cases = await namedCases(deps.store, booked);
    const viewer = leaderViewer(province, session);
    const kept = booked.filter((b) => keptFrom(province, viewer, b, cases));
    let listed = booked.filter((b) => !kept.includes(b));
    if (!onTheDay) {
      // Recorded before it is sent, and sent as recorded: a rerun after a crash mails (and the mailer drops, by id) the
      // same list, so a booking made between the runs is never taken for one the leader was told of.
      const expiresAt = Math.floor(Date.parse(session.endsAt) / 1000) + REMINDER_RECORD_DAYS * 86_400;
      await deps.reception.recordReminder(session, { at: now.toISOString(), listed: listed.map((b) => b.id) }, expiresAt);
      const recorded = await deps.reception.reminderOf(session);
      if (recorded) listed = listed.filter((b) => recorded.listed.includes(b.id));
    }

    const letter = onTheDay ? await dayLetter(deps, session, listed) : { kind: 'receptionReminder' as const };
    if (!letter) continue;
    const accompaniment = await deps.reception.accompanimentOf(session.id);
    const office = province.jurisdiction(session.jurisdiction).office;
    const values = {
      office: office.name,
      leader: leader.name,
      date: formatSessionDate(session),
      time: session.time,
      place: session.place,
      capacity: String(session.capacity),
      // People, not bookings: a party of three takes three of the places the capacity counts.
      bookingCount: String(peopleIn(booked)),
      bookings: bookingList(listed, kept.length),
      // The session on the console's 接待日 page, where the leader signs in to see who booked.
      bookingsLink: receptionLink(province, session),
      accompanying: accompanyingSentence(province, accompaniment),
    };
    const rendered =
      letter.kind === 'receptionDayList'
        ? renderTemplate('receptionDayList', province.templateFor('receptionDayList', session.jurisdiction), { ...values, newCount: String(letter.added) })
        : renderTemplate(letter.kind, province.templateFor(letter.kind, session.jurisdiction), values);
    // Each leader of the slot has their own: one named for it since the last reminder is reminded too.
    // And for its day and time as they stand: a session moved since its reminder is reminded again for its new day.
    const when = `${session.date}:${session.time.slice(0, 5).replace(':', '')}`;
    const id = `${onTheDay ? 'reception-day-list' : 'reception-reminder'}:${session.id}:${session.leader}:${when}`;
    const messages: { id: string; body: NotificationInput }[] = [
      { id, body: { id, kind: 'notice', to: [leader.email], fromName: office.name, subject: rendered.subject, text: rendered.body, autoSubmitted: 'auto-generated' } },
    ];
    // The desk, which was told of each when it was booked, is reminded before the day of those it arranges.
    if (kept.length) {
      for (const arrange of arrangeElsewhereNotice(province, session, kept, cases, `reception-arrange:${session.id}:${session.leader}:${when}`)) {
        messages.push({ id: arrange.id, body: arrange });
      }
    }
    // 陪访部门 are reminded with the leader, of the matters this leader receives (those kept from them the desk arranges elsewhere).
    if (!onTheDay) {
      for (const notice of accompanyReminders(province, session, accompaniment, booked.filter((b) => !kept.includes(b)))) messages.push({ id: notice.id, body: notice });
    }
    // Bookers whose confirmation named another leader hear who receives them (those kept from the leader: the desk arranges).
    for (const booking of listed) {
      const notice = leaderChangedNotice(province, session, booking);
      if (notice) messages.push({ id: notice.id, body: notice });
    }
    await deps.notify.publish(messages);
    queued.push({ sessionId: session.id, leader: session.leader, bookings: listed.length });
  }
  return queued;
}

/**
 * What goes to the leader on the session's day: after a reminder, the list
 * again only when it now holds bookings the reminder did not list; without
 * one, the day's list (which then is the first word of the session).
 */
async function dayLetter(
  deps: Pick<ReminderDeps, 'reception'>,
  session: ReceptionSession,
  listed: readonly ReceptionBooking[],
): Promise<{ kind: 'receptionDayList'; added: number } | { kind: 'receptionToday' } | undefined> {
  // The reminder to this leader: one sent to the leader the slot had before is not theirs.
  const reminder = await deps.reception.reminderOf(session);
  if (!reminder) return { kind: 'receptionToday' };
  const added = peopleIn(listed.filter((b) => !reminder.listed.includes(b.id)));
  return added > 0 ? { kind: 'receptionDayList', added } : undefined;
}


/**
 * One line per booking the leader may see; phone numbers masked, since mail
 * is forwarded more easily than the console is opened. Of those kept from
 * them, only that their places are taken.
 */
function bookingList(bookings: readonly ReceptionBooking[], kept: number): string {
  const others = kept > 0 ? `另有${kept}个名额已占用。` : '';
  if (bookings.length === 0) return kept > 0 ? others : '（暂无预约，现场来访群众按到达顺序接待）';
  const lines = bookings.map((b, i) => {
    const matter = b.matter.length > 80 ? `${b.matter.slice(0, 80)}…` : b.matter;
    const contact = b.phone ? `，电话 ${maskPhone(b.phone)}` : '';
    const existing = b.caseNumber ? (b.caseNumberConfirmed === false ? `（自述信访事项 ${b.caseNumber}，未能核对为该事项的信访人，请先核实身份）` : `（已有信访事项 ${b.caseNumber}）`) : '';
    return `${i + 1}. ${b.name}${contact}：${matter}${existing}；预约编号 ${b.reference}`;
  });
  return [...lines, ...(others ? [others] : [])].join('\n');
}

/**
 * 【领导接待日】接待安排调整: to a booker with an email address whose
 * confirmation said otherwise than the session now stands — another leader
 * (the rotation names another, or one was asked to receive instead: 委托/调换),
 * or another day, time or place (改期). The booking stands. Sent when the
 * session is adjusted, and again with the leader's reminder (the same id: the
 * mailer sends it once): per booking and leader while only the leader
 * changed, per adjustment (its version) when the time or place did — or
 * when anything changed from what the adjustment before it had made it (the
 * booker heard of that one): then also when it is back to what they booked
 * (恢复原安排), so nobody turns up on the day an earlier letter named.
 * Without an email the desk tells them (待电话告知, per version, or the day's
 * list for a rotation change).
 */
export function leaderChangedNotice(province: Province, session: AdjustedSession, booking: ReceptionBooking): NotificationInput | undefined {
  if (!booking.email || session.cancelled) return undefined;
  const adjustment = session.adjustment && booking.bookedAt < session.adjustment.at ? session.adjustment : undefined;
  // What the confirmation said: kept on the booking (time and place since adjustments), else the rotation's.
  const confirmed = {
    leader: booking.leader ?? session.rotation?.leader ?? session.leader,
    date: booking.date,
    time: booking.time ?? session.rotation?.time ?? session.time,
    place: booking.place ?? session.rotation?.place ?? session.place,
  };
  const leaderChanged = confirmed.leader !== session.leader;
  const moved = confirmed.date !== session.date || confirmed.time !== session.time || confirmed.place !== session.place;
  // What the previous adjustment left, which the booker (booked before this one) was told of or booked with: a change
  // from it is told under this version's own id, even when it is back to what they booked (恢复原安排) or to a
  // leader an earlier letter named.
  const before = adjustment?.before;
  const changedSinceBefore = before !== undefined && arrangementsDiffer(before, session);
  if (!leaderChanged && !moved && !changedSinceBefore) return undefined;
  const office = province.jurisdiction(session.jurisdiction).office;
  // 副县长陈海燕同志: the post before the name, as a letter names a leader with 同志.
  const name = (id: string) => {
    const member = province.staff(id);
    return member ? `${member.post ?? ''}${member.name}` : id;
  };
  const when = `${formatSessionDate(session)} ${session.time}`;
  if (!leaderChanged && !moved) return restoredNotice(province, session, booking, before!, adjustment!, name);
  if (!moved && !adjustment) {
    return {
      id: `reception-leader-changed:${booking.id}:${session.leader}`,
      kind: 'notice',
      to: [booking.email],
      fromName: office.name,
      subject: `【领导接待日】接待领导调整 ${booking.reference} — ${office.name}`,
      text:
        `${booking.name}：\n\n您好！您预约的${office.name}领导接待日（预约编号 ${booking.reference}）因工作安排改由${name(session.leader)}同志接待` +
        `（预约确认时为${name(confirmed.leader)}同志）。接待时间、地点不变，预约继续有效，无需重新预约：\n\n` +
        `接待时间：${when}\n接待地点：${session.place}\n\n` +
        `请按时到场，携带本人身份证件和与反映事项有关的材料，并向工作人员出示预约编号。\n\n本邮件由系统自动发送，请勿直接回复。`,
      autoSubmitted: 'auto-generated',
    };
  }
  // The booker's own words accuse the leader who receives now: not named, the desk arranges (as the confirmation does).
  const accused = keptFrom(province, leaderViewer(province, session), booking, new Map());
  const receiver = accused ? '由信访部门另行安排（工作人员会在接待日前与您联系）' : `${name(session.leader)}同志`;
  const lines = [
    leaderChanged ? `接待领导：改由${receiver}接待（预约确认时为${name(confirmed.leader)}同志）` : `接待领导：${receiver}（不变）`,
    moved && (confirmed.date !== session.date || confirmed.time !== session.time)
      ? `接待时间：改为${when}（原为${formatDay(confirmed.date)} ${confirmed.time}）`
      : `接待时间：${when}（不变）`,
    confirmed.place !== session.place ? `接待地点：改为${session.place}（原为${confirmed.place}）` : `接待地点：${session.place}（不变）`,
    ...(adjustment ? [`调整原因：${adjustment.reason}`] : []),
  ];
  const cancelLink = `${province.config.mail.publicUrl}/public/reception/cancel`;
  return {
    id:
      moved || changedSinceBefore
        ? `reception-session-changed:${booking.id}:v${adjustment?.version ?? 0}`
        : `reception-leader-changed:${booking.id}:${session.leader}`,
    kind: 'notice',
    to: [booking.email],
    fromName: office.name,
    subject: `【领导接待日】接待安排调整 ${booking.reference} — ${office.name}`,
    text:
      `${booking.name}：\n\n您好！您预约的${office.name}领导接待日（预约编号 ${booking.reference}）接待安排调整如下：\n\n${lines.join('\n')}\n\n` +
      `预约继续有效，无需重新预约，请按调整后的时间、地点到场，携带本人身份证件和与反映事项有关的材料，并向工作人员出示预约编号。` +
      `调整后不能参加的，请在接待开始前打开 ${cancelLink} ，用预约编号和取消码取消，名额将留给其他群众；也可以致电${office.name}。\n\n本邮件由系统自动发送，请勿直接回复。`,
    autoSubmitted: 'auto-generated',
  };
}

/**
 * 恢复原安排: the session is back to what the booker's confirmation said, after
 * they were told of an adjustment (`before`) that said otherwise. Under the
 * adjustment's version, as every letter of a version is.
 */
function restoredNotice(
  province: Province,
  session: AdjustedSession,
  booking: ReceptionBooking,
  before: SessionArrangement,
  adjustment: SessionAdjustment,
  name: (id: string) => string,
): NotificationInput {
  const office = province.jurisdiction(session.jurisdiction).office;
  const accused = keptFrom(province, leaderViewer(province, session), booking, new Map());
  const receiver = accused ? '由信访部门另行安排（工作人员会在接待日前与您联系）' : `${name(session.leader)}同志`;
  const when = `${formatSessionDate(session)} ${session.time}`;
  const lines = [
    before.leader !== session.leader && !accused ? `接待领导：${receiver}（此前通知为${name(before.leader)}同志）` : `接待领导：${receiver}`,
    before.date !== session.date || before.time !== session.time ? `接待时间：${when}（此前通知为${formatDay(before.date)} ${before.time}）` : `接待时间：${when}`,
    before.place !== session.place ? `接待地点：${session.place}（此前通知为${before.place}）` : `接待地点：${session.place}`,
    `调整原因：${adjustment.reason}`,
  ];
  const cancelLink = `${province.config.mail.publicUrl}/public/reception/cancel`;
  return {
    id: `reception-session-changed:${booking.id}:v${adjustment.version}`,
    kind: 'notice',
    to: [booking.email!],
    fromName: office.name,
    subject: `【领导接待日】接待安排恢复 ${booking.reference} — ${office.name}`,
    text:
      `${booking.name}：\n\n您好！您预约的${office.name}领导接待日（预约编号 ${booking.reference}）此前通知的调整已撤回，恢复原安排，即您预约确认时的安排：\n\n${lines.join('\n')}\n\n` +
      `预约继续有效，无需重新预约，请以本通知为准按时到场，携带本人身份证件和与反映事项有关的材料，并向工作人员出示预约编号。` +
      `不能参加的，请在接待开始前打开 ${cancelLink} ，用预约编号和取消码取消，名额将留给其他群众；也可以致电${office.name}。\n\n本邮件由系统自动发送，请勿直接回复。`,
    autoSubmitted: 'auto-generated',
  };
}

/** How many people the bookings bring (来访人数), as the places they take. */
function peopleIn(bookings: readonly { partySize?: number }[]): number {
  return bookings.reduce((sum, b) => sum + (b.partySize ?? 1), 0);
}
