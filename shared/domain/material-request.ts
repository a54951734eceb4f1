import type { Case, CaseEvent, MaterialRequest } from './case.js';
import { chinaDate, formatDay } from './case-number.js';
import { IdempotencyKeyReused, InvalidTransition, RuleViolation } from './errors.js';
import { beingHandled } from './lifecycle.js';
import { tellsWithoutEmail } from './postal.js';

/**
 * 请信访人补充材料: while a case is handled, whoever works it (the lead unit,
 * or the office handling it itself) may ask the petitioner for what is
 * missing — what is needed and, optionally, a day by which to send it. The
 * petitioner is told by the way they can be reached (email, a letter to post,
 * a notice to read out on the phone); an anonymous petitioner, or one who
 * left no contact, cannot be asked. The material comes back by the existing
 * ways (a reply to the email, the portal with the query code, at the desk) and
 * answers the open requests.
 *
 * It does not stop the handling clock: the regulation suspends a time limit
 * only for a hearing or an appraisal (中止), never while waiting for material.
 */

/** The most a request may say: a paragraph or two of what is needed, not a letter of its own. */
export const MATERIAL_REQUEST_MAX_LENGTH = 2_000;

/** Why nobody can be asked, in both languages; none when the petitioner can be reached. */
export function materialRequestRefusal(c: Pick<Case, 'petitioner'>): { message: string; chinese: string } | undefined {
  if (c.petitioner.anonymous) {
    return { message: 'the petition is anonymous: there is nobody to ask for material', chinese: '匿名信访无法联系信访人，不能请其补充材料' };
  }
  if (!c.petitioner.email && !tellsWithoutEmail(c)) {
    return { message: 'the petitioner left no email, postal address or telephone number: there is no way to ask for material', chinese: '信访人未留电子邮箱、通信地址或电话，无法请其补充材料' };
  }
  return undefined;
}

/** Whether the case's state allows asking now: being handled (by a unit, or the office itself), of a petitioner who can be reached. */
export function mayRequestMaterial(c: Case): boolean {
  return beingHandled(c) && materialRequestRefusal(c) === undefined;
}

/** The requests not yet answered by material from the petitioner. */
export function openMaterialRequests(c: Pick<Case, 'materialRequests'>): MaterialRequest[] {
  return (c.materialRequests ?? []).filter((r) => r.answeredAt === undefined);
}

export interface MaterialRequestInput {
  needed: string;
  /** YYYY-MM-DD (China): not before today. */
  by?: string | undefined;
  /** The API's Idempotency-Key, if the caller sent one. */
  requestKey?: string | undefined;
}

/** What makes two requests the same request: the words and the day. */
export const materialRequestFingerprint = (request: Pick<MaterialRequestInput, 'needed' | 'by'>): string => JSON.stringify([request.needed.trim(), request.by ?? null]);

/**
 * The request made earlier that this one repeats, if any: the same key (with
 * the same words; another body under it is refused), or, for a caller without
 * keys, the same words still unanswered. Under a new key the same words are
 * asked again: a handler's reminder a week on, sent as such, never swallowed
 * while the console says the petitioner was told.
 */
export function repeatedMaterialRequest(c: Pick<Case, 'materialRequests' | 'caseNumber'>, request: MaterialRequestInput): MaterialRequest | undefined {
  const fingerprint = materialRequestFingerprint(request);
  if (request.requestKey !== undefined) {
    const keyed = c.materialRequests?.find((r) => r.requestKey === request.requestKey);
    if (keyed && keyed.fingerprint !== fingerprint) {
      throw new IdempotencyKeyReused(`Idempotency-Key ${request.requestKey} was used for another material request on case ${c.caseNumber}`).inChinese(
        '该请求编号已用于另一份补充材料请求，请刷新后重新填写',
      );
    }
    return keyed;
  }
  return openMaterialRequests(c).find((r) => r.fingerprint === fingerprint);
}

/** The request recorded on the case, with its `materialRequested` event (who, when, what was asked, by when). */
export function requestMaterial(c: Case, request: MaterialRequestInput, meta: { at: string; actor: string }): { case: Case; event: CaseEvent; request: MaterialRequest } {
  const refusal = materialRequestRefusal(c);
  if (refusal) throw new RuleViolation(refusal.message).inChinese(refusal.chinese);
  if (!beingHandled(c)) {
    throw new InvalidTransition('requestMaterial', c.status, 'material is asked for only while the case is being handled').inChinese('只有正在办理的事项才能请信访人补充材料');
  }
  const needed = request.needed.trim();
  // Checked at the API's edge too (zod); here for every other caller, each refusal at its field.
  if (needed === '') throw new RuleViolation('say what material is needed').inChinese('请写明需要信访人补充的材料').about('needed');
  if (needed.length > MATERIAL_REQUEST_MAX_LENGTH) {
    throw new RuleViolation(`what is needed is at most ${MATERIAL_REQUEST_MAX_LENGTH} characters`).inChinese(`需要补充的材料不超过 ${MATERIAL_REQUEST_MAX_LENGTH} 字`).about('needed');
  }
  const today = chinaDate(meta.at);
  if (request.by !== undefined && request.by < today) {
    throw new RuleViolation(`the day to send it by (${request.by}) is before today (${today})`, { today }).inChinese(`补充期限不能早于今天（${formatDay(today)}）`).about('by');
  }
  const seq = c.version + 1;
  const made: MaterialRequest = {
    seq,
    needed,
    ...(request.by !== undefined ? { by: request.by } : {}),
    requestedBy: meta.actor,
    requestedAt: meta.at,
    ...(request.requestKey !== undefined ? { requestKey: request.requestKey } : {}),
    fingerprint: materialRequestFingerprint({ needed, by: request.by }),
  };
  const next: Case = { ...c, materialRequests: [...(c.materialRequests ?? []), made], version: seq, updatedAt: meta.at };
  const event: CaseEvent = {
    caseNumber: c.caseNumber,
    seq,
    type: 'materialRequested',
    at: meta.at,
    actor: meta.actor,
    detail: { needed, ...(request.by !== undefined ? { by: request.by } : {}) },
  };
  return { case: next, event, request: made };
}

/**
 * Material from the petitioner (a proven email reply, the portal's 补充材料,
 * a repeat visit merged at the desk) answers every request still open: the
 * case notes which message answered them, and the event recording the
 * material names the requests (their seqs) — the history shows it as the
 * answer. Nothing open: the case as it is.
 */
export function answerMaterialRequests(c: Case, answer: { at: string; messageId: string }): { case: Case; answered: number[] } {
  const open = openMaterialRequests(c);
  if (!open.length) return { case: c, answered: [] };
  const materialRequests = (c.materialRequests ?? []).map((r) => (r.answeredAt === undefined ? { ...r, answeredAt: answer.at, answeredBy: answer.messageId } : r));
  return { case: { ...c, materialRequests }, answered: open.map((r) => r.seq) };
}

/** Material recorded (its event), answering the case's open requests: the event names them (`answersMaterialRequests`), so the history shows it as their answer. */
export function withMaterialRequestsAnswered(recorded: { case: Case; event: CaseEvent }, messageId: string, at: string): { case: Case; event: CaseEvent } {
  const { case: answered, answered: seqs } = answerMaterialRequests(recorded.case, { at, messageId });
  if (!seqs.length) return recorded;
  return { case: answered, event: { ...recorded.event, detail: { ...recorded.event.detail, answersMaterialRequests: seqs } } };
}
