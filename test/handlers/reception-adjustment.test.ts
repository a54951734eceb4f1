import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';
import { MemoryReceptionStore } from '../fixtures/memory-reception-store.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { bookReception, receptionCalendar, receptionSchedule, recordCancellationToldByPhone, sessionBookings, type ReceptionDeps } from '../../shared/app/reception.js';
import { adjustReceptionSession } from '../../shared/app/reception-adjustment.js';
import { remindLeaders } from '../../shared/app/reception-reminders.js';
import type { NotificationInput } from '../../shared/app/notification.js';
import type { AuditEntry } from '../../shared/app/ports.js';
import type { Actor } from '../../shared/domain/access.js';
import { OutOfScope, RuleViolation } from '../../shared/domain/errors.js';
import { ReceptionFull } from '../../shared/domain/reception.js';
import { SessionAdjustmentConflict } from '../../shared/domain/reception-adjustment.js';
import { bookedPage, receptionSchedulePage } from '../../functions/api/reception-portal-pages.js';
import { bookingFormSchema } from '../../functions/api/reception-portal-routes.js';

/** The portal's schedule page of 桐庐县 as a petitioner reads it (text, tags dropped). */
async function portalSchedule(): Promise<{ text: string; html: string }> {
  const schedule = await receptionSchedule(deps(), { jurisdiction: '330122', weeks: 2 });
  const html = receptionSchedulePage([{ code: '330122', office: '桐庐县信访局' }], { code: '330122', office: '桐庐县信访局', sessions: schedule.sessions });
  return { html, text: html.replace(/<[^>]+>/g, '') };
}

/**
 * 调整接待安排: one session of 桐庐县's rotation handed to another leader
 * (委托/调换), moved (改期) or cancelled, as the office's rules allow (提前两日告知).
 * The use cases on an in-memory store: the schedule, the bookers' letters, the
 * desk's 待电话告知 and the leaders' reminders.
 */

const province = loadProvinceConfig(DEMO_CONFIG);
/** 陈海燕's Monday session, a week ahead of "now". */
const NEXT_MONDAY = '330122:2026-11-30:0900';
const desk: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const chen: Actor = { staffId: 'tonglu-leader-petitions', jurisdiction: '330122', roles: ['leader'] };
const registrar: Actor = { staffId: 'tonglu-registrar', jurisdiction: '330122', roles: ['registrar'] };
const cityLeader: Actor = { staffId: 'hz-leader-petitions', jurisdiction: '330100', roles: ['leader'] };
const sun = { name: '孙大妈', phone: '13600001234', email: 'sunlan@163.example', matter: '老房拆迁安置款至今未到位，家中老人无处居住。' };
const wu = { name: '吴建国', phone: '13700005678', matter: '村里修路占了我家承包地，补偿一直没谈。' };

let reception: MemoryReceptionStore;
let queued: { id: string; body: NotificationInput }[];
let audit: AuditEntry[];
let now: Date;
const deps = (): ReceptionDeps => ({
  reception,
  province,
  store: { getCaseRecord: async () => undefined, appendAudit: async (entry: AuditEntry) => void audit.push(entry) } as unknown as ReceptionDeps['store'],
  clock: { now: () => now },
  notify: { publish: async (messages) => void queued.push(...messages) },
});
/** What the mailer would send: one mail per notification id, from the bookings' transactions and the queue. */
const mailed = () => [...new Map([...reception.outbox, ...queued].map((m) => [m.id, m.body as NotificationInput])).values()];

beforeEach(() => {
  reception = new MemoryReceptionStore();
  queued = [];
  audit = [];
  // Monday 23 November 2026, 10:00 in China.
  now = new Date('2026-11-23T02:00:00Z');
});

async function bookBoth() {
  const a = await bookReception(deps(), NEXT_MONDAY, sun);
  const b = await bookReception(deps(), NEXT_MONDAY, wu);
  if (!a.created || !b.created) throw new Error('booked');
  // The office adjusts the session an hour later.
  now = new Date(now.getTime() + 3_600_000);
  return { sunBooking: a.booking, wuBooking: b.booking };
}

describe('another leader receives (委托/调换)', () => {
  it('shows 方建华 on the public schedule, tells 孙大妈 by email and puts 吴建国 (no email) on 待电话告知, once', async () => {
    const { sunBooking, wuBooking } = await bookBoth();
    const outcome = await adjustReceptionSession(deps(), NEXT_MONDAY, { change: { kind: 'substitute', leader: 'tonglu-leader-principal', reason: '陈海燕同志赴省里参加会议' }, expectedVersion: 0 }, chen);
    expect(outcome).toMatchObject({ late: false, told: { email: 1, phone: 1 }, repeated: false, adjustment: { version: 1, leader: 'tonglu-leader-principal' } });

    const schedule = await receptionSchedule(deps(), { jurisdiction: '330122', weeks: 2 });
    expect(schedule.sessions.find((s) => s.id === NEXT_MONDAY)).toMatchObject({ leaderName: '方建华', rotationLeaderName: '陈海燕', date: '2026-11-30', time: '09:00-11:30', placesLeft: 6 });

    expect((await portalSchedule()).text).toContain('安排已调整：接待领导由陈海燕调整为方建华（原因：陈海燕同志赴省里参加会议）');

    const letters = mailed().filter((m) => m.to.includes('sunlan@163.example') && !m.id.startsWith('reception-booking:'));
    expect(letters).toHaveLength(1);
    expect(letters[0]!.subject).toBe(`【领导接待日】接待安排调整 ${sunBooking.reference} — 桐庐县信访局`);
    expect(letters[0]!.text).toContain('接待领导：改由县长方建华同志接待（预约确认时为副县长陈海燕同志）');
    expect(letters[0]!.text).toContain('接待时间：2026年11月30日（星期一） 09:00-11:30（不变）');
    expect(letters[0]!.text).toContain('调整原因：陈海燕同志赴省里参加会议');

    const seen = await sessionBookings(deps(), NEXT_MONDAY, desk);
    expect(seen.bookings.find((b) => b.id === wuBooking.id)).toMatchObject({ changeNotice: 'phone', changeToTellByPhone: true });
    expect(seen.bookings.find((b) => b.id === sunBooking.id)).toMatchObject({ changeNotice: 'email' });
    await recordCancellationToldByPhone(deps(), NEXT_MONDAY, wuBooking.id, desk);
    const after = await sessionBookings(deps(), NEXT_MONDAY, desk);
    expect(after.bookings.find((b) => b.id === wuBooking.id)).not.toHaveProperty('changeToTellByPhone');

    // A booking made after the change was confirmed with 方建华: nothing to tell.
    const later = await bookReception(deps(), NEXT_MONDAY, { name: '钱丽', phone: '13900001111', email: 'qianli@qq.example', matter: '医保报销问题。' });
    if (!later.created) throw new Error('booked');
    expect((await sessionBookings(deps(), NEXT_MONDAY, desk)).bookings.find((b) => b.id === later.booking.id)).not.toHaveProperty('changeNotice');

    // Sunday 18:00: 方建华 is reminded with the day's bookings; 陈海燕 is not; 孙大妈 gets no second letter.
    const reminded = await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z'));
    // (His own session of the afternoon, the last Monday's, too.)
    expect(reminded).toEqual([
      { sessionId: NEXT_MONDAY, leader: 'tonglu-leader-principal', bookings: 3 },
      { sessionId: '330122:2026-11-30:1430', leader: 'tonglu-leader-principal', bookings: 0 },
    ]);
    const reminder = mailed().find((m) => m.id === `reception-reminder:${NEXT_MONDAY}:tonglu-leader-principal:2026-11-30:0900`)!;
    expect(reminder.to).toEqual(['fang.jianhua@tonglu.petitions.example']);
    expect(reminder.text).toContain('1. 孙大妈');
    expect(mailed().filter((m) => m.to.includes('chen.haiyan@tonglu.petitions.example'))).toEqual([]);
    expect(mailed().filter((m) => m.to.includes('sunlan@163.example') && !m.id.startsWith('reception-booking:'))).toHaveLength(1);

    expect(audit).toContainEqual(expect.objectContaining({ caseNumber: 'reception', actor: 'tonglu-leader-petitions', action: 'adjustSession', detail: `${NEXT_MONDAY} v1 substitute: 陈海燕同志赴省里参加会议` }));
  });

  it('answers the same request again without a second letter, and refuses a change over a version not read', async () => {
    await bookBoth();
    const request = { change: { kind: 'substitute' as const, leader: 'tonglu-leader-principal', reason: '陈海燕同志赴省里参加会议' }, expectedVersion: 0 };
    await adjustReceptionSession(deps(), NEXT_MONDAY, request, desk);
    const again = await adjustReceptionSession(deps(), NEXT_MONDAY, request, desk);
    expect(again).toMatchObject({ repeated: true, adjustment: { version: 1 } });
    expect(mailed().filter((m) => m.id.startsWith('reception-leader-changed:'))).toHaveLength(1);
    await expect(adjustReceptionSession(deps(), NEXT_MONDAY, { change: { kind: 'cancel', reason: '临时取消' }, expectedVersion: 0 }, desk)).rejects.toBeInstanceOf(SessionAdjustmentConflict);
  });

  it('tells the booker when it is handed back to the leader they booked with, once per version', async () => {
    const { sunBooking } = await bookBoth();
    await adjustReceptionSession(deps(), NEXT_MONDAY, { change: { kind: 'substitute', leader: 'tonglu-leader-principal', reason: '陈海燕同志赴省里参加会议' }, expectedVersion: 0 }, desk);
    const back = await adjustReceptionSession(deps(), NEXT_MONDAY, { change: { kind: 'substitute', leader: 'tonglu-leader-petitions', reason: '省里会议延期，陈海燕同志照常接待' }, expectedVersion: 1 }, desk);
    expect(back).toMatchObject({ told: { email: 1, phone: 1 }, session: { leader: 'tonglu-leader-petitions' } });
    const letter = mailed().find((m) => m.id === `reception-session-changed:${sunBooking.id}:v2`)!;
    expect(letter.text).toContain('恢复原安排');
    expect(letter.text).toContain('接待领导：副县长陈海燕同志（此前通知为');
    // Handed to 方建华 again: a letter for that version too, though he was named before.
    await adjustReceptionSession(deps(), NEXT_MONDAY, { change: { kind: 'substitute', leader: 'tonglu-leader-principal', reason: '陈海燕同志又有会议' }, expectedVersion: 2 }, desk);
    expect(mailed().find((m) => m.id === `reception-session-changed:${sunBooking.id}:v3`)!.text).toContain('接待领导：改由');
    await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z'));
    expect(mailed().filter((m) => m.to.includes('sunlan@163.example') && !m.id.startsWith('reception-booking:')).map((m) => m.id)).toEqual([
      `reception-leader-changed:${sunBooking.id}:tonglu-leader-principal`,
      `reception-session-changed:${sunBooking.id}:v2`,
      `reception-session-changed:${sunBooking.id}:v3`,
    ]);
  });

  it('is for the office and the county’s leaders: not a registrar, nor a leader of the city above; only a leader of the county receives', async () => {
    const change = { kind: 'substitute' as const, leader: 'tonglu-leader-principal', reason: '工作安排' };
    await expect(adjustReceptionSession(deps(), NEXT_MONDAY, { change, expectedVersion: 0 }, registrar)).rejects.toBeInstanceOf(OutOfScope);
    await expect(adjustReceptionSession(deps(), NEXT_MONDAY, { change, expectedVersion: 0 }, cityLeader)).rejects.toBeInstanceOf(OutOfScope);
    await expect(adjustReceptionSession(deps(), NEXT_MONDAY, { change: { ...change, leader: 'tonglu-housing-head' }, expectedVersion: 0 }, desk)).rejects.toMatchObject({ chinese: expect.stringContaining('不是本级领导') });
  });
});

describe('the session moves (改期)', () => {
  it('lists it on its new day, reminds its leader the evening before that day, and tells the booker the new time and place', async () => {
    const { sunBooking } = await bookBoth();
    const move = { kind: 'move' as const, date: '2026-12-02', time: '14:30-17:00', place: '桐庐县信访局三楼会议室', reason: '原接待室装修' };
    await adjustReceptionSession(deps(), NEXT_MONDAY, { change: move, expectedVersion: 0 }, desk);

    const calendar = await receptionCalendar(deps(), { jurisdiction: '330122', from: '2026-11-30', to: '2026-12-02' }, desk);
    // The last Monday's afternoon session of 方建华 stays; 陈海燕's morning is on Wednesday.
    expect(calendar.sessions.map((s) => [s.id, s.date, s.time, s.place])).toEqual([
      ['330122:2026-11-30:1430', '2026-11-30', '14:30-17:00', '桐庐县社会矛盾纠纷调处化解中心一楼领导接待室（迎春南路）'],
      [NEXT_MONDAY, '2026-12-02', '14:30-17:00', '桐庐县信访局三楼会议室'],
    ]);

    const letter = mailed().find((m) => m.id === `reception-session-changed:${sunBooking.id}:v1`)!;
    expect(letter.text).toContain('接待时间：改为2026年12月2日（星期三） 14:30-17:00（原为2026年11月30日 09:00-11:30）');
    expect(letter.text).toContain('接待地点：改为桐庐县信访局三楼会议室（原为桐庐县社会矛盾纠纷调处化解中心一楼领导接待室（迎春南路））');
    expect(letter.text).toContain('预约继续有效');

    expect((await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z'))).map((r) => r.sessionId)).toEqual(['330122:2026-11-30:1430']);
    expect((await remindLeaders(deps(), new Date('2026-12-01T10:00:00Z'))).filter((r) => r.sessionId.startsWith('330122:'))).toEqual([
      { sessionId: NEXT_MONDAY, leader: 'tonglu-leader-petitions', bookings: 2 },
    ]);
    expect(mailed().find((m) => m.id === `reception-reminder:${NEXT_MONDAY}:tonglu-leader-petitions:2026-12-02:1430`)!.text).toContain('桐庐县信访局三楼会议室');
  });

  it('tells the booker when it is moved back to the day they booked (恢复原安排), once, and the desk has the call to make again', async () => {
    const { sunBooking, wuBooking } = await bookBoth();
    const move = { kind: 'move' as const, date: '2026-12-02', time: '09:00-11:30', place: '桐庐县社会矛盾纠纷调处化解中心一楼领导接待室（迎春南路）', reason: '陈海燕同志周一下乡' };
    await adjustReceptionSession(deps(), NEXT_MONDAY, { change: move, expectedVersion: 0 }, desk);
    expect(mailed().find((m) => m.id === `reception-session-changed:${sunBooking.id}:v1`)!.text).toContain('改为2026年12月2日');
    await recordCancellationToldByPhone(deps(), NEXT_MONDAY, wuBooking.id, desk);

    const back = { ...move, date: '2026-11-30', reason: '下乡改期，周一照常接待' };
    const outcome = await adjustReceptionSession(deps(), NEXT_MONDAY, { change: back, expectedVersion: 1 }, desk);
    expect(outcome).toMatchObject({ told: { email: 1, phone: 1 }, session: { date: '2026-11-30' } });
    const letter = mailed().find((m) => m.id === `reception-session-changed:${sunBooking.id}:v2`)!;
    expect(letter.to).toEqual(['sunlan@163.example']);
    expect(letter.text).toContain('恢复原安排');
    expect(letter.text).toContain('接待时间：2026年11月30日（星期一） 09:00-11:30（此前通知为2026年12月2日 09:00-11:30）');
    expect(letter.text).toContain('调整原因：下乡改期，周一照常接待');
    expect((await sessionBookings(deps(), NEXT_MONDAY, desk)).bookings.find((b) => b.id === wuBooking.id)).toMatchObject({ changeToTellByPhone: true });

    // The repeat of the request, and Sunday's reminder, send it no second time.
    await adjustReceptionSession(deps(), NEXT_MONDAY, { change: back, expectedVersion: 1 }, desk);
    await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z'));
    expect(mailed().filter((m) => m.to.includes('sunlan@163.example') && !m.id.startsWith('reception-booking:')).map((m) => m.id)).toEqual([
      `reception-session-changed:${sunBooking.id}:v1`,
      `reception-session-changed:${sunBooking.id}:v2`,
    ]);
  });

  it('reminds its leader again for the new day when it is moved after the reminder went out', async () => {
    await bookBoth();
    // Sunday evening: 陈海燕 is reminded of Monday's session.
    await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z'));
    expect(mailed().filter((m) => m.id.startsWith(`reception-reminder:${NEXT_MONDAY}:`))).toHaveLength(1);
    // Monday morning it moves to Wednesday, late, and one more person books it.
    now = new Date('2026-11-30T00:30:00Z');
    const move = { kind: 'move' as const, date: '2026-12-02', time: '09:00-11:30', place: '桐庐县信访局三楼会议室', reason: '陈海燕同志临时参加防汛会议' };
    await adjustReceptionSession(deps(), NEXT_MONDAY, { change: move, expectedVersion: 0, confirmLate: true }, desk);
    now = new Date('2026-11-30T02:00:00Z');
    if (!(await bookReception(deps(), NEXT_MONDAY, { name: '钱丽', phone: '13900001111', matter: '医保报销问题。' })).created) throw new Error('booked');

    // Tuesday evening: reminded for 12月2日 with all three; a second run sends nothing more.
    await remindLeaders(deps(), new Date('2026-12-01T10:00:00Z'));
    await remindLeaders(deps(), new Date('2026-12-01T11:00:00Z'));
    const reminders = mailed().filter((m) => m.id.startsWith(`reception-reminder:${NEXT_MONDAY}:`));
    expect(reminders).toHaveLength(2);
    expect(reminders[1]!.text).toContain('2026年12月2日');
    expect(reminders[1]!.text).toContain('3. 钱丽');
  });

  it('refuses a move beyond four weeks of the rotation’s day, or onto a public holiday', async () => {
    const move = { kind: 'move' as const, time: '09:00-11:30', place: '接待室', reason: '调整' };
    await expect(adjustReceptionSession(deps(), NEXT_MONDAY, { change: { ...move, date: '2027-01-05' }, expectedVersion: 0 }, desk)).rejects.toBeInstanceOf(RuleViolation);
    await expect(adjustReceptionSession(deps(), '330122:2026-12-28:0900', { change: { ...move, date: '2027-01-01' }, expectedVersion: 0 }, desk)).rejects.toMatchObject({ chinese: expect.stringContaining('法定节假日') });
  });
});

describe('the session is cancelled (取消)', () => {
  it('less than two days ahead needs saying so (提前两日); then its bookings are cancelled as the office cancels them, and nobody can book', async () => {
    const { sunBooking, wuBooking } = await bookBoth();
    // Sunday 29 November, 10:00 in China: the session is tomorrow.
    now = new Date('2026-11-29T02:00:00Z');
    const cancel = { kind: 'cancel' as const, reason: '接待领导临时参加防汛会议' };
    await expect(adjustReceptionSession(deps(), NEXT_MONDAY, { change: cancel, expectedVersion: 0 }, desk)).rejects.toMatchObject({
      code: 'RuleViolation',
      field: 'confirmLate',
      chinese: expect.stringContaining('提前两日告知'),
    });
    const outcome = await adjustReceptionSession(deps(), NEXT_MONDAY, { change: cancel, expectedVersion: 0, confirmLate: true }, desk);
    expect(outcome).toMatchObject({ late: true, told: { email: 1, phone: 1 }, session: { cancelled: true } });

    const letter = mailed().find((m) => m.id === `reception-cancelled:${sunBooking.id}`)!;
    expect(letter.subject).toBe(`【领导接待日】您的预约已被取消 ${sunBooking.reference} — 桐庐县信访局`);
    expect(letter.text).toContain('取消原因：本场领导接待取消（接待领导临时参加防汛会议）');
    const seen = await sessionBookings(deps(), NEXT_MONDAY, desk);
    expect(seen.bookings.find((b) => b.id === wuBooking.id)).toMatchObject({ status: 'cancelled', cancelNotice: 'phone' });

    const schedule = await receptionSchedule(deps(), { jurisdiction: '330122', weeks: 1 });
    expect(schedule.sessions.find((s) => s.id === NEXT_MONDAY)).toMatchObject({ cancelled: true, placesLeft: 0 });
    const page = await portalSchedule();
    expect(page.text).toContain('已取消：原定2026年11月30日（星期一） 09:00-11:30的接待不再举行（原因：接待领导临时参加防汛会议）');
    expect(page.html).not.toContain(`session=${encodeURIComponent(NEXT_MONDAY)}`);
    await expect(bookReception(deps(), NEXT_MONDAY, { name: '钱丽', phone: '13900001111', matter: '医保报销问题。' })).rejects.toMatchObject({ chinese: expect.stringContaining('已取消') });
    // Only 方建华's afternoon session is reminded: the cancelled one reminds nobody.
    expect((await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z'))).map((r) => r.sessionId)).toEqual(['330122:2026-11-30:1430']);
    await expect(adjustReceptionSession(deps(), NEXT_MONDAY, { change: { kind: 'substitute', leader: 'tonglu-leader-principal', reason: '改派' }, expectedVersion: 1 }, desk)).rejects.toMatchObject({
      chinese: expect.stringContaining('已取消，不能再调整'),
    });
  });
});

describe('来访人数 (a group books its representatives)', () => {
  it('takes a place per person, books a group of more than five as five representatives and tells them why (条例 第二十条)', async () => {
    const family = await bookReception(deps(), NEXT_MONDAY, { name: '孙大妈', phone: '13600001234', matter: '老房拆迁安置款至今未到位。', partySize: 3 });
    const village = await bookReception(deps(), NEXT_MONDAY, { name: '吴建国', phone: '13700005678', email: 'wujg@qq.example', matter: '全村30户承包地被占，补偿一直没谈。', partySize: 30 });
    if (!family.created || !village.created) throw new Error('booked');
    expect(family.booking).toMatchObject({ partySize: 3 });
    expect(village.booking).toMatchObject({ partySize: 5, groupSize: 30 });
    // 8 places: 3 + 5 are taken, none is left for one more.
    expect(village.session.placesLeft).toBe(0);
    await expect(bookReception(deps(), NEXT_MONDAY, { name: '钱丽', phone: '13900001111', matter: '医保报销问题。' })).rejects.toBeInstanceOf(ReceptionFull);
    const confirmation = mailed().find((m) => m.id === `reception-booking:${village.booking.id}`)!;
    expect(confirmation.text).toContain('您填写的来访人数为30人。按照《信访工作条例》第二十条，多人就同一事项走访的，应当推选代表，代表人数不超过5人，因此本次预约为5名代表保留名额。');
    expect((await sessionBookings(deps(), NEXT_MONDAY, desk)).session.taken).toBe(8);
    // The portal's confirmation says it too, before the cancel code.
    const page = bookedPage({ booking: village.booking, session: village.session, cancelCode: village.cancelCode, emailed: true }).replace(/<[^>]+>/g, '');
    expect(page).toContain('因此本次预约为5名代表保留名额。请推选代表到场，其他群众不必前来');
    expect(bookingFormSchema.safeParse({ session: NEXT_MONDAY, name: '吴建国', phone: '13700005678', matter: '占地补偿。', partySize: '３０' }).data).toMatchObject({ partySize: 30 });
    expect(bookingFormSchema.safeParse({ session: NEXT_MONDAY, name: '吴建国', phone: '13700005678', matter: '占地补偿。', partySize: '' }).data).toMatchObject({ partySize: 1 });
  });
});

