import { writerIsContact, type Petitioner, type PetitionWriter, type WriterAsRegistered } from './case.js';
import { RuleViolation } from './errors.js';
import { nameKey } from './name-key.js';
import { contactsOf } from './registration.js';

export type { WriterAsRegistered } from './case.js';

/** What the writer is when they are the petitioner: no one writes for themselves. */
const SELF = new Set(['本人', '自己', '我']);

/**
 * The petitioner with the writer who came, wrote or called for them, stored as
 * the mail intake stores one (`writtenBy`). Where the petitioner left no contact
 * of their own, the writer's are the case's, as for mail: letters go to the
 * writer, addressed to them. Where the petitioner left one (a phone, an email or
 * a postal address), letters go to the petitioner by it: the regulation tells
 * the 信访人 (告知信访人), the writer came because the person concerned could not
 * come or write, not because they cannot be told, and a reply about their own
 * affairs is not sent past them to a cadre or relative; the writer's contacts
 * stay on the case for staff to call.
 */
export function petitionerWithWriter(petitioner: Petitioner, writer: WriterAsRegistered | undefined): Petitioner {
  if (!writer) return petitioner;
  if (petitioner.anonymous) {
    throw new RuleViolation('an anonymous petition records no one who wrote for it: the writer would identify it')
      .inChinese('匿名信访不登记代为反映人；如需登记代为反映人，请填写信访人姓名')
      .about('writtenBy');
  }
  if (SELF.has(writer.relation.trim())) {
    throw new RuleViolation('the writer is the petitioner: leave 代为反映人 out when the petitioner came, wrote or called themselves')
      .inChinese('信访人本人反映的，无需填写代为反映人')
      .about('writtenBy.relation');
  }
  if (writer.name && petitioner.name && nameKey(writer.name) === nameKey(petitioner.name)) {
    throw new RuleViolation('the writer has the petitioner’s name: a petitioner does not write for themselves')
      .inChinese('代为反映人与信访人是同一人：信访人本人反映的，无需填写代为反映人')
      .about('writtenBy.name');
  }
  // A number or email given for both is the writer's, not the petitioner's own: the daughter who came gave hers, and
  // staff typed it twice (or learnt later that the number registered was the cadre's who called). Kept as the
  // petitioner's, letters would go "to the petitioner" at someone else's number, and it would link the writer's own
  // petition, or another villager's, as this petitioner's repeat.
  const own: Petitioner = { ...petitioner };
  for (const field of ['email', 'phone'] as const) {
    const theirs = writer[field];
    if (theirs && petitioner[field] && sameContact({ [field]: petitioner[field] }, { [field]: theirs })) delete own[field];
  }
  // A postal address counts as the petitioner's own channel: the office's rules register 住址 as the 信访人's
  // (登记…访者姓名…住址或工作单位) and deliver the 信访处理意见书 to the 信访人 (送达); a letter posted to their home
  // reaches them, not the writer. So a petitioner with only an address is written to there, by name.
  const ownContact = Boolean(own.email || own.phone || own.address);
  const writtenBy: PetitionWriter = {
    relation: writer.relation.trim(),
    ...(writer.relation.trim() === '委托人' ? { entrusted: true as const } : {}),
    ...(writer.name ? { name: writer.name } : {}),
    ...(writer.email ? { email: writer.email } : {}),
    ...(writer.phone ? { phone: writer.phone } : {}),
    ...(ownContact ? { petitionerOwnContact: true as const } : {}),
  };
  return {
    ...own,
    // The only way to reach the matter is the writer: their contacts are the case's, as a mail writer's are.
    ...(!ownContact && writer.email ? { email: writer.email } : {}),
    ...(!ownContact && writer.phone ? { phone: writer.phone } : {}),
    writtenBy,
  };
}

/**
 * The writer as a correction of the petitioner's contacts (更正信访人信息) leaves them. Where the case's contacts were
 * the writer's, a corrected phone or email is the writer's new one: the writer's record follows, or the case page
 * would show staff a number the writer no longer has. Where the petitioner had contacts of their own and the
 * correction removes the last of them, the rule of registration applies again: the writer's become the case's and
 * letters go to the writer, rather than to no one while the writer's number sits on the case.
 */
export function writerAfterCorrection(before: Petitioner, after: Petitioner): { petitioner: Petitioner; writerNowContact?: true } {
  const writer = after.writtenBy;
  if (after.anonymous || !writer) return { petitioner: after };
  if (writerIsContact(before)) {
    const mirrored: PetitionWriter = { ...writer };
    for (const field of ['email', 'phone'] as const) {
      if (writer[field] === undefined || writer[field] !== before[field] || after[field] === before[field]) continue;
      if (after[field] === undefined) delete mirrored[field];
      else mirrored[field] = after[field];
    }
    // The petitioner's postal address learnt: theirs, as at registration (petitionerWithWriter), so letters are posted
    // to them by their name, and the writer's number or email leaves the case's contacts for the writer's record
    // (found at the desk, never a repeat's), rather than a letter to the father's home addressed to his daughter.
    if (after.address && !before.address) {
      const own: Petitioner = { ...after };
      for (const field of ['email', 'phone'] as const) if (mirrored[field] !== undefined && own[field] === mirrored[field]) delete own[field];
      return { petitioner: { ...own, writtenBy: { ...mirrored, petitionerOwnContact: true } } };
    }
    return { petitioner: { ...after, writtenBy: mirrored } };
  }
  if (after.email || after.phone || after.address || !(writer.email || writer.phone)) return { petitioner: after };
  const { petitionerOwnContact: _own, ...asContact } = writer;
  return {
    petitioner: { ...after, ...(writer.email ? { email: writer.email } : {}), ...(writer.phone ? { phone: writer.phone } : {}), writtenBy: asContact },
    writerNowContact: true,
  };
}

/**
 * 更正代为反映人: staff learn after registration that a neighbour wrote the letter (add one), that another person did
 * (replace), or that the "writer" was the petitioner all along (remove). `corrected` is the petitioner with the other
 * corrections of the same request applied; `given` the contacts the request itself set or removed.
 *
 * A writer added or replaced is checked and placed as at registration (petitionerWithWriter): refused for an
 * anonymous petition, relation 本人 or the petitioner's own name; letters go to the petitioner where they have a
 * contact of their own, else to the writer. Where the case's contacts were the writer's being replaced, they leave
 * with that writer (letters must not keep going to someone no longer in the case), unless the request set them.
 * A writer removed leaves the case's contacts as they are: most often the "writer" was the petitioner, whose own
 * they then are; a contact that was someone else's is removed in the same request (phone/email null).
 */
export function petitionerWithWriterCorrected(
  before: Petitioner,
  corrected: Petitioner,
  writer: WriterAsRegistered | null,
  given: Readonly<{ email?: boolean; phone?: boolean }> = {},
): Petitioner {
  const { writtenBy: old, ...own } = corrected;
  if (writer === null) return own;
  if (old && writerIsContact(before)) {
    for (const field of ['email', 'phone'] as const) {
      if (!given[field] && old[field] !== undefined && own[field] === old[field]) delete own[field];
    }
  }
  return petitionerWithWriter(own, writer);
}

/** Whether two writers' records say the same (a replacement that changes nothing is no correction). */
export function sameWriter(a: PetitionWriter | undefined, b: PetitionWriter | undefined): boolean {
  if (!a || !b) return a === b;
  const fields = ['relation', 'entrusted', 'name', 'email', 'phone', 'petitionerOwnContact'] as const;
  return fields.every((field) => a[field] === b[field]);
}

/** Whether two one-field contacts are the same email or number, as the contact index compares them (contactsOf). */
function sameContact(a: { email?: string; phone?: string }, b: { email?: string; phone?: string }): boolean {
  const [x, y] = [contactsOf({ anonymous: false, ...a })[0], contactsOf({ anonymous: false, ...b })[0]];
  return x !== undefined && x === y;
}
