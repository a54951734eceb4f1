import { dateOfDay, dayNumber } from '../domain/calendar.js';
import { chinaDate } from '../domain/case-number.js';
import { formatSessionDate, sessionsBetween, type ReceptionSession } from '../domain/reception.js';
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
 * ids are the session's, so a second run the same day sends nothing new.
 * Answers what was queued to leaders.
 */
export async function remindLeaders(deps: ReminderDeps, now: Date): Promise<QueuedReminder[]> {
  const { province } = deps;
  const today = chinaDate(now.toISOString());
  const tomorrow = dateOfDay(dayNumber(today)! + 1);
  const sessions = province.config.jurisdictions.flatMap((j) =>
    j.receptionDays?.length ? sessionsBetween(j.code, j.receptionDays, { from: today, to: tomorrow }, province.calendar) : [],
  );
  const queued: QueuedReminder[] = [];
  for (const session of sessions) {
    const leader = province.staff(session.leader);
    if (!leader) continue; // the configuration check makes this unreachable
    const onTheDay = session.date === today;
    // Today's session already under way is past updating.
    if (onTheDay && Date.parse(session.startsAt) <= now.getTime()) continue;
    const booked = (await deps.reception.bookingsOf(session.id)).filter((b) => b.status === 'booked');
    const cases = await namedCases(deps.store, booked);
    const viewer = leaderViewer(province, session);
    const kept = booked.filter((b) => keptFrom(province, viewer, b, cases));
    let listed = booked.filter((b) => !kept.includes(b));
    if (!onTheDay) {
      // Recorded before it is sent, and sent as recorded: a rerun after a crash mails (and the mailer drops, by id) the
      // same list, so a booking made between the runs is never taken for one the leader was told of.
      const expiresAt = Math.floor(Date.parse(session.endsAt) / 1000) + REMINDER_RECORD_DAYS * 86_400;
      await deps.reception.recordReminder(session.id, { at: now.toISOString(), listed: listed.map((b) => b.id) }, expiresAt);
      const recorded = await deps.reception.reminderOf(session.id);
      if (recorded) listed = listed.filter((b) => recorded.listed.includes(b.id));
    }

    const letter = onTheDay ? await dayLetter(deps, session, listed) : { kind: 'receptionReminder' as const };
    if (!letter) continue;
    const office = province.jurisdiction(session.jurisdiction).office;
    const values = {
      office: office.name,
      leader: leader.name,
      date: formatSessionDate(session),
      time: session.time,
      place: session.place,
      capacity: String(session.capacity),
      bookingCount: String(booked.length),
      bookings: bookingList(listed, kept.length),
      // The session on the console's 接待日 page, where the leader signs in to see who booked.
      bookingsLink: receptionLink(province, session),
    };
    const rendered =
      letter.kind === 'receptionDayList'
        ? renderTemplate('receptionDayList', province.templateFor('receptionDayList', session.jurisdiction), { ...values, newCount: String(letter.added) })
        : renderTemplate(letter.kind, province.templateFor(letter.kind, session.jurisdiction), values);
    const id = `${onTheDay ? 'reception-day-list' : 'reception-reminder'}:${session.id}`;
    const messages: { id: string; body: NotificationInput }[] = [
      { id, body: { id, kind: 'notice', to: [leader.email], fromName: office.name, subject: rendered.subject, text: rendered.body, autoSubmitted: 'auto-generated' } },
    ];
    // The desk, which was told of each when it was booked, is reminded before the day of those it arranges.
    if (kept.length) {
      for (const arrange of arrangeElsewhereNotice(province, session, kept, cases, `reception-arrange:${session.id}`)) messages.push({ id: arrange.id, body: arrange });
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
  const reminder = await deps.reception.reminderOf(session.id);
  if (!reminder) return { kind: 'receptionToday' };
  const added = listed.filter((b) => !reminder.listed.includes(b.id)).length;
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
