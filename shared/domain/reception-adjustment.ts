import { dateOfDay, dayNumber } from './calendar.js';
import { DomainError } from './errors.js';
import type { IsoWeekday, ReceptionSession } from './reception.js';

/**
 * One session of the rotation adjusted (条例 第十八条; the office's rules:
 * 接访领导因公不能按照既定时间参与接访的，需自行做好接访顺序的调换安排并提前两日告知;
 * 因特殊情况不能按时接待的，应委托其他领导或相关人员负责接待; 班子领导可以临时调整接访时间，并提前向社会公布).
 * The rotation stays as published; an adjustment is data kept per session
 * (its slot id, which does not change), laid over the session wherever it is shown.
 */
export interface SessionAdjustment {
  /** The slot id of the session as the rotation holds it. */
  sessionId: string;
  jurisdiction: string;
  /** The rotation's own day of the session (what the store lists adjustments by). */
  rotationDate: string;
  /** 1 for the first adjustment; each change adds one (a conditional write on the one read). */
  version: number;
  /** 委托/调换: the staff id of the leader who receives instead. */
  leader?: string;
  /** 改期: the new day, time (`HH:MM-HH:MM`) and place. */
  date?: string;
  time?: string;
  place?: string;
  /** 取消: the session is not held; its bookings were cancelled with the reason. */
  cancelled?: true;
  /** Why, as the bookers and the public are told (the latest change's). */
  reason: string;
  /**
   * From the second change on: the session as the previous one left it. A
   * booker told of that arrangement is told of this one too, even when it
   * is back to what they booked (恢复原安排).
   */
  before?: SessionArrangement;
  /** The latest change: who, when, and that it came less than two days ahead. */
  at: string;
  by: string;
  late?: true;
}

/** Who receives, when and where: what a booker is told of a session. */
export interface SessionArrangement {
  leader: string;
  date: string;
  time: string;
  place: string;
}

/** Whether two arrangements differ in anything a booker is told. */
export function arrangementsDiffer(a: SessionArrangement, b: SessionArrangement): boolean {
  return a.leader !== b.leader || a.date !== b.date || a.time !== b.time || a.place !== b.place;
}

/** A session as adjusted: what the rotation said is kept (`rotation`), so a booker can be told what changed. */
export interface AdjustedSession extends ReceptionSession {
  rotation?: Pick<ReceptionSession, 'leader' | 'date' | 'weekday' | 'time' | 'place' | 'startsAt' | 'endsAt'>;
  adjustment?: SessionAdjustment;
  cancelled?: true;
}

/** What staff ask for: another leader receives, the session moves, or it is not held — always with a reason. */
export type AdjustmentRequest =
  | { kind: 'substitute'; leader: string; reason: string }
  | { kind: 'move'; date: string; time: string; place: string; reason: string }
  | { kind: 'cancel'; reason: string };

/** 提前两日: an adjustment this close to the session is told too late by the office's own rule, and needs saying so. */
export const ADJUST_NOTICE_DAYS = 2;
/** How far from the rotation's day a session may move: a temporary adjustment, not a new rotation. */
export const MOVE_WINDOW_DAYS = 28;

const isoWeekdayOf = (day: number) => ((((day + 3) % 7) + 7) % 7 + 1) as IsoWeekday;

/** The session with its adjustment laid over it (none: the session as the rotation has it). */
export function applyAdjustment(session: ReceptionSession, adjustment: SessionAdjustment | undefined): AdjustedSession {
  if (!adjustment) return session;
  const rotation = { leader: session.leader, date: session.date, weekday: session.weekday, time: session.time, place: session.place, startsAt: session.startsAt, endsAt: session.endsAt };
  const date = adjustment.date ?? session.date;
  const time = adjustment.time ?? session.time;
  const [start, end] = time.split('-') as [string, string];
  return {
    ...session,
    leader: adjustment.leader ?? session.leader,
    date,
    weekday: isoWeekdayOf(dayNumber(date)!),
    time,
    startsAt: `${date}T${start}:00+08:00`,
    endsAt: `${date}T${end}:00+08:00`,
    place: adjustment.place ?? session.place,
    rotation,
    adjustment,
    ...(adjustment.cancelled ? { cancelled: true as const } : {}),
  };
}

/**
 * The adjustment after this request, on top of the one the session has (a
 * session moved and then handed to another leader keeps both). Pure; the
 * checks of who and when are the caller's.
 */
export function nextAdjustment(
  session: ReceptionSession,
  current: SessionAdjustment | undefined,
  request: AdjustmentRequest,
  meta: { at: string; by: string; late: boolean },
): SessionAdjustment {
  const base = {
    sessionId: session.id,
    jurisdiction: session.jurisdiction,
    rotationDate: session.date,
    version: (current?.version ?? 0) + 1,
    ...(current?.leader ? { leader: current.leader } : {}),
    ...(current?.date ? { date: current.date, time: current.time!, place: current.place! } : {}),
    reason: request.reason,
    ...(current
      ? { before: { leader: current.leader ?? session.leader, date: current.date ?? session.date, time: current.time ?? session.time, place: current.place ?? session.place } }
      : {}),
    at: meta.at,
    by: meta.by,
    ...(meta.late ? { late: true as const } : {}),
  };
  if (request.kind === 'substitute') return { ...base, leader: request.leader };
  if (request.kind === 'move') return { ...base, date: request.date, time: request.time, place: request.place };
  return { ...base, cancelled: true };
}

/**
 * Whether the change comes less than two days before the session (as it
 * stands, or as moved, whichever is sooner): 提前两日告知 is not met. China dates.
 */
export function adjustmentIsLate(today: string, sessionDate: string, newDate?: string): boolean {
  const soonest = newDate && newDate < sessionDate ? newDate : sessionDate;
  return dayNumber(soonest)! - dayNumber(today)! < ADJUST_NOTICE_DAYS;
}

/** Whether a move keeps within the window of the rotation's day. */
export function withinMoveWindow(rotationDate: string, date: string): boolean {
  return Math.abs(dayNumber(date)! - dayNumber(rotationDate)!) <= MOVE_WINDOW_DAYS;
}

/** The rotation range to read so that sessions moved into `range` are found too. */
export function widenedForMoves(range: { from: string; to: string }): { from: string; to: string } {
  return { from: dateOfDay(dayNumber(range.from)! - MOVE_WINDOW_DAYS), to: dateOfDay(dayNumber(range.to)! + MOVE_WINDOW_DAYS) };
}

/** The session was adjusted by someone else since it was read. */
export class SessionAdjustmentConflict extends DomainError {
  readonly code = 'VersionConflict';
  constructor(sessionId: string, expectedVersion: number) {
    super(`reception session ${sessionId} was adjusted by someone else (expected version ${expectedVersion}); reload it and try again`, { sessionId, expectedVersion });
    this.chinese = `接待场次 ${sessionId} 的安排已被他人调整，请刷新后重试`;
  }
}
