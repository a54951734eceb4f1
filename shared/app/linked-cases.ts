import type { Actor } from '../domain/access.js';
import type { AttachmentRef, Case, CaseEvent, CaseMessage } from '../domain/case.js';
import { CASE_NUMBER_IN_TEXT, HIDDEN_CASE_WORDS } from '../domain/case-number.js';
import type { Province } from '../domain/province.js';
import { MERGED_REPEAT_PREFIX } from '../domain/retention.js';
import { mayRead } from './may-read.js';
import type { AuditEntry, CaseRecords } from './ports.js';
import { caseView } from './read-cases.js';

/**
 * Links to other cases, as staff read a case (docs/domain.md, "Confidentiality
 * and accountability"; 条例 第三十条): a case number of another case — the
 * earlier case it repeats (`repeatOf`), the repeat merged into it, one named in
 * a reason, an event or the audit trail — is shown only to whoever may read
 * that case too. To anyone else the link is not there at all (no 另有关联事项
 * either): even that there is something they may not see would tell a unit
 * accused by a report, or a sibling county, that one exists. The office that
 * may read both still sees the link.
 *
 * A read-time filter, so it covers the cases registered before the repeat
 * check learned to link only to readable cases (d6fb78b), and a case moved
 * since (to the level above, as a report against its place) out of sight.
 */

/** Other cases read at most to judge one answer. */
const MAX_LOOKUPS = 20;

export { HIDDEN_CASE_WORDS };

/**
 * Keys whose values are storage addresses, not words: kept as they are, but
 * for one that carries a hidden case's number — a repeat merged into the case
 * keeps its number in its message id (repeat:…) and its files' ids and keys.
 * Those are shown to the reader by a handle (`mergedRepeatHandles`), or, with
 * none, with 另案 in place of the number; a storage key naming one is not
 * shown at all (staff read a file by its id, never by its key).
 */
const ADDRESS_KEYS = new Set(['key', 'rawKey', 'id', 'messageId', 'messageIds', 'letterId', 'answeredBy']);

/** Storage keys: of no use to a reader, left out when they name a hidden case. */
const STORAGE_KEYS = new Set(['key', 'rawKey']);

/** Addresses (a message's or a file's id) a reader is shown instead of those naming a hidden case: raw id → handle. */
export type AddressHandles = ReadonlyMap<string, string>;

const NO_HANDLES: AddressHandles = new Map();

/** The petitioner's own words: shown as they wrote them. */
const PETITIONER_KEYS = new Set(['matter', 'subject', 'petitioner', 'collective']);

export interface LinkedCaseDeps {
  store: Pick<CaseRecords, 'getCaseRecord'>;
  province: Pick<Province, 'tree'>;
}

/**
 * The other cases named anywhere in `values` that `actor` may not read (or
 * that no longer exist): the numbers to leave out of what they are shown.
 */
export async function hiddenCaseNumbers(deps: LinkedCaseDeps, actor: Actor, own: string, values: readonly unknown[]): Promise<Set<string>> {
  const named = new Set<string>();
  for (const value of values) collectCaseNumbers(value, named);
  named.delete(own);
  // A bound, not a rule: words a petitioner wrote (a merged repeat's) could name any number of cases; past it, none is shown.
  const [looked, unread] = [[...named].slice(0, MAX_LOOKUPS), [...named].slice(MAX_LOOKUPS)];
  const hidden = new Set<string>(unread);
  await Promise.all(
    looked.map(async (caseNumber) => {
      const other = await deps.store.getCaseRecord(caseNumber);
      if (!other || !mayRead(actor, other, deps.province.tree)) hidden.add(caseNumber);
    }),
  );
  return hidden;
}

/**
 * How a reader who may not read a repeat merged into the case finds its
 * message and files: by the 并入 event's sequence number (`merged-7`, files
 * `merged-7-1`), which stays the same however often the case is read and tells
 * nothing of the repeat — unlike the repeat's own number, which its ids carry
 * (`repeat:<number>`, `<number>-1`). Without the events (an action's answer),
 * by the message's place on the case. Readers who may read the repeat see its
 * ids as stored.
 */
export function mergedRepeatHandles(events: readonly CaseEvent[] | undefined, messages: readonly CaseMessage[], hidden: ReadonlySet<string>): AddressHandles {
  const handles = new Map<string, string>();
  if (hidden.size === 0) return handles;
  messages.forEach((m, index) => {
    if (!m.id.startsWith(MERGED_REPEAT_PREFIX)) return;
    const repeat = m.id.slice(MERGED_REPEAT_PREFIX.length);
    if (!hidden.has(repeat)) return;
    const seq = events?.find((e) => e.type === 'messageReceived' && e.detail?.messageId === m.id)?.seq;
    const tag = seq !== undefined ? `merged-${seq}` : `merged-m${index + 1}`;
    handles.set(m.id, `${MERGED_REPEAT_PREFIX}${tag}`);
    for (const a of m.attachments) handles.set(a.id, a.id.startsWith(`${repeat}-`) ? `${tag}-${a.id.slice(repeat.length + 1)}` : `${tag}-${a.id}`);
  });
  return handles;
}

/** The case without its links to hidden cases: no `repeatOf` (nor who linked it, nor the similarity), no hidden number in a reason or note. */
export function caseWithoutHidden(c: Case, hidden: ReadonlySet<string>, handles: AddressHandles = NO_HANDLES): Case {
  if (hidden.size === 0) return c;
  let shown: Case = c;
  if (c.repeatOf && hidden.has(c.repeatOf)) {
    const { repeatOf: _earlier, repeatLinkedBy: _by, ...rest } = c;
    shown = rest;
    if (c.intakeFlags?.repeatSimilarity !== undefined) {
      const { repeatSimilarity: _similarity, ...flags } = c.intakeFlags;
      shown = { ...shown, intakeFlags: flags };
    }
  }
  return scrubbed(shown, hidden, handles) as Case;
}

/**
 * The events without hidden links: a 关联为重复件 to a hidden case is left
 * out whole (it records nothing but the link); any other event stays, without
 * the hidden number (a repeat's material merged into the case is still
 * material received).
 */
export function eventsWithoutHidden(events: readonly CaseEvent[], hidden: ReadonlySet<string>, handles: AddressHandles = NO_HANDLES): CaseEvent[] {
  if (hidden.size === 0) return [...events];
  return events.filter((e) => !(e.type === 'repeatLinked' && typeof e.detail?.earlier === 'string' && hidden.has(e.detail.earlier))).map((e) => scrubbed(e, hidden, handles) as CaseEvent);
}

/**
 * What the system wrote among a case's messages: its letters and notices, and
 * the header it puts above a repeat's words merged into the case (重复件 …的内容).
 * The petitioner's own mail is shown as received.
 */
const systemWritten = (m: CaseMessage) => m.direction === 'out' || m.kind === 'repeat';

/**
 * The messages without hidden numbers in what the system wrote, nor in their
 * ids and their files' (shown by their handles; the file is still read by it,
 * readAttachment). The petitioner's own mail is shown as received.
 */
export function messagesWithoutHidden(messages: readonly CaseMessage[], hidden: ReadonlySet<string>, handles: AddressHandles = mergedRepeatHandles(undefined, messages, hidden)): CaseMessage[] {
  if (hidden.size === 0) return [...messages];
  return messages.map((m) => {
    const words = systemWritten(m) ? { subject: inWords(m.subject, hidden), text: inWords(m.text, hidden) } : {};
    const addresses = { id: address(m.id, hidden, handles), messageIds: m.messageIds.map((id) => address(id, hidden, handles)), attachments: m.attachments.map((a) => shownAttachment(a, hidden, handles)) };
    const { rawKey, ...rest } = m;
    return { ...rest, ...(rawKey !== undefined && !namesHidden(rawKey, hidden) ? { rawKey } : {}), ...words, ...addresses };
  });
}

/** A file as a reader is shown it: by its handle, and without a storage key naming a hidden case. */
function shownAttachment(a: AttachmentRef, hidden: ReadonlySet<string>, handles: AddressHandles): AttachmentRef {
  const id = address(a.id, hidden, handles);
  if (!namesHidden(a.key, hidden)) return id === a.id ? a : { ...a, id };
  const { key: _stored, ...rest } = a;
  // Shown without its key: the API reads a file by its id only.
  return { ...rest, id } as AttachmentRef;
}

/**
 * Audit lines without hidden numbers in what they concerned, nor in the
 * action's tail (`read:attachments/<number>-1`, a merged repeat's file read by
 * someone who may read it).
 */
export function auditWithoutHidden(entries: readonly AuditEntry[], hidden: ReadonlySet<string>): AuditEntry[] {
  if (hidden.size === 0) return [...entries];
  return entries.map((e) => ({ ...e, action: inWords(e.action, hidden), ...(e.detail ? { detail: inWords(e.detail, hidden) } : {}) }));
}

/**
 * A case as `actor` is shown it with its events and messages, each link to a
 * case they may not read gone (see the module's comment).
 */
export async function withoutHiddenLinks<T extends { case: Case; events?: CaseEvent[]; messages?: CaseMessage[] }>(deps: LinkedCaseDeps, actor: Actor, found: T): Promise<T> {
  const messages = found.messages ?? [];
  const hidden = await hiddenCaseNumbers(deps, actor, found.case.caseNumber, [
    found.case,
    found.events ?? [],
    messages.filter(systemWritten).map((m) => [m.subject, m.text]),
    // Ids and file ids name a merged repeat's case even where no words do.
    messages.map((m) => [m.id, m.messageIds, m.attachments.map((a) => [a.id, a.key])]),
  ]);
  if (hidden.size === 0) return found;
  const handles = mergedRepeatHandles(found.events, messages, hidden);
  return {
    ...found,
    case: caseWithoutHidden(found.case, hidden, handles),
    ...(found.events ? { events: eventsWithoutHidden(found.events, hidden, handles) } : {}),
    ...(found.messages ? { messages: messagesWithoutHidden(found.messages, hidden, handles) } : {}),
  };
}

/** Every case number named, addresses included (a merged repeat's id names its case); not in the petitioner's own words. */
function collectCaseNumbers(value: unknown, into: Set<string>, key?: string): void {
  if (key !== undefined && PETITIONER_KEYS.has(key)) return;
  if (typeof value === 'string') {
    for (const match of value.matchAll(CASE_NUMBER_IN_TEXT)) into.add(match[0]);
  } else if (Array.isArray(value)) {
    for (const item of value) collectCaseNumbers(item, into);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectCaseNumbers(v, into, k);
  }
}

/**
 * A hidden number standing alone in a field (a link) takes the field with it;
 * one inside a sentence becomes 另案; an address naming one is shown by its
 * handle (or with 另案), a storage key naming one not at all.
 */
function scrubbed(value: unknown, hidden: ReadonlySet<string>, handles: AddressHandles, key?: string): unknown {
  if (key !== undefined && PETITIONER_KEYS.has(key)) return value;
  if (key !== undefined && ADDRESS_KEYS.has(key)) return addressed(value, hidden, handles);
  if (typeof value === 'string') return inWords(value, hidden);
  if (Array.isArray(value)) return value.filter((item) => !(typeof item === 'string' && hidden.has(item))).map((item) => scrubbed(item, hidden, handles));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !(typeof v === 'string' && (hidden.has(v) || (STORAGE_KEYS.has(k) && namesHidden(v, hidden)))))
        .map(([k, v]) => [k, scrubbed(v, hidden, handles, k)]),
    );
  }
  return value;
}

function addressed(value: unknown, hidden: ReadonlySet<string>, handles: AddressHandles): unknown {
  if (typeof value === 'string') return address(value, hidden, handles);
  if (Array.isArray(value)) return value.map((item) => addressed(item, hidden, handles));
  return value;
}

/** An id as the reader is shown it: as stored, unless it names a hidden case. */
function address(id: string, hidden: ReadonlySet<string>, handles: AddressHandles): string {
  return handles.get(id) ?? (namesHidden(id, hidden) ? inWords(id, hidden) : id);
}

function namesHidden(text: string, hidden: ReadonlySet<string>): boolean {
  for (const match of text.matchAll(CASE_NUMBER_IN_TEXT)) if (hidden.has(match[0])) return true;
  return false;
}

function inWords(text: string, hidden: ReadonlySet<string>): string {
  return text.replace(CASE_NUMBER_IN_TEXT, (caseNumber) => (hidden.has(caseNumber) ? HIDDEN_CASE_WORDS : caseNumber));
}

/**
 * Words the system composed — a letter to print, the decision letter's draft
 * — as `actor` is shown them: the number of a case they may not read reads
 * 另案, as in a reason. (What the petitioner is sent is judged by whose the
 * case is, not by the reader: mail-naming-cases.ts.)
 */
export async function wordsWithoutHidden<T extends Record<string, string>>(deps: LinkedCaseDeps, actor: Actor, own: string, words: T): Promise<T> {
  const hidden = await hiddenCaseNumbers(deps, actor, own, Object.values(words));
  if (hidden.size === 0) return words;
  return Object.fromEntries(Object.entries(words).map(([k, v]) => [k, inWords(v, hidden)])) as T;
}

/** A case as staff are answered it after an action or a registration: caseView, without links to cases `actor` may not read. */
export async function staffCaseView(deps: LinkedCaseDeps, actor: Actor, c: Case): Promise<Case> {
  return (await withoutHiddenLinks(deps, actor, { case: caseView(c) })).case;
}
