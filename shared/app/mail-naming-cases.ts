import type { Actor } from '../domain/access.js';
import type { Case, CaseMessage } from '../domain/case.js';
import { CASE_NUMBER_IN_TEXT, HIDDEN_CASE_WORDS } from '../domain/case-number.js';
import { contactsOf } from '../domain/registration.js';
import { representativeContactsOf } from '../domain/representatives.js';
import type { Province } from '../domain/province.js';
import { mayRead } from './may-read.js';
import type { OutboxMessage } from './outbox.js';
import type { CaseCommit, CaseRecords } from './ports.js';

/** What a change's mail may name; with the province, staff's mail is judged too. */
export interface MailNamingDeps {
  store: Pick<CaseRecords, 'getCaseRecord'>;
  province?: Pick<Province, 'tree' | 'mailboxOwnerOf' | 'allStaff'>;
}

/**
 * The mail a change causes names no case its recipient may not see: the
 * petitioner's letters only their own cases (lettersNamingTheirOwnCasesOnly),
 * staff's mail only cases every recipient may read (staffMailNamingReadableCasesOnly).
 */
export async function mailNamingReadableCasesOnly(deps: MailNamingDeps, change: CaseCommit): Promise<CaseCommit> {
  const toPetitioner = await lettersNamingTheirOwnCasesOnly(deps.store, change);
  return deps.province ? staffMailNamingReadableCasesOnly({ store: deps.store, province: deps.province }, toPetitioner) : toPetitioner;
}

/**
 * What a petitioner is sent names only cases that are theirs (条例第三十条:
 * materials never reach the accused). A letter may name the petitioner's own
 * earlier case — 经查，您反映的问题与 330100-2026-000005 为同一事项 tells them
 * which of their petitions answers this one — but a number staff typed into
 * a result or a reason may be anyone's: a report against the petitioner
 * names them as the accused, and its number must not reach them. Such a
 * number reads 另案 in the letter (the sentence still reads).
 *
 * A case is the petitioner's when it records one of their contacts (the
 * petitioner's or a representative's phone or email, as repeats are matched)
 * or is linked to this one as the same petitioner's repeat. Judged when the
 * letter is made, in the change that sends it, so the copy kept on the case,
 * the one printed for post and the email are the same letter.
 */
export async function lettersNamingTheirOwnCasesOnly(store: Pick<CaseRecords, 'getCaseRecord'>, change: CaseCommit): Promise<CaseCommit> {
  const c = change.case;
  const toPetitioner = petitionerAddressed(c);
  // Every letter the case keeps was sent to the petitioner (CaseMessage); a notification, when addressed to them.
  const letter = change.message?.direction === 'out' ? change.message : undefined;
  const notices = (change.outbox ?? []).flatMap((o) => (o.queue === 'notify' && toPetitioner(o.body.to) ? [o.body] : []));
  const named = new Set<string>();
  for (const text of [letter?.subject, letter?.text, ...notices.flatMap((n) => [n.subject, n.text])]) {
    for (const match of (text ?? '').matchAll(CASE_NUMBER_IN_TEXT)) if (match[0] !== c.caseNumber) named.add(match[0]);
  }
  if (named.size === 0) return change;
  const notTheirs = new Set<string>();
  await Promise.all(
    [...named].map(async (caseNumber) => {
      const other = await store.getCaseRecord(caseNumber);
      if (!other || !samePetitioner(c, other)) notTheirs.add(caseNumber);
    }),
  );
  if (notTheirs.size === 0) return change;
  const inWords = (text: string) => text.replace(CASE_NUMBER_IN_TEXT, (n) => (notTheirs.has(n) ? HIDDEN_CASE_WORDS : n));
  const shown = <T extends { subject: string; text: string }>(m: T): T => ({ ...m, subject: inWords(m.subject), text: inWords(m.text) });
  return {
    ...change,
    ...(letter ? { message: shown<CaseMessage>(letter) } : {}),
    ...(change.case.postalLetters && letter ? { case: { ...c, postalLetters: c.postalLetters!.map((p) => (p.id === letter.id ? { ...p, subject: inWords(p.subject) } : p)) } } : {}),
    ...(change.outbox ? { outbox: change.outbox.map((o) => (o.queue === 'notify' && notices.includes(o.body) ? { ...o, body: shown(o.body) } : o)) } : {}),
  };
}

/**
 * Mail to staff — an office's or a unit's mailbox, a staff member's address —
 * names another case only when every recipient may read it: a reason or note
 * staff typed (转办 with 与 330100-… 为同一事项) goes to a unit that may not
 * read that case, and there the number reads 另案, as on the case page. An
 * address that is neither staff's nor the petitioner's (another body's) is
 * shown no other case.
 */
export async function staffMailNamingReadableCasesOnly(deps: Required<MailNamingDeps>, change: CaseCommit): Promise<CaseCommit> {
  const c = change.case;
  const toPetitioner = petitionerAddressed(c);
  const notices = (change.outbox ?? []).flatMap((o) => (o.queue === 'notify' && !toPetitioner(o.body.to) ? [o.body] : []));
  const named = new Set<string>();
  for (const n of notices) for (const match of `${n.subject}\n${n.text}`.matchAll(CASE_NUMBER_IN_TEXT)) if (match[0] !== c.caseNumber) named.add(match[0]);
  if (named.size === 0) return change;
  const others = new Map<string, Case | undefined>(await Promise.all([...named].map(async (n) => [n, await deps.store.getCaseRecord(n)] as const)));
  const outbox = (change.outbox ?? []).map((o): OutboxMessage => {
    if (o.queue !== 'notify' || !notices.includes(o.body)) return o;
    const readers = o.body.to.map((address) => readerAt(deps.province, address));
    const hidden = (n: string) => n !== c.caseNumber && (!others.get(n) || readers.some((r) => !r || !mayRead(r, others.get(n)!, deps.province.tree)));
    const inWords = (text: string) => text.replace(CASE_NUMBER_IN_TEXT, (n) => (hidden(n) ? HIDDEN_CASE_WORDS : n));
    return { ...o, body: { ...o.body, subject: inWords(o.body.subject), text: inWords(o.body.text) } };
  });
  return { ...change, outbox };
}

/** Who reads mail at an address, as access judges them: an office's or a unit's mailbox, or a staff member. */
function readerAt(province: Required<MailNamingDeps>['province'], address: string): Actor | undefined {
  const owner = province.mailboxOwnerOf(address);
  if (owner) return owner.unit ? { staffId: `unit:${owner.unit}`, jurisdiction: owner.jurisdiction, unit: owner.unit, roles: ['handler'] } : { staffId: `office:${owner.jurisdiction}`, jurisdiction: owner.jurisdiction, roles: ['petitionsOffice'] };
  const staff = province.allStaff().find((s) => s.email?.toLowerCase() === address.trim().toLowerCase());
  return staff ? { staffId: staff.id, jurisdiction: staff.jurisdiction, roles: staff.roles, ...(staff.unit ? { unit: staff.unit } : {}) } : undefined;
}

/**
 * What the petitioner is shown of their case (the portal's tracking page: the
 * reasons of its steps, the letters they were sent) without the number of any
 * case not theirs, as their letters are composed since: a reason staff typed,
 * or a letter kept from before, may name one.
 */
export async function withoutCasesNotTheirs<T>(store: Pick<CaseRecords, 'getCaseRecord'>, c: Case, shown: T): Promise<T> {
  const named = new Set<string>();
  collectNumbers(shown, named);
  named.delete(c.caseNumber);
  if (named.size === 0) return shown;
  const notTheirs = new Set<string>();
  await Promise.all(
    [...named].map(async (caseNumber) => {
      const other = await store.getCaseRecord(caseNumber);
      if (!other || !samePetitioner(c, other)) notTheirs.add(caseNumber);
    }),
  );
  return notTheirs.size === 0 ? shown : (replaceNumbers(shown, notTheirs) as T);
}

function collectNumbers(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') for (const match of value.matchAll(CASE_NUMBER_IN_TEXT)) into.add(match[0]);
  else if (Array.isArray(value)) for (const item of value) collectNumbers(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) collectNumbers(item, into);
}

function replaceNumbers(value: unknown, hidden: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return value.replace(CASE_NUMBER_IN_TEXT, (n) => (hidden.has(n) ? HIDDEN_CASE_WORDS : n));
  if (Array.isArray(value)) return value.map((item) => replaceNumbers(item, hidden));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceNumbers(v, hidden)]));
  return value;
}

function petitionerAddressed(c: Case): (to: readonly string[]) => boolean {
  const addresses = new Set(petitionerContacts(c).filter((k) => k.startsWith('email:')).map((k) => k.slice('email:'.length)));
  return (to) => to.some((address) => addresses.has(address.trim().toLowerCase()));
}

function petitionerContacts(c: Case): string[] {
  return [...(c.petitioner.anonymous ? [] : contactsOf(c.petitioner)), ...representativeContactsOf(c)];
}

/** The same petitioner: linked as their repeat either way, or sharing a recorded contact. */
function samePetitioner(c: Case, other: Case): boolean {
  if (c.repeatOf === other.caseNumber || other.repeatOf === c.caseNumber) return true;
  const theirs = new Set(petitionerContacts(c));
  return petitionerContacts(other).some((contact) => theirs.has(contact));
}
