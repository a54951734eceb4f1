import { DomainError } from './errors.js';
import { isAccusation } from './routing/accused.js';

/**
 * 陪访部门: the departments that accompany the leader at one session (the
 * office's rule: 领导在群工办接待群众来访，实行部门负责人陪访制度，陪访部门由接访领导确定。
 * 请陪访部门根据领导接访安排做好陪同接待群众来访的准备). Set by the receiving
 * leader or the petitions office, changed as the bookings show what the
 * visitors will raise. Kept per session (its slot id), versioned like an
 * adjustment: each change is written over the version read.
 */
export interface SessionAccompaniment {
  sessionId: string;
  jurisdiction: string;
  /** The rotation's own day of the session (what the store lists them by). */
  rotationDate: string;
  /** 1 for the first choice; each change adds one. */
  version: number;
  /** Unit ids of the session's jurisdiction, in the order chosen; empty once all were withdrawn. */
  units: string[];
  /** The units of the version before (told they no longer accompany when left out). */
  before?: string[];
  at: string;
  by: string;
}

/** At most this many units at one session: a reception is not a meeting of every department. */
export const MAX_ACCOMPANYING_UNITS = 10;

/** The accompaniment after this choice. Pure; the checks of who, when and which units are the caller's. */
export function nextAccompaniment(
  session: { id: string; jurisdiction: string; rotationDate: string },
  current: SessionAccompaniment | undefined,
  units: readonly string[],
  meta: { at: string; by: string },
): SessionAccompaniment {
  return {
    sessionId: session.id,
    jurisdiction: session.jurisdiction,
    rotationDate: session.rotationDate,
    version: (current?.version ?? 0) + 1,
    units: [...new Set(units)],
    ...(current ? { before: current.units } : {}),
    at: meta.at,
    by: meta.by,
  };
}

/** Whether two choices name the same units (the order chosen does not matter). */
export function sameUnits(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((u) => set.has(u));
}

/** The units a change drops: told they no longer accompany. */
export function withdrawnUnits(accompaniment: SessionAccompaniment): string[] {
  return (accompaniment.before ?? []).filter((u) => !accompaniment.units.includes(u));
}

/** How long a topic line may be in a unit's notice: enough to prepare, not the petitioner's whole account. */
const TOPIC_CHARS = 60;

/**
 * What the accompanying units are told the visitors will raise: each booked
 * matter, shortened, without who booked (a unit prepares the subject; it
 * needs no names or phone numbers). A report or accusation (检举、控告) is not
 * listed — it may be against the very unit told (条例 第三十条) — only
 * counted, for the office to arrange.
 */
export function accompanyingTopics(matters: readonly string[]): { lines: string[]; reports: number } {
  const lines: string[] = [];
  let reports = 0;
  for (const matter of matters) {
    if (isAccusation(matter)) {
      reports += 1;
      continue;
    }
    const text = matter.replace(/\s+/g, ' ').trim();
    lines.push(text.length > TOPIC_CHARS ? `${text.slice(0, TOPIC_CHARS)}…` : text);
  }
  return { lines, reports };
}

/** The session's accompanying units were changed by someone else since they were read. */
export class AccompanimentConflict extends DomainError {
  readonly code = 'VersionConflict';
  constructor(sessionId: string, expectedVersion: number) {
    super(`the accompanying units of reception session ${sessionId} were changed by someone else (expected version ${expectedVersion}); reload and try again`, { sessionId, expectedVersion });
    this.chinese = `接待场次 ${sessionId} 的陪访部门已被他人修改，请刷新后重试`;
  }
}
