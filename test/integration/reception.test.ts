import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { loginAs, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';
import { lastSessionOf, seedPastBookings } from './reception-seed.js';

let system: LocalSystem;
let dataDir: string;
let office: ApiClient; // 桐庐县信访局
let neighbour: ApiClient; // 淳安县信访局

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  office = await loginAs(system.apiUrl, 'tonglu-office');
  neighbour = await loginAs(system.apiUrl, 'chunan-office');
});

afterAll(async () => {
  await system?.close();
  removeDir(dataDir);
});

/** A citizen: no account, no token. */
async function publicCall(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${system.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const petitioner = (i: number) => ({
  name: `来访群众${i}`,
  phone: `1390571${String(i).padStart(4, '0')}`,
  matter: `反映桐庐县城南街道征地补偿款未足额发放问题（第${i}户）。`,
});

describe('leader reception days on the local system', () => {
  it('books a session until it is full, refuses the next booking with 409, and emails the confirmation', async () => {
    const schedule = await publicCall('GET', '/public/reception-days?jurisdiction=330122&weeks=8');
    expect(schedule.status).toBe(200);
    expect(schedule.body.sessions.length).toBeGreaterThan(0);
    // The smallest session (the principal leader's, the last Monday of the month) fills quickest.
    const session = [...schedule.body.sessions].sort((a, b) => a.capacity - b.capacity)[0] as { id: string; capacity: number; placesLeft: number; leader: { name: string }; place: string };
    expect(session.placesLeft).toBe(session.capacity);
    const path = `/public/reception-days/${session.id}/bookings`;

    const first = await publicCall('POST', path, { ...petitioner(1), email: 'laifang1@qq.example', caseNumber: '330122-2026-000001' });
    expect(first.status).toBe(201);
    const reference = first.body.booking.reference as string;
    for (let i = 2; i < session.capacity; i++) expect((await publicCall('POST', path, petitioner(i))).status).toBe(201);

    // Two petitioners race for the last place: exactly one gets it.
    const race = await Promise.all([publicCall('POST', path, petitioner(101)), publicCall('POST', path, petitioner(102))]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);

    const late = await publicCall('POST', path, petitioner(103));
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({
      code: 'ReceptionFull',
      message: `all ${session.capacity} places of reception session ${session.id} are booked; please choose another reception day`,
    });

    // The first petitioner asking again keeps their place; nobody gets a second one, nor learns the first one's details.
    const again = await publicCall('POST', path, { ...petitioner(1), email: 'laifang1@qq.example' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: false, message: expect.stringContaining('该联系方式已预约本场接待') });

    const after = await publicCall('GET', '/public/reception-days?jurisdiction=330122&weeks=8');
    expect(after.body.sessions.find((s: { id: string }) => s.id === session.id).placesLeft).toBe(0);

    const mail = await until('the booking confirmation', () => system.ses.list().find((m) => m.to.includes('laifang1@qq.example')));
    expect(mail.subject).toBe(`【领导接待日】预约成功 ${reference} — 桐庐县信访局`);
    expect(mail.text).toContain(`接待领导：${session.leader.name}`);
    expect(mail.text).toContain(`接待地点：${session.place}`);
    expect(mail.headers['auto-submitted']).toBe('auto-generated');
  });

  it('gives a crowd booking one session at once exactly as many places as there are', async () => {
    const schedule = await publicCall('GET', '/public/reception-days?jurisdiction=330122&weeks=8');
    const session = schedule.body.sessions.find((s: { placesLeft: number; capacity: number }) => s.placesLeft === s.capacity && s.capacity > 5) as { id: string; capacity: number };
    const crowd = await Promise.all(
      Array.from({ length: session.capacity + 6 }, (_, i) => publicCall('POST', `/public/reception-days/${session.id}/bookings`, petitioner(200 + i))),
    );
    const statuses = crowd.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(session.capacity);
    expect(statuses.filter((s) => s === 409)).toHaveLength(6);
    const listed = await office.call('GET', `/reception-days/${session.id}/bookings`);
    expect(listed.body.bookings).toHaveLength(session.capacity);
    expect(listed.body.session.placesLeft).toBe(0);
  });

  it('shows the bookings to the office, not to a neighbouring county; a cancellation frees the place', async () => {
    const schedule = await publicCall('GET', '/public/reception-days?jurisdiction=330122&weeks=8');
    const full = [...schedule.body.sessions].sort((a, b) => a.capacity - b.capacity)[0] as { id: string; capacity: number; placesLeft: number };
    expect(full.placesLeft).toBe(0);
    const bookingsPath = `/reception-days/${full.id}/bookings`;

    expect((await neighbour.call('GET', bookingsPath)).status).toBe(403);
    const listed = await office.call('GET', bookingsPath);
    expect(listed.status).toBe(200);
    const bookings = listed.body.bookings as { id: string; name: string; status: string; caseNumber?: string }[];
    expect(bookings.filter((b) => b.status === 'booked')).toHaveLength(full.capacity);
    expect(bookings[0]).toMatchObject({ name: '来访群众1', caseNumber: '330122-2026-000001' });
    // The read of who booked is on the reception trail, for an administrator to see; the office cannot read that trail.
    const admin = await loginAs(system.apiUrl, 'zj-admin');
    const trail = await admin.call('GET', '/admin/audit/reception?actor=tonglu-office');
    expect(trail.status).toBe(200);
    expect(trail.body.entries[0]).toMatchObject({ actor: 'tonglu-office', action: 'read:bookers', outcome: 'allowed', detail: `${full.id} (${bookings.length})` });
    expect((await office.call('GET', '/admin/audit/reception')).status).toBe(403);

    const cancelled = await office.call('POST', `${bookingsPath}/${bookings[1]!.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.booking.status).toBe('cancelled');
    expect((await publicCall('POST', `/public/reception-days/${full.id}/bookings`, petitioner(104))).status).toBe(201);
  });

  it('records what was said at a session that took place: a new visit petition from one booking, a note onto an existing case, and a no-show', async () => {
    const leader = await loginAs(system.apiUrl, 'tonglu-leader-petitions'); // 陈海燕, whose weekly session it is
    const principal = await loginAs(system.apiUrl, 'tonglu-leader-principal'); // 方建华
    const session = lastSessionOf(system, '330122', 'tonglu-leader-petitions');
    const existing = await office.call('POST', '/cases', {
      jurisdiction: '330122',
      channel: 'letter',
      matter: '城南小区楼顶漏水三个月无人维修。',
      petitioner: { name: '周敏', phone: '13905710001' },
    });
    const [came, withCase, absent] = await seedPastBookings(system, session, [
      { name: '赵刚', phone: '13905719001', matter: '村里征地补偿款至今未足额发放。' },
      { name: '周敏', phone: '13905710001', matter: '楼顶漏水仍未修好。', caseNumber: existing.body.case.caseNumber },
      { name: '钱多多', phone: '13905719003', matter: '工资被拖欠。' },
    ]);
    const base = `/reception-days/${encodeURIComponent(session.id)}`;

    // Another leader sees the session and what each booking is about, not who booked it.
    const seen = await principal.call('GET', `${base}/bookings`);
    expect(seen.status).toBe(200);
    expect(seen.body.allowedActions).toEqual([]);
    expect(JSON.stringify(seen.body.bookings)).not.toMatch(/赵刚|13905719001/);
    expect((await principal.call('POST', `${base}/bookings/${absent!.id}/no-show`)).status).toBe(403);

    const note = '陈海燕当面听取赵刚反映，责成县自然资源和规划局两周内核实补偿款发放情况。';
    const key = `reception-${came!.id}`;
    const registered = await leader.call('POST', `${base}/notes`, { note, bookingId: came!.id, register: { subject: '征地补偿款未足额发放', matter: came!.matter } }, { 'Idempotency-Key': key });
    expect(registered.status).toBe(201);
    expect(registered.body.registered).toBe(true);
    const visit = registered.body.case;
    expect(visit).toMatchObject({ channel: 'visit', jurisdiction: '330122', status: 'registered', receivedAt: new Date(session.startsAt).toISOString(), petitioner: { name: '赵刚', phone: '13905719001' } });
    expect(visit.caseNumber).toMatch(/^330122-\d{4}-\d{6}$/);
    expect(visit.deadlines.acceptance).toBeDefined();
    expect(registered.body.event).toMatchObject({ type: 'noted', actor: 'tonglu-leader-petitions', detail: { reception: session.id, booking: came!.reference, note } });
    // A retry (a double click, a lost answer) registers nothing more and notes nothing twice.
    const retried = await leader.call('POST', `${base}/notes`, { note, bookingId: came!.id, register: { subject: '征地补偿款未足额发放', matter: came!.matter } }, { 'Idempotency-Key': key });
    expect(retried.status).toBe(200);
    expect(retried.body.case.caseNumber).toBe(visit.caseNumber);
    const read = await office.call('GET', `/cases/${visit.caseNumber}`);
    expect(read.body.events.filter((e: { type: string }) => e.type === 'noted')).toHaveLength(1);

    const onCase = await leader.call('POST', `${base}/notes`, { note: '周敏补充：漏水已影响楼下住户。', caseNumber: existing.body.case.caseNumber });
    expect(onCase.status).toBe(201);
    expect(onCase.body.event.detail).toMatchObject({ booking: withCase!.reference });
    const trail = await office.call('GET', `/cases/${existing.body.case.caseNumber}/audit`);
    expect(trail.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'tonglu-leader-petitions', action: 'reception-note', outcome: 'allowed' })]));

    const marked = await leader.call('POST', `${base}/bookings/${absent!.id}/no-show`);
    expect(marked.status).toBe(200);
    expect(marked.body.booking).toMatchObject({ status: 'noShow', noShowBy: 'tonglu-leader-petitions' });
    expect((await leader.call('POST', `${base}/bookings/${absent!.id}/no-show`)).body.booking).toEqual(marked.body.booking);
    // A no-show's note cannot be recorded as if they had come.
    const late = await leader.call('POST', `${base}/notes`, { note: '未到场。', bookingId: absent!.id, register: { matter: '工资被拖欠。' } });
    expect(late.status).toBe(422);
    expect(late.body.error.message).toBe(`booking ${absent!.reference} was marked as not come; a reception note cannot name it`);

    // Someone who came without a booking: the visit needs the petitioner, and the answer says where.
    const walkIn = await leader.call('POST', `${base}/notes`, { note: '无预约来访。', register: { matter: '门前道路积水。' } });
    expect(walkIn.status).toBe(400);
    expect(walkIn.body.error.issues).toEqual([expect.objectContaining({ path: 'body.register.petitioner', message: 'give the petitioner, or the booking (bookingId) of the person who came' })]);

    const after = await leader.call('GET', `${base}/bookings`);
    expect(after.body.bookings.map((b: { name: string; status: string; receptionCase?: string }) => [b.name, b.status, b.receptionCase])).toEqual([
      ['赵刚', 'received', visit.caseNumber],
      ['周敏', 'received', existing.body.case.caseNumber],
      ['钱多多', 'noShow', undefined],
    ]);
    // Who was received was there: not a no-show.
    const receivedOne = await leader.call('POST', `${base}/bookings/${came!.id}/no-show`);
    expect(receivedOne.status).toBe(422);
    expect(receivedOne.body.error.message).toContain(`was received at`);
    expect(after.body.session).toMatchObject({ taken: 3 });
  });
});
