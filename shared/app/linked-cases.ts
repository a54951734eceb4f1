import type { Actor } from '../domain/access.js';
import type { Case, CaseEvent, CaseMessage } from '../domain/case.js';
import { CASE_NUMBER_IN_TEXT } from '../domain/case-number.js';
import type { Province } from '../domain/province.js';
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

/** What a hidden case number becomes inside a sentence that stays (a reason, a note): the case without its number. */
export const HIDDEN_CASE_WORDS = '另案';

/** Keys whose values are storage addresses, not words: left as they are (an attachment is read by its key). */
const ADDRESS_KEYS = new Set(['key', 'rawKey', 'id', 'messageId', 'messageIds', 'letterId']);

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

/** The case without its links to hidden cases: no `repeatOf` (nor who linked it, nor the similarity), no hidden number in a reason or note. */
export function caseWithoutHidden(c: Case, hidden: ReadonlySet<string>): Case {
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
  return scrubbed(shown, hidden) as Case;
}

/**
 * The events without hidden links: a 关联为重复件 to a hidden case is left
 * out whole (it records nothing but the link); any other event stays, without
 * the hidden number (a repeat's material merged into the case is still
 * material received).
 */
export function eventsWithoutHidden(events: readonly CaseEvent[], hidden: ReadonlySet<string>): CaseEvent[] {
  if (hidden.size === 0) return [...events];
  return events.filter((e) => !(e.type === 'repeatLinked' && typeof e.detail?.earlier === 'string' && hidden.has(e.detail.earlier))).map((e) => scrubbed(e, hidden) as CaseEvent);
}

/**
 * What the system wrote among a case's messages: its letters and notices, and
 * the header it puts above a repeat's words merged into the case (重复件 …的内容).
 * The petitioner's own mail is shown as received.
 */
const systemWritten = (m: CaseMessage) => m.direction === 'out' || m.kind === 'repeat';

/** The messages without hidden numbers in what the system wrote (ids stay: files and replies are found by them). */
export function messagesWithoutHidden(messages: readonly CaseMessage[], hidden: ReadonlySet<string>): CaseMessage[] {
  if (hidden.size === 0) return [...messages];
  return messages.map((m) => (systemWritten(m) ? { ...m, subject: inWords(m.subject, hidden), text: inWords(m.text, hidden) } : m));
}

/** Audit lines without hidden numbers in what they concerned. */
export function auditWithoutHidden(entries: readonly AuditEntry[], hidden: ReadonlySet<string>): AuditEntry[] {
  if (hidden.size === 0) return [...entries];
  return entries.map((e) => (e.detail ? { ...e, detail: inWords(e.detail, hidden) } : e));
}

/**
 * A case as `actor` is shown it with its events and messages, each link to a
 * case they may not read gone (see the module's comment).
 */
export async function withoutHiddenLinks<T extends { case: Case; events?: CaseEvent[]; messages?: CaseMessage[] }>(deps: LinkedCaseDeps, actor: Actor, found: T): Promise<T> {
  const hidden = await hiddenCaseNumbers(deps, actor, found.case.caseNumber, [found.case, found.events ?? [], (found.messages ?? []).filter(systemWritten).map((m) => [m.subject, m.text])]);
  if (hidden.size === 0) return found;
  return {
    ...found,
    case: caseWithoutHidden(found.case, hidden),
    ...(found.events ? { events: eventsWithoutHidden(found.events, hidden) } : {}),
    ...(found.messages ? { messages: messagesWithoutHidden(found.messages, hidden) } : {}),
  };
}

function collectCaseNumbers(value: unknown, into: Set<string>, key?: string): void {
  if (key !== undefined && (ADDRESS_KEYS.has(key) || PETITIONER_KEYS.has(key))) return;
  if (typeof value === 'string') {
    for (const match of value.matchAll(CASE_NUMBER_IN_TEXT)) into.add(match[0]);
  } else if (Array.isArray(value)) {
    for (const item of value) collectCaseNumbers(item, into);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectCaseNumbers(v, into, k);
  }
}

/** A hidden number standing alone in a field (a link) takes the field with it; one inside a sentence becomes 另案. */
function scrubbed(value: unknown, hidden: ReadonlySet<string>, key?: string): unknown {
  if (key !== undefined && (ADDRESS_KEYS.has(key) || PETITIONER_KEYS.has(key))) return value;
  if (typeof value === 'string') return inWords(value, hidden);
  if (Array.isArray(value)) return value.filter((item) => !(typeof item === 'string' && hidden.has(item))).map((item) => scrubbed(item, hidden));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => !(typeof v === 'string' && hidden.has(v)))
        .map(([k, v]) => [k, scrubbed(v, hidden, k)]),
    );
  }
  return value;
}

function inWords(text: string, hidden: ReadonlySet<string>): string {
  return text.replace(CASE_NUMBER_IN_TEXT, (caseNumber) => (hidden.has(caseNumber) ? HIDDEN_CASE_WORDS : caseNumber));
}

/** A case as staff are answered it after an action or a registration: caseView, without links to cases `actor` may not read. */
export async function staffCaseView(deps: LinkedCaseDeps, actor: Actor, c: Case): Promise<Case> {
  return (await withoutHiddenLinks(deps, actor, { case: caseView(c) })).case;
}
