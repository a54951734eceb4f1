import { addressedAs, writerIsContact, type Case, type CaseEvent, type Petitioner, type PetitionWriter } from './case.js';
import { InvalidTransition, RuleViolation } from './errors.js';
import { nameKey } from './name-key.js';
import { lettersToPhone, lettersToPost, postalLetterName } from './postal.js';
import { petitionerWithWriter, petitionerWithWriterCorrected, sameWriter, writerAfterCorrection, type WriterAsRegistered } from './petition-writer.js';

/** What staff may correct about the petitioner: their name as given, and the ways to reach them. */
export const CORRECTABLE = ['name', 'email', 'phone', 'address'] as const;
export type CorrectableField = (typeof CORRECTABLE)[number];

const FIELD_WORDS: Readonly<Record<CorrectableField, string>> = { name: '姓名', email: '电子邮箱', phone: '联系电话', address: '通信地址' };

/**
 * Each field given replaces the one recorded; `null` removes it (a number no longer theirs). `writtenBy` adds or
 * replaces the 代为反映人 (the whole record), `null` removes them.
 */
export type PetitionerCorrection = Partial<Record<CorrectableField, string | null>> & { reason: string; writtenBy?: WriterAsRegistered | null };

/**
 * 更正信访人信息: the petitioner moved, changed their number or email, or the
 * desk misheard their name. The petitioner as recorded is corrected, and the
 * event keeps what it was before — nothing is overwritten without a trace.
 * From then on every letter goes the new way (email, else post, else phone).
 * Not for an anonymous petition (no identity to correct) nor an archived one
 * (its file is closed); the petitioner still needs a name or a contact.
 */
export function correctPetitioner(c: Case, request: PetitionerCorrection, meta: { at: string; actor: string }): { case: Case; event: CaseEvent } {
  if (c.status === 'archived') throw new InvalidTransition('correctPetitioner', c.status, 'an archived case’s file is closed: its petitioner is not corrected').inChinese('已归档的事项已立卷，不再更正信访人信息');
  // A writer for an anonymous petition is refused as at registration (422 at writtenBy): the writer would identify it.
  if (c.petitioner.anonymous && request.writtenBy) petitionerWithWriter(c.petitioner, request.writtenBy);
  if (c.petitioner.anonymous) throw new InvalidTransition('correctPetitioner', c.status, 'an anonymous petition has no petitioner’s details to correct').inChinese('匿名信访事项没有可更正的信访人信息');
  if (request.reason.trim() === '') throw new RuleViolation('a correction needs its reason (e.g. 信访人来电告知新的联系电话)').inChinese('更正须说明原因（如：信访人来电告知新的联系电话）').about('reason');
  const corrected: Petitioner = { ...c.petitioner };
  const previous: Partial<Record<CorrectableField, string | null>> & { writtenBy?: PetitionWriter | null } = {};
  for (const field of CORRECTABLE) {
    const given = request[field];
    if (given === undefined) continue;
    const value = given === null ? undefined : given.trim();
    if (value === '') throw new RuleViolation(`${field} is empty: leave it out to keep it, or send null to remove it`).inChinese(`${FIELD_WORDS[field]}为空：不变的请不填，要删除的请明确删除`).about(field);
    if (value === c.petitioner[field]) continue;
    previous[field] = c.petitioner[field] ?? null;
    if (value === undefined) delete corrected[field];
    else corrected[field] = value;
  }
  // 代为反映人 added, replaced or removed: placed as at registration. Otherwise their record follows a corrected contact
  // that was theirs, and their contacts take over when the petitioner's last goes.
  const given = { email: request.email !== undefined, phone: request.phone !== undefined };
  const { petitioner, writerNowContact } =
    request.writtenBy === undefined ? writerAfterCorrection(c.petitioner, corrected) : { petitioner: petitionerWithWriterCorrected(c.petitioner, corrected, request.writtenBy, given), writerNowContact: undefined };
  // A name corrected to the writer's own makes them one person: the writer is then removed, not kept beside themselves.
  if (request.writtenBy === undefined && 'name' in previous && petitioner.writtenBy?.name && petitioner.name && nameKey(petitioner.writtenBy.name) === nameKey(petitioner.name)) {
    throw new RuleViolation('the corrected name is the writer’s: when the petitioner raised it themselves, remove the writer (writtenBy: null)')
      .inChinese('更正后的姓名与代为反映人相同：系信访人本人反映的，请同时删除代为反映人')
      .about('name');
  }
  const writerChanged = request.writtenBy !== undefined && !sameWriter(c.petitioner.writtenBy, petitioner.writtenBy);
  // A contact the writer's replacement took with them or brought, or the writer's that became or stopped being the
  // case's, is a change of the case's contacts too, kept on the event.
  for (const field of ['email', 'phone'] as const) {
    if (!(field in previous) && petitioner[field] !== c.petitioner[field]) previous[field] = c.petitioner[field] ?? null;
  }
  if (writerChanged) previous.writtenBy = c.petitioner.writtenBy ?? null;
  const changed = Object.keys(previous) as (CorrectableField | 'writtenBy')[];
  if (changed.length === 0) throw new RuleViolation('nothing to correct: every field given is as recorded').inChinese('没有需要更正的内容：所填信息与登记的一致');
  if (!petitioner.name && !petitioner.email && !petitioner.phone && !petitioner.address) {
    throw new RuleViolation('the petitioner would be left with neither a name nor a way to reach them: keep one')
      .inChinese('更正后信访人既无姓名也无联系方式：请至少保留一项')
      .about(changed[0]!);
  }
  // A letter waiting to be told by phone to the writer being replaced was written to them, by name: read at the new
  // writer's number it would tell someone else, and the one who brought the petition would never hear it.
  const toldWriter = writerChanged && writerIsContact(c.petitioner) && petitioner.phone !== c.petitioner.phone ? lettersToPhone(c) : [];
  if (toldWriter.length > 0) {
    const names = toldWriter.map((l) => `《${postalLetterName(l.kind)}》`).join('、');
    const writer = addressedAs(c.petitioner);
    throw new RuleViolation(`${toldWriter.length} letter(s) still wait to be told by phone to the writer recorded (${writer}): tell them first, then replace the writer`)
      .inChinese(`${names}尚待电话告知代为反映人${writer}：请先电话告知（或记录无法联系），再更换代为反映人`)
      .about('writtenBy');
  }
  // A letter waiting to be posted or told by phone still goes the way it was made: not without the address or number it needs.
  const stranded = [...(petitioner.address ? [] : lettersToPost(c).map((l) => ({ l, field: 'address' as const }))), ...(petitioner.phone ? [] : lettersToPhone(c).map((l) => ({ l, field: 'phone' as const })))];
  if (stranded.length > 0) {
    const { field } = stranded[0]!;
    const names = stranded.map(({ l }) => `《${postalLetterName(l.kind)}》`).join('、');
    throw new RuleViolation(`${stranded.length} letter(s) still wait to be ${field === 'address' ? 'posted to' : 'told by phone at'} the ${field} recorded: post or tell them first, then remove it`)
      .inChinese(`${names}尚待${field === 'address' ? '按登记的通信地址寄出' : '按登记的联系电话告知'}：请先${field === 'address' ? '寄出' : '电话告知（或记录无法联系）'}，再删除${FIELD_WORDS[field]}`)
      .about(field);
  }
  const version = c.version + 1;
  return {
    case: { ...c, petitioner, version, updatedAt: meta.at },
    event: { caseNumber: c.caseNumber, seq: version, type: 'petitionerCorrected', at: meta.at, actor: meta.actor, reason: request.reason.trim(), detail: {
        changed,
        previous,
        ...(writerNowContact ? { writerNowContact } : {}),
        // The writer as now recorded, and whom letters now address: what staff reading the history need to know.
        ...(writerChanged ? { writtenBy: petitioner.writtenBy ?? null, lettersTo: writerIsContact(petitioner) ? ('writer' as const) : ('petitioner' as const) } : {}),
      },
    },
  };
}
