import { writerIsContact, type Case } from './case.js';
import { contactsOf } from './registration.js';

/**
 * The phone and email of whoever wrote, came or called for a petitioner who left contacts of their own (代为反映人,
 * `petitionerOwnContact`): not the case's — letters go to the petitioner — but the desk finds the case by them, as by
 * a representative's, when the writer calls back (我上次替李秀兰打过电话). Like a representative's, never a repeat's:
 * a cadre's number is many villagers'. None where the writer's contacts are the case's (they are indexed as such).
 */
export function writerContactsOf(c: Pick<Case, 'petitioner'>): string[] {
  const p = c.petitioner;
  const writer = p.writtenBy;
  if (p.anonymous || !writer || writerIsContact(p)) return [];
  const own = contactsOf(p);
  return contactsOf({ anonymous: false, ...(writer.email ? { email: writer.email } : {}), ...(writer.phone ? { phone: writer.phone } : {}) }).filter((contact) => !own.includes(contact));
}
