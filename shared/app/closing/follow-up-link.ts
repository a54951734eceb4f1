import type { Case, FollowUp } from '../../domain/case.js';
import { assertFollowUpOpen, unsatisfiedLeadsTo } from '../../domain/closing.js';
import { OutOfScope } from '../../domain/errors.js';
import type { Province } from '../../domain/province.js';
import { citizenActions } from '../../domain/public-view.js';
import type { CaseRecords } from '../ports.js';
import { holdingOffice } from '../handoff/notices.js';
import { reopenedHandling, reviewingOffice } from './letters.js';
import { sameFollowUpToken } from './closing.js';

/**
 * What the follow-up email's one-click link (回访) shows the petitioner, and
 * what the page after their answer tells them: the case and the office that
 * asks, whether this round was answered already (and how), what 不满意 does
 * to it, the review (复查 / 复核) still open with its last day — 不满意 is not
 * one — and, once 不满意 sent it back, who handles it again and by when.
 */
export interface FollowUpLinkView {
  caseNumber: string;
  subject?: string;
  office: { name: string; address?: string | undefined; phone?: string | undefined };
  answered?: { satisfied: boolean; at: string; via: NonNullable<FollowUp['via']> };
  unsatisfied: 'handledAgain' | 'recordedAfterReview' | 'recordedFinal';
  review?: { kind: '复查' | '复核'; lastDay: string; office: string };
  /** Handled again after 不满意: the unit, the last day of its new handling period, and how soon after it the petitioner is answered. */
  reopened?: { unit: string; handlingBy?: string; replyWithin: string };
}

export interface FollowUpLinkDeps {
  store: Pick<CaseRecords, 'getCaseRecord'>;
  province: Province;
  clock: { now(): Date };
}

/** The view behind a follow-up link; the same refusal for a wrong token and an unknown case, as answering gives. */
export async function readFollowUpLink(deps: FollowUpLinkDeps, caseNumber: string, token: string): Promise<FollowUpLinkView> {
  const c = await deps.store.getCaseRecord(caseNumber);
  if (!c?.followUp?.token || !sameFollowUpToken(c.followUp.token, token)) throw new OutOfScope('this follow-up link is not valid').inChinese('此回访链接无效');
  // A round not answered that the case no longer asks (filed, under review): no form the answer would be refused by.
  if (!c.followUp.answeredAt) assertFollowUpOpen(c);
  return followUpLinkView(deps.province, c, deps.clock.now().toISOString());
}

/** The view of a case as its follow-up stands at `at` (after an answer: the case it left). */
export function followUpLinkView(province: Province, c: Case, at: string): FollowUpLinkView {
  const office = holdingOffice(province, c);
  const { review } = citizenActions(c, { at, limits: province }, (current) => reviewingOffice(province, current));
  const f = c.followUp;
  return {
    caseNumber: c.caseNumber,
    ...(c.subject ? { subject: c.subject } : {}),
    office: { name: office.name, address: office.address, phone: office.phone },
    ...(f?.answeredAt && f.satisfied !== undefined ? { answered: { satisfied: f.satisfied, at: f.answeredAt, via: f.via ?? 'link' } } : {}),
    unsatisfied: unsatisfiedLeadsTo(c, reviewingOffice(province, c) !== undefined),
    ...(review ? { review } : {}),
    ...(c.status === 'inProgress' ? { reopened: reopenedHandling(province, c) } : {}),
  };
}
