import type { Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { OutOfScope } from '../domain/errors.js';
import type { Province } from '../domain/province.js';
import { formatSessionDate, type ReceptionSession } from '../domain/reception.js';
import { bookingKeptFrom, type BookingViewer } from '../domain/reception-confidentiality.js';
import type { NotificationInput } from './notification.js';
import type { CaseStore } from './ports.js';
import type { ReceptionBooking } from './reception-ports.js';

/**
 * Reports never reach the accused (条例 第三十条), at a reception day too: a
 * booking whose matter accuses the session's leader by name, or whose case
 * is kept from them (recused, or it accuses them or their government), is not
 * theirs to see or receive. Their list and reminder show at most that a place
 * is taken; the office's desk, told at once, arranges it.
 */

/** The cases the bookings name, read once each (a number nobody registered is absent). */
export async function namedCases(store: Pick<CaseStore, 'getCaseRecord'>, bookings: readonly Pick<ReceptionBooking, 'caseNumber'>[]): Promise<Map<string, Case>> {
  const numbers = [...new Set(bookings.map((b) => b.caseNumber).filter((n): n is string => Boolean(n)))];
  const found = await Promise.all(numbers.map(async (n) => [n, await store.getCaseRecord(n)] as const));
  return new Map(found.filter((entry): entry is readonly [string, Case] => entry[1] !== undefined));
}

/** A staff member looking at the session's bookings. */
export function viewerOf(province: Province, actor: Actor): BookingViewer {
  return { actor, name: province.staff(actor.staffId)?.name };
}

/** The session's own leader, as the configuration describes them. */
export function leaderViewer(province: Province, session: Pick<ReceptionSession, 'leader' | 'jurisdiction'>): BookingViewer {
  const staff = province.staff(session.leader);
  const actor: Actor = staff
    ? { staffId: staff.id, jurisdiction: staff.jurisdiction, roles: staff.roles, ...(staff.unit ? { unit: staff.unit } : {}) }
    : { staffId: session.leader, jurisdiction: session.jurisdiction, roles: ['leader'] };
  return { actor, name: staff?.name };
}

/** Whether the booking is kept from this viewer. */
export function keptFrom(province: Province, viewer: BookingViewer, booking: ReceptionBooking, cases: ReadonlyMap<string, Case>): boolean {
  return bookingKeptFrom(viewer, booking, booking.caseNumber ? cases.get(booking.caseNumber) : undefined, province.tree);
}

/** What a viewer a booking is kept from sees of it: that a place is taken, nothing of who, what or which case. */
export type WithheldBooking = Pick<ReceptionBooking, 'id' | 'sessionId' | 'jurisdiction' | 'date' | 'status'> & { withheld: true };

export function withheld(booking: ReceptionBooking): WithheldBooking {
  return { id: booking.id, sessionId: booking.sessionId, jurisdiction: booking.jurisdiction, date: booking.date, status: booking.status, withheld: true };
}

/**
 * Refuses an action on a booking kept from the actor (cancelling it, marking
 * it, recording its reception): the office's desk deals with it.
 */
export async function assertBookingNotKeptFrom(
  deps: { province: Province; store: Pick<CaseStore, 'getCaseRecord'> },
  actor: Actor,
  session: ReceptionSession,
  booking: ReceptionBooking,
  action: 'cancel' | 'mark as not come',
): Promise<void> {
  const cases = await namedCases(deps.store, [booking]);
  if (keptFrom(deps.province, viewerOf(deps.province, actor), booking, cases)) {
    throw new OutOfScope(`staff member ${actor.staffId} may not ${action} booking ${booking.id} of reception session ${session.id}: the petitions office arranges it`).inChinese(
      `您无权${action === 'cancel' ? '取消' : '登记未到场'}接待场次 ${session.id} 的预约 ${booking.id}：由信访部门安排`,
    );
  }
}

/** A phone number as mail shows it (138****1111): mail is forwarded more easily than the console is opened. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}

/** An office's desk as the access rules see it. */
const officeActor = (code: string): Actor => ({ staffId: `office:${code}`, jurisdiction: code, roles: ['petitionsOffice'] });

/**
 * The office to arrange a booking kept from the leader: the session's own,
 * or — where the booking is kept from that office too (a report against its
 * place's government or leaders) — the nearest office above not kept from
 * it, which holds the matter and can receive the petitioner instead.
 */
function arrangingOffice(province: Province, session: ReceptionSession, booking: ReceptionBooking, cases: ReadonlyMap<string, Case>): string {
  const levels = [session.jurisdiction, ...province.tree.ancestors(session.jurisdiction).map((node) => node.code)];
  const office = (code: string): BookingViewer => ({ actor: officeActor(code) });
  return levels.find((code) => !keptFrom(province, office(code), booking, cases)) ?? session.jurisdiction;
}

/**
 * 【接待日预约须另行安排】 to the office's desk: these bookings are not shown to
 * the session's leader, nor listed in their reminder; the desk arranges who
 * receives the petitioners, or tells them. It says why only in general terms —
 * the desk may not read every case a booking names — and carries no matter.
 */
export function arrangeElsewhereNotice(
  province: Province,
  session: ReceptionSession,
  bookings: readonly ReceptionBooking[],
  cases: ReadonlyMap<string, Case>,
  id: string,
): NotificationInput[] {
  // Each office hears only of the bookings it arranges: the accused level's desk not of one reporting its own place.
  const byOffice = new Map<string, ReceptionBooking[]>();
  for (const booking of bookings) {
    const code = arrangingOffice(province, session, booking, cases);
    byOffice.set(code, [...(byOffice.get(code) ?? []), booking]);
  }
  const leader = province.staff(session.leader)?.name ?? session.leader;
  const date = formatSessionDate(session);
  const link = receptionLink(province, session);
  return [...byOffice].map(([code, arranged]) => {
    const office = province.jurisdiction(code).office;
    const lines = arranged.map((b, i) => `${i + 1}. 预约编号 ${b.reference}，${b.name}${b.phone ? `，电话 ${maskPhone(b.phone)}` : ''}${b.email && !b.phone ? '，留有电子邮箱' : ''}`);
    return {
      id: byOffice.size === 1 || code === session.jurisdiction ? id : `${id}:${code}`,
      kind: 'notice',
      to: [office.mailbox],
      fromName: office.name,
      subject: `【接待日预约须另行安排】${date} ${leader}接待日 ${arranged.map((b) => b.reference).join('、')}`,
      text:
        `${office.name}：\n\n` +
        `${date} ${session.time}${leader}同志在${session.place}的领导接待日，以下预约不安排${leader}同志接待：\n\n${lines.join('\n')}\n\n` +
        `预约所述事项或所涉信访事项检举、控告${leader}同志或其所在党委政府，或其须回避。依照《信访工作条例》第二十八条、第三十条，` +
        `检举、控告材料不得转给被检举、控告的人员，该预约的事项、信访事项编号和预约人信息不向${leader}同志显示，其接待提醒中也不列出。\n\n` +
        `请另行安排：改由其他领导或上级机关接待，或与预约人联系说明情况；所涉信访事项由上级机关办理的，请与其商定。` +
        `该预约的取消、接待记录和未到场由信访工作机构在接待日页面办理：${link}\n\n本邮件由系统自动发送。`,
      autoSubmitted: 'auto-generated',
    } satisfies NotificationInput;
  });
}

/** The session on the console's 接待日 page. */
export const receptionLink = (province: Province, session: Pick<ReceptionSession, 'date' | 'id'>): string =>
  `${province.config.mail.consoleUrl.replace(/\/$/, '')}/reception?date=${session.date}&session=${encodeURIComponent(session.id)}`;
