import type { Case, CaseEvent, CaseMessage, PostalLetter } from './case.js';
import { chinaDate, formatChinaDay, formatDay } from './case-number.js';
import { InvalidInput, InvalidTransition } from './errors.js';

/**
 * Letters that go by post (书面告知): a petitioner who wrote, called or came
 * in person and gave a postal address but no email is told in writing all the
 * same — the acceptance within 15 days (条例 第二十三条), a refusal with its
 * legal route, an extension with its reason, the decision letter. The letter
 * is kept on the case as a message the moment the decision is stored, and
 * listed on the posting office's 待寄送 list until staff mark it posted (寄出),
 * with the day: the day it left is what the petitioner's windows are argued from.
 *
 * A petitioner who left only a telephone number (a call, say) has nowhere to
 * be written to: the same letter is kept on the case (to read out, or to hand
 * over should they call in) and listed on the office's 待电话告知 list until
 * staff record the call (电话告知): the day and what was said.
 */

/** What each letter for post is called, as the petitioner and staff know it. */
export const POSTAL_LETTER_NAMES: Readonly<Record<string, string>> = {
  acceptanceNotice: '受理告知书',
  transferNotice: '转办告知书',
  forwardNotice: '转送告知书',
  declineNotice: '不予受理告知书',
  redirectNotice: '告知书',
  extensionNotice: '延期办理告知书',
  decisionLetter: '处理意见书',
  reviewReceived: '复查（复核）申请收到告知书',
  suspensionNotice: '中止计算期限告知书',
  resumptionNotice: '恢复计算期限告知书',
  withdrawalNotice: '撤回告知书',
  reinstatementNotice: '恢复办理告知书',
  withdrawalDisputeReceived: '撤回异议收到告知书',
  materialRequestNotice: '补充材料告知书',
  progressNotice: '办理进展告知',
};

export const postalLetterName = (kind: string | undefined): string => POSTAL_LETTER_NAMES[kind ?? ''] ?? '书面告知';

/** Who gets a printed letter: not anonymous, no email, a postal address to send it to. */
export function goesByPost(c: Pick<Case, 'petitioner'>): boolean {
  return !c.petitioner.anonymous && !c.petitioner.email && Boolean(c.petitioner.address);
}

/** Who is told by phone: not anonymous, neither an email nor a postal address, a telephone number. */
export function goesByPhone(c: Pick<Case, 'petitioner'>): boolean {
  return !c.petitioner.anonymous && !c.petitioner.email && !c.petitioner.address && Boolean(c.petitioner.phone);
}

/** Whether a letter without email reaches the petitioner at all: by post, or read to them on the phone. */
export function tellsWithoutEmail(c: Pick<Case, 'petitioner'>): boolean {
  return goesByPost(c) || goesByPhone(c);
}

/** The case with a letter for post (or for the phone) added; a letter already made (the same id) is not made twice. */
export function withPostalLetter(c: Case, message: CaseMessage, from: string): Case {
  if (c.postalLetters?.some((l) => l.id === message.id)) return c;
  const entry: PostalLetter = { id: message.id, kind: message.kind ?? 'notice', subject: message.subject, at: message.at, from, ...(message.byPhone ? { channel: 'phone' as const } : {}) };
  return { ...c, postalLetters: [...(c.postalLetters ?? []), entry] };
}

/** The letters printed but not yet marked posted. */
export function lettersToPost(c: Pick<Case, 'postalLetters'>): PostalLetter[] {
  return (c.postalLetters ?? []).filter((l) => l.channel !== 'phone' && !l.postedAt && !l.handedAt && !l.withdrawnAt);
}

/** The posted letters whose receipt (签收) is not recorded yet. */
export function lettersAwaitingReceipt(c: Pick<Case, 'postalLetters'>): PostalLetter[] {
  return (c.postalLetters ?? []).filter((l) => l.channel !== 'phone' && l.postedOn !== undefined && !l.receivedRecordedAt);
}

/** The letters the petitioner is still to be told of by phone. */
export function lettersToPhone(c: Pick<Case, 'postalLetters'>): PostalLetter[] {
  return (c.postalLetters ?? []).filter((l) => l.channel === 'phone' && !l.toldAt && !l.handedAt && !l.withdrawnAt);
}

/**
 * The letters that may be handed over in person (当面送达): any not yet sent
 * (to post or to tell by phone), and a decision letter told by phone — or
 * kept to collect after calls reached nobody — whose written copy the
 * petitioner has yet to receive. Never one posted (its receipt is 签收) or void.
 */
export function lettersToHandOver(c: Pick<Case, 'postalLetters'>): PostalLetter[] {
  return (c.postalLetters ?? []).filter((l) => !l.postedAt && !l.handedAt && !l.withdrawnAt && (!l.toldAt || l.kind === 'decisionLetter'));
}

/**
 * Everything the petitioner has not been told yet, by post or by phone, that
 * holds up 结案 and 归档: the written notices the rules require. A progress
 * call (办理进展告知) is a courtesy the answer supersedes, so it stays on the
 * 待电话告知 list without keeping the case open.
 */
export function lettersUndelivered(c: Pick<Case, 'postalLetters'>): PostalLetter[] {
  return [...lettersToPost(c), ...lettersToPhone(c).filter((l) => l.kind !== 'progressNotice')];
}

/**
 * 寄出: staff mark a printed letter posted, with the day it left (China
 * time): today by default, or a day before — a letter posted on Friday may be
 * recorded on Monday — never a day to come, nor one before it was written.
 */
export function markLetterPosted(
  c: Case,
  letterId: string,
  ctx: { at: string; actor: string; postedOn?: string },
): { case: Case; event: CaseEvent; letter: PostalLetter } {
  const letter = c.postalLetters?.find((l) => l.id === letterId);
  if (!letter) {
    throw new InvalidInput(`case ${c.caseNumber} has no letter ${letterId} to post`, [
      { path: 'letterId', message: 'no letter for post of this id on the case', kind: 'choice', chinese: '该事项没有这份待寄送的书面告知' },
    ]).inChinese(`信访事项 ${c.caseNumber} 没有待寄送的书面告知 ${letterId}`);
  }
  if (letter.channel === 'phone') {
    throw new InvalidInput(`the petitioner left no postal address: letter ${letterId} is told by phone (电话告知), not posted`, [
      { path: 'letterId', message: 'a letter to tell by phone, not to post', kind: 'choice', chinese: '这份书面告知应当电话告知，不寄送' },
    ]).inChinese(`信访人没有留下通信地址：书面告知 ${letterId} 应当电话告知，不寄送`);
  }
  if (letter.postedAt) {
    throw new InvalidTransition('postLetter', c.status, `the letter was marked posted on ${letter.postedOn ?? chinaDate(letter.postedAt)} by ${letter.postedBy ?? 'staff'}`).inChinese(
      `${letter.postedBy ?? '工作人员'}已记录这份书面告知于${letter.postedOn ? formatDay(letter.postedOn) : formatChinaDay(letter.postedAt)}寄出`,
    );
  }
  refuseWithdrawn(c, letter, 'postLetter');
  refuseHandedOver(c, letter, 'postLetter');
  const postedOn = dayOfDelivery(letter, ctx.at, ctx.postedOn, { field: 'postedOn', what: 'the day posted', inChinese: '寄出日期' });
  return delivered(c, { ...letter, postedOn, postedAt: ctx.at, postedBy: ctx.actor }, { type: 'letterPosted', at: ctx.at, actor: ctx.actor }, { postedOn });
}

/**
 * 签收: staff record the day a posted letter reached the petitioner, from
 * the return receipt (回执) or the post's tracking — never before it was
 * posted nor a day to come, once per letter.
 */
export function markLetterReceived(
  c: Case,
  letterId: string,
  ctx: { at: string; actor: string; receivedOn: string },
): { case: Case; event: CaseEvent; letter: PostalLetter } {
  const letter = c.postalLetters?.find((l) => l.id === letterId);
  if (!letter || letter.channel === 'phone') {
    const message = letter ? 'a letter told by phone, not posted' : 'no letter for post of this id on the case';
    const chinese = letter ? '这份书面告知是电话告知的，没有寄送' : '该事项没有这份寄送的书面告知';
    throw new InvalidInput(`case ${c.caseNumber} has no posted letter ${letterId}`, [{ path: 'letterId', message, kind: 'choice', chinese }]).inChinese(
      `信访事项 ${c.caseNumber} 没有寄送的书面告知 ${letterId}`,
    );
  }
  if (!letter.postedOn) {
    throw new InvalidTransition('postLetter', c.status, `letter ${letterId} is not marked posted yet: record the day it left first`).inChinese(
      `书面告知 ${letterId} 尚未记录寄出，请先记录寄出日期`,
    );
  }
  if (letter.receivedRecordedAt) {
    throw new InvalidTransition('postLetter', c.status, `the letter's receipt was recorded on ${chinaDate(letter.receivedRecordedAt)} by ${letter.receivedRecordedBy ?? 'staff'}: received ${letter.receivedOn}`).inChinese(
      `${letter.receivedRecordedBy ?? '工作人员'}已于${formatChinaDay(letter.receivedRecordedAt)}记录这份书面告知的签收${letter.receivedOn ? `，签收日期为${formatDay(letter.receivedOn)}` : ''}`,
    );
  }
  const receivedOn = dayOfDelivery(letter, ctx.at, ctx.receivedOn, { field: 'receivedOn', what: 'the day received', inChinese: '签收日期' });
  if (receivedOn < letter.postedOn) {
    const chinese = `签收日期（${formatDay(receivedOn)}）早于寄出日期（${formatDay(letter.postedOn)}）`;
    throw new InvalidInput(`the day received (${receivedOn}) is before the letter was posted (${letter.postedOn})`, [
      { path: 'receivedOn', message: `before the letter was posted (${letter.postedOn})`, kind: 'rule', chinese: `早于寄出日期（${formatDay(letter.postedOn)}）` },
    ]).inChinese(chinese);
  }
  return delivered(c, { ...letter, receivedOn, receivedRecordedAt: ctx.at, receivedRecordedBy: ctx.actor }, { type: 'letterReceived', at: ctx.at, actor: ctx.actor }, { receivedOn });
}

/**
 * 电话告知: staff record that they telephoned the petitioner and told them
 * what a letter says — the day (today by default, or a day before, never one
 * to come nor before the letter was written) and what was said. The letter
 * leaves the office's 待电话告知 list. A call that did not get through is not
 * recorded here: the letter stays on the list until the petitioner is told —
 * or, after repeated calls, staff record them `unreachable` (联系未果): the
 * letter is kept for the petitioner to collect and leaves the list, so the
 * case can be filed.
 */
export function markLetterPhoned(
  c: Case,
  letterId: string,
  ctx: { at: string; actor: string; toldOn?: string; note: string; unreachable?: boolean },
): { case: Case; event: CaseEvent; letter: PostalLetter } {
  const letter = c.postalLetters?.find((l) => l.id === letterId);
  if (!letter || letter.channel !== 'phone') {
    const message = letter ? 'a letter for post, not to tell by phone' : 'no letter of this id on the case';
    const chinese = letter ? '这份书面告知应当寄送，不电话告知' : '该事项没有这份书面告知';
    throw new InvalidInput(`case ${c.caseNumber} has no letter ${letterId} to tell by phone`, [{ path: 'letterId', message, kind: 'choice', chinese }]).inChinese(
      `信访事项 ${c.caseNumber} 没有待电话告知的书面告知 ${letterId}`,
    );
  }
  if (letter.toldAt) {
    throw new InvalidTransition('tellByPhone', c.status, `the petitioner was told of the letter by phone on ${letter.toldOn ?? chinaDate(letter.toldAt)} by ${letter.toldBy ?? 'staff'}`).inChinese(
      `${letter.toldBy ?? '工作人员'}已于${letter.toldOn ? formatDay(letter.toldOn) : formatChinaDay(letter.toldAt)}将这份书面告知电话告知信访人`,
    );
  }
  refuseWithdrawn(c, letter, 'tellByPhone');
  refuseHandedOver(c, letter, 'tellByPhone');
  const toldOn = dayOfDelivery(letter, ctx.at, ctx.toldOn, { field: 'toldOn', what: 'the day told', inChinese: '电话告知日期' });
  const unreachable: { unreachable?: true } = ctx.unreachable ? { unreachable: true } : {};
  return delivered(c, { ...letter, toldOn, toldAt: ctx.at, toldBy: ctx.actor, toldNote: ctx.note, ...unreachable }, { type: 'letterPhoned', at: ctx.at, actor: ctx.actor }, { toldOn, note: ctx.note, ...unreachable });
}

/**
 * 当面送达: staff record that the written letter was handed to the petitioner
 * in person — at the desk, or when they came for the one told by phone — the
 * day (today by default, never a day to come nor before it was written),
 * whether they signed for it or refused to (the refusal and who witnessed it
 * noted), once per letter. A posted letter's arrival is its 签收 instead.
 */
export function markLetterHandedOver(
  c: Case,
  letterId: string,
  ctx: { at: string; actor: string; handedOn?: string; signature: 'signed' | 'refused'; note?: string },
): { case: Case; event: CaseEvent; letter: PostalLetter } {
  const letter = c.postalLetters?.find((l) => l.id === letterId);
  if (!letter) {
    throw new InvalidInput(`case ${c.caseNumber} has no letter ${letterId} to hand over`, [
      { path: 'letterId', message: 'no letter for post or phone of this id on the case', kind: 'choice', chinese: '该事项没有这份书面告知' },
    ]).inChinese(`信访事项 ${c.caseNumber} 没有书面告知 ${letterId}`);
  }
  if (letter.handedAt) {
    throw new InvalidTransition('handOver', c.status, `the letter was handed over on ${letter.handedOn ?? chinaDate(letter.handedAt)} by ${letter.handedBy ?? 'staff'}`).inChinese(
      `${letter.handedBy ?? '工作人员'}已记录这份书面告知于${letter.handedOn ? formatDay(letter.handedOn) : formatChinaDay(letter.handedAt)}当面送达`,
    );
  }
  if (letter.postedAt) {
    throw new InvalidTransition('handOver', c.status, `the letter was posted on ${letter.postedOn ?? chinaDate(letter.postedAt)}: record the day it arrived (签收), not a handover`).inChinese(
      `这份书面告知已于${letter.postedOn ? formatDay(letter.postedOn) : formatChinaDay(letter.postedAt)}寄出，请登记签收，不记录当面送达`,
    );
  }
  if (letter.toldAt && letter.kind !== 'decisionLetter') {
    throw new InvalidTransition('handOver', c.status, `the petitioner was told of the letter by phone on ${letter.toldOn ?? chinaDate(letter.toldAt)}: only a decision letter's written copy is recorded as handed over after the call`).inChinese(
      `这份书面告知已于${letter.toldOn ? formatDay(letter.toldOn) : formatChinaDay(letter.toldAt)}电话告知；电话告知后只记录处理意见书的当面送达`,
    );
  }
  refuseWithdrawn(c, letter, 'handOver');
  const note = ctx.note?.trim();
  // 拒绝签收: the refusal and its witnesses are what the file later rests on.
  if (ctx.signature === 'refused' && !note) {
    throw new InvalidInput('a refusal to sign is recorded with a note: what was said, who witnessed it', [
      { path: 'note', message: 'required when the petitioner refused to sign', kind: 'rule', chinese: '信访人拒绝签收的，请写明拒签情况和在场人员' },
    ]).inChinese('信访人拒绝签收的，请写明拒签情况和在场人员');
  }
  const handedOn = dayOfDelivery(letter, ctx.at, ctx.handedOn, { field: 'handedOn', what: 'the day handed over', inChinese: '送达日期' });
  const noted: { handedNote?: string } = note ? { handedNote: note } : {};
  return delivered(
    c,
    { ...letter, handedOn, handedAt: ctx.at, handedBy: ctx.actor, handedSignature: ctx.signature, ...noted },
    { type: 'letterHandedOver', at: ctx.at, actor: ctx.actor },
    { handedOn, signature: ctx.signature, ...(note ? { note } : {}) },
  );
}

/** A letter the petitioner was handed in person is not posted or read out to them after. */
function refuseHandedOver(c: Case, letter: PostalLetter, action: 'postLetter' | 'tellByPhone'): void {
  if (letter.handedAt) {
    throw new InvalidTransition(action, c.status, `the letter was handed to the petitioner in person on ${letter.handedOn ?? chinaDate(letter.handedAt)} by ${letter.handedBy ?? 'staff'}`).inChinese(
      `${letter.handedBy ?? '工作人员'}已于${letter.handedOn ? formatDay(letter.handedOn) : formatChinaDay(letter.handedAt)}将这份书面告知当面送达信访人，无需再${action === 'postLetter' ? '寄送' : '电话告知'}`,
    );
  }
}

/** A letter whose decision was withdrawn before it was sent is not sent after. */
function refuseWithdrawn(c: Case, letter: PostalLetter, action: 'postLetter' | 'tellByPhone' | 'handOver'): void {
  if (letter.withdrawnAt && letter.kind === 'progressNotice') {
    throw new InvalidTransition(action, c.status, `the progress call was dropped when the case was concluded on ${chinaDate(letter.withdrawnAt)}: the answer tells the petitioner where it stands`).inChinese(
      `该事项已于${formatChinaDay(letter.withdrawnAt)}办结，这条办理进展无需再告知：办理结果将以书面答复告知信访人`,
    );
  }
  if (letter.withdrawnAt) {
    const how = action === 'postLetter' ? '寄送' : action === 'tellByPhone' ? '电话告知' : '送达';
    throw new InvalidTransition(action, c.status, `the letter is void (作废): the decision it carried was withdrawn (撤销原决定) on ${chinaDate(letter.withdrawnAt)} before it was sent; it is not to be sent`).inChinese(
      `这份书面告知已作废：其所载决定已于${formatChinaDay(letter.withdrawnAt)}在送达前撤销，不再${how}`,
    );
  }
}

/**
 * 撤销原决定 before its letter left: the letters of that kind still waiting
 * to be posted or told by phone are void (作废) — the petitioner is never
 * sent a decision already withdrawn. Returns the case and the letters voided.
 */
export function withLettersVoided(c: Case, kinds: readonly string[], at: string): { case: Case; voided: PostalLetter[] } {
  const voided = lettersUndelivered(c).filter((l) => kinds.includes(l.kind));
  if (voided.length === 0) return { case: c, voided };
  const ids = new Set(voided.map((l) => l.id));
  return { case: { ...c, postalLetters: (c.postalLetters ?? []).map((l) => (ids.has(l.id) ? { ...l, withdrawnAt: at } : l)) }, voided };
}

/**
 * 办结: a progress call not yet made (办理进展告知) would tell the petitioner
 * the matter "is being handled" after it no longer is — the answer tells them
 * where it stands. It is dropped (作废) and leaves the 待电话告知 list.
 */
export function withProgressCallsDropped(c: Case, at: string): { case: Case; dropped: PostalLetter[] } {
  const dropped = lettersToPhone(c).filter((l) => l.kind === 'progressNotice');
  if (dropped.length === 0) return { case: c, dropped };
  const ids = new Set(dropped.map((l) => l.id));
  return { case: { ...c, postalLetters: (c.postalLetters ?? []).map((l) => (ids.has(l.id) ? { ...l, withdrawnAt: at } : l)) }, dropped };
}

/** The case with a letter now in the petitioner's hands (or ears), and the event that records it. */
function delivered(
  c: Case,
  letter: PostalLetter,
  ctx: { type: 'letterPosted' | 'letterReceived' | 'letterPhoned' | 'letterHandedOver'; at: string; actor: string },
  detail: Readonly<Record<string, string | boolean | undefined>>,
): { case: Case; event: CaseEvent; letter: PostalLetter } {
  const version = c.version + 1;
  return {
    case: { ...c, postalLetters: (c.postalLetters ?? []).map((l) => (l.id === letter.id ? letter : l)), version, updatedAt: ctx.at },
    event: { caseNumber: c.caseNumber, seq: version, type: ctx.type, at: ctx.at, actor: ctx.actor, detail: { letterId: letter.id, kind: letter.kind, subject: letter.subject, ...detail } },
    letter,
  };
}

/** The day a letter reached the petitioner as staff give it: today if not given; never a day to come, nor one before it was written. */
function dayOfDelivery(letter: PostalLetter, at: string, given: string | undefined, words: { field: string; what: string; inChinese: string }): string {
  const today = chinaDate(at);
  const day = given ?? today;
  if (day > today) {
    throw new InvalidInput(`${words.what} (${day}) is after today (${today})`, [{ path: words.field, message: `after today (${today})`, kind: 'rule', chinese: `晚于今天（${formatDay(today)}）` }]).inChinese(
      `${words.inChinese}（${formatDay(day)}）晚于今天（${formatDay(today)}）`,
    );
  }
  const written = chinaDate(letter.at);
  if (day < written) {
    throw new InvalidInput(`${words.what} (${day}) is before the letter was written (${written})`, [
      { path: words.field, message: `before the letter was written (${written})`, kind: 'rule', chinese: `早于书面告知的制作日期（${formatDay(written)}）` },
    ]).inChinese(`${words.inChinese}（${formatDay(day)}）早于书面告知的制作日期（${formatDay(written)}）`);
  }
  return day;
}
