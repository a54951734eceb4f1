import type { Case, CaseEvent, CaseNote, CaseStatus } from './case.js';
import { STATUS_LABELS } from './labels.js';
import { IdempotencyKeyReused, InvalidTransition, RuleViolation } from './errors.js';

/**
 * 办理记录 (shared/app/add-note.ts): what staff write down while they work a
 * case, each an event on it (who, when, which kind, what).
 * - 办理进展 (`progress`): by the handling unit or the office, and, only when
 *   the author says so (告知信访人), told to the petitioner — "对由于客观原因
 *   不能按时办结的，除催办外，要报出办理的进度", "及时反馈办理进展情况";
 * - 调查核实情况 (`investigation`): the findings, internal;
 * - 领导批示 (`instruction`): a leader's instruction on the case, of its
 *   jurisdiction or a level above (重要来信报主管领导阅批; 根据领导批示意见予以
 *   及时交办) — whoever handles the case sees it first thing.
 */

export const CASE_NOTE_KINDS = ['progress', 'investigation', 'instruction'] as const;
export type CaseNoteKind = (typeof CASE_NOTE_KINDS)[number];

export const CASE_NOTE_KIND_LABELS: Readonly<Record<CaseNoteKind, string>> = {
  progress: '办理进展',
  investigation: '调查核实情况',
  instruction: '领导批示',
};

/** The most a note may say: a few paragraphs, not a report of its own (that is an attachment). */
export const CASE_NOTE_MAX_LENGTH = 2_000;

export interface CaseNoteInput {
  kind: CaseNoteKind;
  text: string;
  /** 告知信访人: only for a progress note. */
  tellPetitioner?: boolean | undefined;
  /** The API's Idempotency-Key, if the caller sent one. */
  noteKey?: string | undefined;
}

/** Whether the case takes notes now: until it is filed (an archived case takes no change). */
export const takesNotes = (c: Pick<Case, 'status'>): boolean => c.status !== 'archived';

/** What makes two notes the same note: the kind, the words and whether the petitioner is told. */
export const caseNoteFingerprint = (note: Pick<CaseNoteInput, 'kind' | 'text' | 'tellPetitioner'>): string =>
  JSON.stringify([note.kind, note.text.trim(), note.kind === 'progress' && note.tellPetitioner === true]);

/**
 * The note added earlier that this one repeats, if any: the same key (with the
 * same note; another under it is refused), or, for a caller without keys, the
 * same note by the same author as their latest one — a retry, not a second entry.
 */
export function repeatedCaseNote(c: Pick<Case, 'notes' | 'caseNumber'>, note: CaseNoteInput, author: string): CaseNote | undefined {
  const fingerprint = caseNoteFingerprint(note);
  if (note.noteKey !== undefined) {
    const keyed = c.notes?.find((n) => n.noteKey === note.noteKey);
    if (keyed && keyed.fingerprint !== fingerprint) {
      throw new IdempotencyKeyReused(`Idempotency-Key ${note.noteKey} was used for another note on case ${c.caseNumber}`).inChinese('该请求编号已用于另一条办理记录，请刷新后重新填写');
    }
    return keyed;
  }
  const latest = [...(c.notes ?? [])].reverse().find((n) => n.by === author);
  return latest?.fingerprint === fingerprint ? latest : undefined;
}

/**
 * The statuses in which the matter is still being worked, so that 办理进展 told
 * to the petitioner (正在办理…) is true: not once it is concluded (the answer
 * comes by the decision letter), declined, withdrawn or closed.
 */
const TOLD_WHILE: ReadonlySet<CaseStatus> = new Set(['registered', 'accepted', 'assigned', 'inProgress', 'underReview', 'underReReview']);

/** Why the petitioner cannot be told this case's progress, in both languages; none when they can. */
export function progressTellingRefusal(c: Pick<Case, 'petitioner' | 'status'>): { message: string; chinese: string } | undefined {
  if (c.petitioner.anonymous) return { message: 'the petition is anonymous: there is nobody to tell the progress to', chinese: '匿名信访无法告知信访人办理进展' };
  if (!TOLD_WHILE.has(c.status)) {
    return {
      message: `the case is ${c.status}, no longer being handled: progress is not told to the petitioner (the answer or decision already went, or goes, by its own letter)`,
      chinese: `该信访事项当前为「${STATUS_LABELS[c.status]}」，已不在办理中，不能作为办理进展告知信访人；可作为内部记录保存`,
    };
  }
  return undefined;
}

/** The note recorded on the case, with its `noteAdded` event (who, when, which kind, what, whether the petitioner was told). */
export function addCaseNote(c: Case, note: CaseNoteInput, meta: { at: string; actor: string }): { case: Case; event: CaseEvent; note: CaseNote } {
  if (!takesNotes(c)) throw new InvalidTransition('addNote', c.status, 'an archived case takes no more notes').inChinese('已归档的信访事项不能再添加办理记录');
  const text = note.text.trim();
  // Checked at the API's edge too (zod); here for every other caller, each refusal at its field.
  if (text === '') throw new RuleViolation('write what the note says').inChinese('请填写记录内容').about('text');
  if (text.length > CASE_NOTE_MAX_LENGTH) {
    throw new RuleViolation(`a note is at most ${CASE_NOTE_MAX_LENGTH} characters`).inChinese(`记录内容不超过 ${CASE_NOTE_MAX_LENGTH} 字`).about('text');
  }
  const tell = note.tellPetitioner === true;
  if (tell && note.kind !== 'progress') {
    throw new RuleViolation('only a progress note is told to the petitioner').inChinese('只有办理进展可以告知信访人').about('tellPetitioner');
  }
  const refusal = tell ? progressTellingRefusal(c) : undefined;
  if (refusal) throw new RuleViolation(refusal.message).inChinese(refusal.chinese).about('tellPetitioner');
  const seq = c.version + 1;
  const made: CaseNote = {
    seq,
    kind: note.kind,
    text,
    by: meta.actor,
    at: meta.at,
    ...(tell ? { toldPetitioner: true as const } : {}),
    ...(note.noteKey !== undefined ? { noteKey: note.noteKey } : {}),
    fingerprint: caseNoteFingerprint({ kind: note.kind, text, tellPetitioner: tell }),
  };
  const next: Case = { ...c, notes: [...(c.notes ?? []), made], version: seq, updatedAt: meta.at };
  const event: CaseEvent = {
    caseNumber: c.caseNumber,
    seq,
    type: 'noteAdded',
    at: meta.at,
    actor: meta.actor,
    detail: { kind: note.kind, text, ...(tell ? { toldPetitioner: true } : {}) },
  };
  return { case: next, event, note: made };
}

/** The leaders' instructions on the case, newest first: what the handling unit or office reads before anything else. */
export const leaderInstructions = (c: Pick<Case, 'notes'>): CaseNote[] => (c.notes ?? []).filter((n) => n.kind === 'instruction').reverse();
