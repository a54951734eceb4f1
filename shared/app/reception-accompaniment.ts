import { assertMayDecideOnSession, type Actor } from '../domain/access.js';
import { InvalidInput, RuleViolation } from '../domain/errors.js';
import type { Province } from '../domain/province.js';
import { formatSessionDate } from '../domain/reception.js';
import type { AdjustedSession } from '../domain/reception-adjustment.js';
import {
  AccompanimentConflict,
  accompanyingTopics,
  SessionAdjustedMeanwhile,
  MAX_ACCOMPANYING_UNITS,
  nextAccompaniment,
  sameUnits,
  withdrawnUnits,
  type SessionAccompaniment,
} from '../domain/reception-accompaniment.js';
import { renderTemplate } from '../domain/templates.js';
import { accusableUnits } from './accusable-units.js';
import { routingContextOf } from './routing/context.js';
import type { NotificationInput } from './notification.js';
import { letters, officeMail } from './outbox.js';
import type { ReceptionBooking } from './reception-ports.js';
import { onReceptionTrail, type ReceptionDeps } from './reception.js';
import { requireSession } from './reception-sessions.js';

/** The accompanying units as staff see them: by name, and the version a change is written over. */
export interface AccompanyingView {
  version: number;
  units: { id: string; name: string }[];
  at: string;
  by: string;
}

/** A unit chosen before it was removed from the configuration: nobody to write to, and its id says which it was. */
function unitOrNone(province: Province, id: string): ReturnType<Province['unit']> | undefined {
  try {
    return province.unit(id);
  } catch {
    return undefined;
  }
}

const unitName = (province: Province, id: string) => unitOrNone(province, id)?.name ?? id;

export function accompanyingView(province: Province, accompaniment: SessionAccompaniment | undefined): AccompanyingView | undefined {
  if (!accompaniment) return undefined;
  return { version: accompaniment.version, units: accompaniment.units.map((id) => ({ id, name: unitName(province, id) })), at: accompaniment.at, by: accompaniment.by };
}

export interface AccompaniedOutcome {
  accompaniment: SessionAccompaniment;
  /** Units written to: those that accompany, and those left out by this change. */
  told: { accompany: number; withdrawn: number };
  /** The same choice was asked for again: nothing new was stored or sent. */
  repeated: boolean;
}

/**
 * 陪访部门由接访领导确定: the receiving leader or the petitions office sets
 * which units of the session's jurisdiction accompany it, or changes them.
 * Versioned (`expectedVersion`, 0 for none). Each unit chosen is mailed the
 * session and the booked topics, and a unit left out that it need not come —
 * the letters written in the same conditional write as the choice (outbox),
 * under ids of the session, version and unit, so a retry sends nothing twice.
 * On the reception trail.
 */
export async function setAccompanyingUnits(
  deps: Pick<ReceptionDeps, 'reception' | 'province' | 'clock' | 'store'>,
  sessionId: string,
  request: { units: readonly string[]; expectedVersion: number },
  actor: Actor,
  meta: { requestId?: string } = {},
): Promise<AccompaniedOutcome> {
  const { province } = deps;
  const session = await requireSession(deps, sessionId);
  assertMayDecideOnSession(actor, 'setAccompanying', session, province.tree);
  const current = await deps.reception.accompanimentOf(session.id);
  const units = [...new Set(request.units.map((u) => u.trim()))];

  // The answer to the same request was lost: it stands, and its letters went with it.
  if (current && current.version === request.expectedVersion + 1 && current.by === actor.staffId && sameUnits(current.units, units)) {
    return { accompaniment: current, told: { accompany: current.units.length, withdrawn: withdrawnUnits(current).length }, repeated: true };
  }
  if ((current?.version ?? 0) !== request.expectedVersion) throw new AccompanimentConflict(session.id, request.expectedVersion);
  if (session.cancelled) {
    throw new RuleViolation(`reception session ${session.id} is cancelled; it has no accompanying units`, { sessionId: session.id }).inChinese(`接待场次 ${session.id} 已取消，无需安排陪访部门`);
  }
  const now = deps.clock.now();
  if (Date.parse(session.startsAt) <= now.getTime()) {
    throw new RuleViolation(`reception session ${session.id} has begun; accompanying units are set before it`, { sessionId: session.id }).inChinese(
      `接待场次 ${session.id} 已经开始或已结束，陪访部门只能在接待前确定`,
    );
  }
  checkUnits(province, session, units);
  if (sameUnits(current?.units ?? [], units)) {
    throw new RuleViolation('the session has these accompanying units already', { sessionId: session.id })
      .inChinese(units.length ? '本场接待的陪访部门就是这些，无需修改' : '本场接待尚未确定陪访部门')
      .about('units');
  }

  const accompaniment = nextAccompaniment({ id: session.id, jurisdiction: session.jurisdiction, rotationDate: session.rotation?.date ?? session.date }, current, units, {
    at: now.toISOString(),
    by: actor.staffId,
  });
  const booked = (await deps.reception.bookingsOf(session)).filter((b) => b.status === 'booked');
  const outbox = letters(
    ...accompaniment.units.map((unit) => accompanyLetter(province, session, accompaniment, unit, booked, 'receptionAccompany', `reception-accompany:${session.id}:v${accompaniment.version}:${unit}`)),
    ...withdrawnUnits(accompaniment).map((unit) => withdrawnLetter(province, session, accompaniment, unit)),
  );
  // Kept as long as the session's bookings are.
  const expiresAt = Math.floor(Date.parse(session.endsAt) / 1000) + province.config.defaults.retentionYears * 366 * 86_400;
  const saved = await deps.reception.saveAccompaniment(accompaniment, expiresAt, outbox, session.adjustment?.version ?? 0);
  if (saved === 'accompanimentChanged') throw new AccompanimentConflict(session.id, request.expectedVersion);
  if (saved === 'adjustmentChanged') throw new SessionAdjustedMeanwhile(session.id, (await requireSession(deps, session.id)).cancelled === true);
  await onReceptionTrail(deps, actor, 'setAccompanying', `${session.id} v${accompaniment.version}: ${accompaniment.units.join(',') || '(none)'}`, meta);
  return { accompaniment, told: { accompany: accompaniment.units.length, withdrawn: withdrawnUnits(accompaniment).length }, repeated: false };
}

function checkUnits(province: Province, session: AdjustedSession, units: readonly string[]): void {
  if (units.length > MAX_ACCOMPANYING_UNITS) {
    throw new InvalidInput(`at most ${MAX_ACCOMPANYING_UNITS} accompanying units`, [
      { path: 'body.units', message: `at most ${MAX_ACCOMPANYING_UNITS}`, kind: 'rule', chinese: `陪访部门至多 ${MAX_ACCOMPANYING_UNITS} 个` },
    ]).inChinese(`陪访部门至多 ${MAX_ACCOMPANYING_UNITS} 个`);
  }
  const jurisdictionName = province.jurisdiction(session.jurisdiction).name;
  units.forEach((id, index) => {
    const unit = unitOrNone(province, id);
    if (!unit) {
      throw new InvalidInput(`no unit ${id} is configured`, [{ path: `body.units.${index}`, message: 'unknown unit', kind: 'rule', chinese: `系统中没有单位 ${id}` }]).inChinese(
        `系统中没有单位 ${id}，请从本级单位中选择陪访部门`,
      );
    }
    if (unit.jurisdiction !== session.jurisdiction) {
      throw new InvalidInput(`unit ${id} is not of jurisdiction ${session.jurisdiction}`, [
        { path: `body.units.${index}`, message: `must be a unit of ${session.jurisdiction}`, kind: 'rule', chinese: `请选择${jurisdictionName}的单位` },
      ]).inChinese(`${unit.name}不是${jurisdictionName}的单位，不能作为本场接待的陪访部门`);
    }
  });
}

/** The leader as a unit is told who receives: post and name (副县长陈海燕同志). */
const leaderWords = (province: Province, staffId: string) => {
  const leader = province.staff(staffId);
  return leader ? `${leader.post ?? ''}${leader.name}同志` : staffId;
};

/**
 * What one accompanying unit is told of a session — in its letters and on its
 * page in the console alike, so the two cannot differ: the session, the
 * leader, the units, and the booked matters it may read without who booked
 * them (names, phones, addresses and references stay with the office); the
 * matters kept from it (条例 第三十条) only counted. Undefined for a unit no
 * longer configured.
 */
export function accompanyingContent(province: Province, session: AdjustedSession, accompaniment: SessionAccompaniment, unitId: string, booked: readonly ReceptionBooking[]) {
  const unit = unitOrNone(province, unitId);
  if (!unit) return undefined;
  const office = province.jurisdiction(session.jurisdiction).office;
  const reading = { units: accusableUnits(province), tree: province.tree, near: session.jurisdiction, rules: routingContextOf(province).rulesFor(session.jurisdiction) };
  const { lines, withheld, bookings, people } = accompanyingTopics(booked, unitId, reading);
  return {
    unit: { id: unit.id, name: unit.name, mailbox: unit.mailbox },
    office: office.name,
    leader: leaderWords(province, session.leader),
    date: formatSessionDate(session),
    time: session.time,
    place: session.place,
    units: accompaniment.units.map((u) => ({ id: u, name: unitName(province, u) })),
    bookings,
    people,
    topics: lines,
    withheld,
  };
}

/** The unit's page of the session in the console, linked from its letters. */
export const accompaniedSessionLink = (province: Province, sessionId: string) => `${province.config.mail.consoleUrl}/accompanying?session=${encodeURIComponent(sessionId)}`;

/**
 * The letter to one accompanying unit: the session and what was booked,
 * without who booked (accompanyingContent), with the link to its page.
 */
export function accompanyLetter(
  province: Province,
  session: AdjustedSession,
  accompaniment: SessionAccompaniment,
  unitId: string,
  booked: readonly ReceptionBooking[],
  kind: 'receptionAccompany' | 'receptionAccompanyReminder',
  id: string,
): NotificationInput | undefined {
  const content = accompanyingContent(province, session, accompaniment, unitId, booked);
  if (!content) return undefined;
  const { topics: lines, withheld, bookings, people } = content;
  const topics = [
    ...(bookings === 0 ? ['现场来访群众按到达顺序接待。'] : lines.map((line, i) => `${i + 1}. ${line}`)),
    // Counted, never described: which matter, or why, could tell the unit who wrote of it (条例 第三十条).
    ...(withheld ? [`${lines.length ? '另有' : ''}${withheld}项预约事项由${content.office}另行安排，不在此列出。`] : []),
  ].join('\n');
  const letter = renderTemplate(kind, province.templateFor(kind, session.jurisdiction), {
    office: content.office,
    unit: content.unit.name,
    leader: content.leader,
    date: content.date,
    time: content.time,
    place: content.place,
    units: content.units.map((u) => u.name).join('、'),
    // Bookings are parties: a group's representatives come as one (已预约2批（共6人）).
    booked: bookings ? `已预约${bookings}批（共${people}人），预约反映的事项如下：` : '目前暂无预约。',
    topics,
    sessionLink: accompaniedSessionLink(province, session.id),
  });
  return officeMail(id, [content.unit.mailbox], content.office, letter);
}

function withdrawnLetter(province: Province, session: AdjustedSession, accompaniment: SessionAccompaniment, unitId: string): NotificationInput | undefined {
  const unit = unitOrNone(province, unitId);
  if (!unit) return undefined;
  const office = province.jurisdiction(session.jurisdiction).office;
  const letter = renderTemplate('receptionAccompanyWithdrawn', province.templateFor('receptionAccompanyWithdrawn', session.jurisdiction), {
    office: office.name,
    unit: unit.name,
    leader: leaderWords(province, session.leader),
    date: formatSessionDate(session),
    time: session.time,
    place: session.place,
  });
  return officeMail(`reception-accompany-withdrawn:${session.id}:v${accompaniment.version}:${unitId}`, [unit.mailbox], office.name, letter);
}

/**
 * The day before the session, with the leader's reminder: each accompanying
 * unit is reminded, with the bookings as they are then. One per unit, session
 * and day and time as they stand (a session moved is reminded for its new day).
 */
export function accompanyReminders(province: Province, session: AdjustedSession, accompaniment: SessionAccompaniment | undefined, booked: readonly ReceptionBooking[]): NotificationInput[] {
  if (!accompaniment?.units.length) return [];
  const when = `${session.date}:${session.time.slice(0, 5).replace(':', '')}`;
  return accompaniment.units.flatMap(
    (unit) => accompanyLetter(province, session, accompaniment, unit, booked, 'receptionAccompanyReminder', `reception-accompany-reminder:${session.id}:${unit}:${when}`) ?? [],
  );
}

/** The accompanying units of sessions of one jurisdiction, by session id: for the calendar (one query). */
export async function accompanyingOfSessions(
  deps: Pick<ReceptionDeps, 'reception' | 'province'>,
  jurisdiction: string,
  sessions: readonly Pick<AdjustedSession, 'id' | 'date' | 'rotation'>[],
): Promise<Map<string, AccompanyingView>> {
  if (sessions.length === 0) return new Map();
  const days = sessions.map((s) => s.rotation?.date ?? s.date).sort();
  const stored = await deps.reception.accompanimentsOf(jurisdiction, { from: days[0]!, to: days[days.length - 1]! });
  const ids = new Set(sessions.map((s) => s.id));
  return new Map(stored.filter((a) => ids.has(a.sessionId) && a.units.length > 0).map((a) => [a.sessionId, accompanyingView(deps.province, a)!]));
}

/**
 * The accompanying units hear of an adjustment of their session (调整): the
 * new arrangement, or that it is not held — once per adjustment (its
 * version) and unit, so a repeat of the adjustment sends nothing twice.
 * `before` is the session as the units last heard of it (for a cancellation:
 * what is not held).
 */
export function accompanyAdjustedLetters(province: Province, session: AdjustedSession, accompaniment: SessionAccompaniment | undefined): NotificationInput[] {
  const adjustment = session.adjustment;
  // Units chosen after this adjustment were told the session as it now stands.
  if (!adjustment || !accompaniment?.units.length || accompaniment.at > adjustment.at) return [];
  const office = province.jurisdiction(session.jurisdiction).office;
  const kind = session.cancelled ? 'receptionAccompanyCancelled' : 'receptionAccompanyMoved';
  return accompaniment.units.flatMap((unitId) => {
    const unit = unitOrNone(province, unitId);
    if (!unit) return [];
    const letter = renderTemplate(kind, province.templateFor(kind, session.jurisdiction), {
      office: office.name,
      unit: unit.name,
      leader: leaderWords(province, session.leader),
      date: formatSessionDate(session),
      time: session.time,
      place: session.place,
      reason: adjustment.reason,
    });
    return [officeMail(`reception-accompany-adjusted:${session.id}:a${adjustment.version}:${unitId}`, [unit.mailbox], office.name, letter)];
  });
}

/** The 陪访部门 as the leader's reminder names them, on a line of their own; '' when none were chosen. */
export function accompanyingSentence(province: Province, accompaniment: SessionAccompaniment | undefined): string {
  if (!accompaniment?.units.length) return '';
  return `本场陪访部门：${accompaniment.units.map((u) => unitName(province, u)).join('、')}。\n\n`;
}
