import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';
import { MemoryReceptionStore } from '../fixtures/memory-reception-store.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { bookReception, type ReceptionDeps } from '../../shared/app/reception.js';
import { setAccompanyingUnits } from '../../shared/app/reception-accompaniment.js';
import { adjustReceptionSession } from '../../shared/app/reception-adjustment.js';
import { remindLeaders } from '../../shared/app/reception-reminders.js';
import type { NotificationInput } from '../../shared/app/notification.js';
import type { Actor } from '../../shared/domain/access.js';

/**
 * 陪访部门 are reminded with the leader the day before (请陪访部门根据领导接访安排做好
 * 陪同接待群众来访的准备): with the matters booked by then, once however often
 * the daily run goes, and for the day the session is held as adjusted.
 */

const province = loadProvinceConfig(DEMO_CONFIG);
const NEXT_MONDAY = '330122:2026-11-30:0900';
const desk: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };

let reception: MemoryReceptionStore;
let queued: { id: string; body: NotificationInput }[];
let now: Date;
const deps = (): ReceptionDeps => ({
  reception,
  province,
  store: { getCaseRecord: async () => undefined, appendAudit: async () => undefined } as unknown as ReceptionDeps['store'],
  clock: { now: () => now },
  notify: { publish: async (messages) => void queued.push(...messages) },
});
const mailed = () => [...new Map([...reception.outbox, ...queued].map((m) => [m.id, m.body as NotificationInput])).values()];
const toHousing = () => mailed().filter((m) => m.to.includes('housing@tonglu.petitions.example'));

beforeEach(() => {
  reception = new MemoryReceptionStore();
  queued = [];
  // Monday 23 November 2026, 10:00 in China.
  now = new Date('2026-11-23T02:00:00Z');
});

describe('the accompanying units’ reminder', () => {
  it('goes with the leader’s, listing what was booked since the units were chosen, once', async () => {
    await setAccompanyingUnits(deps(), NEXT_MONDAY, { units: ['330122-housing'], expectedVersion: 0 }, desk);
    expect(toHousing()).toHaveLength(1);
    expect(toHousing()[0]!.text).toContain('目前暂无预约。\n\n现场来访群众按到达顺序接待。');

    const booked = await bookReception(deps(), NEXT_MONDAY, { name: '孙大妈', phone: '13600001234', matter: '老房拆迁安置款至今未到位，家中老人无处居住。' });
    expect(booked.created).toBe(true);

    // Sunday 18:00, and the run again (a retry): one reminder to the unit.
    await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z'));
    await remindLeaders(deps(), new Date('2026-11-29T11:00:00Z'));
    const reminders = toHousing().filter((m) => m.id.startsWith('reception-accompany-reminder:'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.subject).toBe('【领导接待日陪访提醒】明天09:00-11:30 副县长陈海燕同志接待，请桐庐县住房和城乡建设局陪访 — 桐庐县信访局');
    expect(reminders[0]!.text).toContain('1. 老房拆迁安置款至今未到位，家中老人无处居住。');
    expect(reminders[0]!.text).not.toContain('孙大妈');
    expect(reminders[0]!.text).not.toContain('13600001234');

    // The leader's own reminder names them.
    const leaders = mailed().find((m) => m.id === `reception-reminder:${NEXT_MONDAY}:tonglu-leader-petitions:2026-11-30:0900`)!;
    expect(leaders.text).toContain('本场陪访部门：桐庐县住房和城乡建设局。');

    // Not again on the day itself: the units were reminded.
    await remindLeaders(deps(), new Date('2026-11-29T23:00:00Z'));
    expect(toHousing().filter((m) => m.id.startsWith('reception-accompany-reminder:'))).toHaveLength(1);
  });

  it('is not sent for a session that was cancelled, nor where no units were chosen', async () => {
    await setAccompanyingUnits(deps(), NEXT_MONDAY, { units: ['330122-housing'], expectedVersion: 0 }, desk);
    await adjustReceptionSession(deps(), NEXT_MONDAY, { change: { kind: 'cancel', reason: '接待领导赴省里参加会议' }, expectedVersion: 0 }, desk);
    await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z'));
    expect(mailed().filter((m) => m.id.startsWith('reception-accompany-reminder:'))).toEqual([]);
    // The unit was told the session is not held, and why.
    const cancelled = toHousing().filter((m) => m.id.startsWith('reception-accompany-adjusted:'));
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.subject).toBe('【领导接待日陪访】2026年11月30日（星期一） 09:00-11:30的领导接待日已取消 — 桐庐县信访局');
    expect(cancelled[0]!.text).toContain('已取消（原因：接待领导赴省里参加会议），贵单位无需安排人员陪访');
  });
});

describe('an adjusted session’s accompanying units', () => {
  it('hear the new day and place once, however often the adjustment is sent, and are reminded the eve of the new day', async () => {
    await setAccompanyingUnits(deps(), NEXT_MONDAY, { units: ['330122-housing'], expectedVersion: 0 }, desk);
    const move = { change: { kind: 'move' as const, date: '2026-12-02', time: '14:30-17:00', place: '桐庐县信访局三楼会议室', reason: '原接待室装修' }, expectedVersion: 0 };
    await adjustReceptionSession(deps(), NEXT_MONDAY, move, desk);
    await adjustReceptionSession(deps(), NEXT_MONDAY, move, desk);
    const moved = toHousing().filter((m) => m.id.startsWith('reception-accompany-adjusted:'));
    expect(moved).toHaveLength(1);
    expect(moved[0]!.text).toContain('接待时间：2026年12月2日（星期三） 14:30-17:00');
    expect(moved[0]!.text).toContain('接待地点：桐庐县信访局三楼会议室');
    expect(moved[0]!.text).toContain('已调整（原因：原接待室装修）');

    // Not the eve of the rotation's day, but of the new one.
    await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z'));
    expect(toHousing().filter((m) => m.id.startsWith('reception-accompany-reminder:'))).toHaveLength(0);
    await remindLeaders(deps(), new Date('2026-12-01T10:00:00Z'));
    const reminder = toHousing().filter((m) => m.id.startsWith('reception-accompany-reminder:'));
    expect(reminder).toHaveLength(1);
    expect(reminder[0]!.text).toContain('明天（2026年12月2日（星期三） 14:30-17:00）');
  });

  it('are written to with the adjustment itself: a crash right after it commits loses no letter, and its repeat sends none twice', async () => {
    await setAccompanyingUnits(deps(), NEXT_MONDAY, { units: ['330122-housing', '330122-hrss'], expectedVersion: 0 }, desk);
    const cancel = { change: { kind: 'cancel' as const, reason: '接待领导赴省里参加会议' }, expectedVersion: 0 };
    // The function stops after the adjustment committed (its trail line fails): the units' letters were committed with it.
    const crashing = { ...deps(), store: { getCaseRecord: async () => undefined, appendAudit: async () => Promise.reject(new Error('timed out')) } as unknown as ReceptionDeps['store'] };
    await expect(adjustReceptionSession(crashing, NEXT_MONDAY, cancel, desk)).rejects.toThrow('timed out');
    const adjustedLetters = () => [...reception.outbox, ...queued].filter((m) => m.id.startsWith('reception-accompany-adjusted:'));
    expect(adjustedLetters().map((m) => (m.body as NotificationInput).to)).toEqual([['housing@tonglu.petitions.example'], ['hrss@tonglu.petitions.example']]);

    // The request again (the client saw no answer): the bookers are told again under the same ids, the units not written to again.
    const again = await adjustReceptionSession(deps(), NEXT_MONDAY, cancel, desk);
    expect(again.repeated).toBe(true);
    expect(adjustedLetters()).toHaveLength(2);
  });

  it('are read again when they were changed while the adjustment was being saved, so a unit chosen meanwhile hears of it', async () => {
    const read = reception.accompanimentOf.bind(reception);
    let raced = false;
    reception.accompanimentOf = async (sessionId) => {
      const seen = await read(sessionId);
      if (!raced) {
        // The office chooses 住建局 after the adjustment read the units (none) and before it is saved.
        raced = true;
        await setAccompanyingUnits(deps(), NEXT_MONDAY, { units: ['330122-housing'], expectedVersion: 0 }, desk);
      }
      return seen;
    };
    await adjustReceptionSession(deps(), NEXT_MONDAY, { change: { kind: 'cancel', reason: '接待领导赴省里参加会议' }, expectedVersion: 0 }, desk);
    expect(toHousing().map((m) => m.id)).toEqual([`reception-accompany:${NEXT_MONDAY}:v1:330122-housing`, `reception-accompany-adjusted:${NEXT_MONDAY}:a1:330122-housing`]);
  });

  it('are not told of an adjustment made before they were chosen: their notice already gave the session as it stands', async () => {
    await adjustReceptionSession(deps(), NEXT_MONDAY, { change: { kind: 'substitute', leader: 'tonglu-leader-principal', reason: '陈海燕同志赴省里参加会议' }, expectedVersion: 0 }, desk);
    now = new Date(now.getTime() + 60_000);
    await setAccompanyingUnits(deps(), NEXT_MONDAY, { units: ['330122-housing'], expectedVersion: 0 }, desk);
    expect(toHousing().map((m) => m.id)).toEqual([`reception-accompany:${NEXT_MONDAY}:v1:330122-housing`]);
    expect(toHousing()[0]!.text).toContain('县长方建华同志');
  });
});

describe('accompanying units chosen while the session is cancelled', () => {
  it('are not saved, nor mailed, when the cancellation commits between reading the session and saving them: 409 in Chinese', async () => {
    await bookReception(deps(), NEXT_MONDAY, { name: '孙大妈', phone: '13600001234', matter: '老房拆迁安置款至今未到位。' });
    const bookings = reception.bookingsOf.bind(reception);
    let raced = false;
    reception.bookingsOf = async (session) => {
      if (!raced) {
        // The desk cancels the session after the choice read it (not cancelled) and before the choice is saved.
        raced = true;
        await adjustReceptionSession(deps(), NEXT_MONDAY, { change: { kind: 'cancel', reason: '接待领导赴省里参加会议' }, expectedVersion: 0 }, desk);
      }
      return bookings(session);
    };
    const refused = setAccompanyingUnits(deps(), NEXT_MONDAY, { units: ['330122-housing'], expectedVersion: 0 }, desk);
    await expect(refused).rejects.toMatchObject({ code: 'VersionConflict', chinese: `接待场次 ${NEXT_MONDAY} 刚刚已被取消，陪访部门未保存，也未通知任何单位` });
    expect(await reception.accompanimentOf(NEXT_MONDAY)).toBeUndefined();
    expect(toHousing()).toEqual([]);
  });
});
