import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import type { Case } from '../../shared/domain/case.js';
import { answerFollowUp, archive, close, conclude, decideReview, nextReview, recordSettlement, reply, requestReview } from '../../shared/domain/closing.js';
import { InvalidTransition, RuleViolation } from '../../shared/domain/errors.js';
import { petitionerIntent } from '../../shared/domain/mail/intent.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import { followUpDueAt, sweepDueAt } from '../../shared/domain/chase.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';
import { ledgerEntryOf } from '../../shared/domain/ledger.js';
import { publicCaseView } from '../../shared/domain/public-view.js';
import { caseWorkClock } from '../../shared/domain/work-clock.js';
import { followUpMail, reviewRefusalReason } from '../../shared/app/closing/letters.js';

const PROVINCE = loadProvinceConfig(DEMO_CONFIG);
const TREE = PROVINCE.tree;

const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);
const settings = { base: DEFAULT_TIME_LIMITS };
const LIMITS = { timeLimitsFor: () => settings, calendar };
const now = (at: string) => ({ at, limits: LIMITS });
const parents: Record<string, string> = { '330122': '330100', '330100': '330000' };
const ctx = (at: string, actor = 'tonglu-hrss-handler') => ({ at, actor, settings, calendar, followUpAfterDays: 7, parentOf: (code: string) => parents[code] });

function working(overrides: Partial<Case> = {}): Case {
  return {
    caseNumber: '330122-2026-000321',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'email',
    status: 'inProgress',
    matter: '拖欠工资。',
    petitioner: { anonymous: false, name: '赵建国', email: 'zjg@163.example' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-09-01T02:00:00.000Z',
    registeredAt: '2026-09-01T02:00:01.000Z',
    registeredBy: 'system:intake',
    handling: { lead: '330122-hrss', cooperating: [] },
    deadlines: { handling: '2026-10-31T16:00:00.000Z' },
    attachments: [],
    version: 5,
    updatedAt: '2026-09-02T02:00:00.000Z',
    ...overrides,
  };
}

const RESULT = { facts: '查明欠薪属实。', basis: '《保障农民工工资支付条例》。', decision: '责令支付。', outcome: 'supported' as const };

/** Concluded on 2 Oct 2026 and replied on 9 Oct. */
function replied(overrides: Partial<Case> = {}): Case {
  const concluded = conclude(working(overrides), RESULT, ctx('2026-10-02T02:00:00.000Z')).case;
  return reply(concluded, { letterId: 'decision:1', delivery: 'email' }, ctx('2026-10-09T02:00:00.000Z')).case;
}

describe('concluding and replying', () => {
  it('records the result with the unit, starts the 5-day reply clock, and needs facts, basis and decision', () => {
    const { case: c, event } = conclude(working(), RESULT, ctx('2026-10-02T02:00:00.000Z'));
    expect(c).toMatchObject({ status: 'concluded', result: { unit: '330122-hrss', outcome: 'supported', concludedBy: 'tonglu-hrss-handler' } });
    // 5 calendar days from 2 Oct end on 7 Oct, inside 国庆: the reply is due by the end of Thu 8 Oct.
    expect(c.deadlines.reply).toBe('2026-10-08T16:00:00.000Z');
    expect(event).toMatchObject({ type: 'concluded', from: 'inProgress', to: 'concluded' });
    expect(() => conclude(working(), { ...RESULT, basis: ' ' }, ctx('2026-10-02T02:00:00.000Z'))).toThrow(/basis/);
  });

  it('自办: the office concludes and replies to a case it accepted and handles itself; a unit’s case stays the unit’s', () => {
    const office = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice' as const] };
    const { handling: _h, ...unassigned } = working();
    const accepted: Case = { ...unassigned, status: 'accepted' };
    expect(allowedActions(office, accepted, TREE)).toContain('conclude');
    const { case: c, event } = conclude(accepted, RESULT, ctx('2026-10-02T02:00:00.000Z', 'tonglu-office'));
    expect(c).toMatchObject({ status: 'concluded', result: { concludedBy: 'tonglu-office' } });
    expect(c.result).not.toHaveProperty('unit');
    expect(event).toMatchObject({ type: 'concluded', from: 'accepted', to: 'concluded' });
    expect(allowedActions(office, c, TREE)).toContain('reply');
    expect(reply(c, { letterId: 'decision:1', delivery: 'email' }, ctx('2026-10-03T02:00:00.000Z', 'tonglu-office')).case.status).toBe('replied');
    // Assigned to a unit, the conclusion is the unit's.
    expect(allowedActions(office, working({ status: 'assigned' }), TREE)).not.toContain('conclude');
  });

  it('自办: the office’s answer is redone by the office when the petitioner is not satisfied or a 复查 revokes it, and it may ask for an extension', () => {
    const office = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice' as const] };
    const { handling: _h, ...unassigned } = working();
    const selfHandled: Case = { ...unassigned, status: 'accepted' };
    expect(allowedActions(office, selfHandled, TREE)).toContain('requestExtension');
    const concluded = conclude(selfHandled, RESULT, ctx('2026-10-02T02:00:00.000Z', 'tonglu-office')).case;
    const answered = reply(concluded, { letterId: 'decision:1', delivery: 'email' }, ctx('2026-10-09T02:00:00.000Z', 'tonglu-office')).case;

    const unsatisfied = answerFollowUp({ ...answered, followUp: { ...answered.followUp!, sentAt: '2026-10-16T02:00:00.000Z' } }, { satisfied: false, via: 'link', comment: '工资仍未发放' }, ctx('2026-10-17T02:00:00.000Z', 'petitioner'))!;
    expect(unsatisfied.event.type).toBe('reopened');
    expect(unsatisfied.case).toMatchObject({ status: 'inProgress' });
    expect(unsatisfied.case.deadlines.handling).toBeDefined();
    expect(allowedActions(office, unsatisfied.case, TREE)).toContain('conclude');

    const underReview = requestReview(answered, { reason: '不服处理意见', requestedBy: 'petitioner' }, ctx('2026-10-12T02:00:00.000Z', 'petitioner')).case;
    const revoked = decideReview(underReview, { outcome: 'revoked', summary: '事实不清，撤销', letterId: 'review:1', delivery: 'email' }, ctx('2026-10-20T02:00:00.000Z', 'hz-office'));
    expect(revoked.event.type).toBe('reopened');
    expect(revoked.case).toMatchObject({ status: 'inProgress', reviewLevel: 1 });
  });

  it('the reply states the review window (30 days) and schedules the follow-up a week later', () => {
    const c = replied();
    expect(c.status).toBe('replied');
    // 30 days from Fri 9 Oct end on Sun 8 Nov, a rest day: the window runs to the end of Mon 9 Nov.
    expect(c.reply).toMatchObject({ level: 0, delivery: 'email', reviewRequestBy: '2026-11-09T16:00:00.000Z' });
    expect(c.followUp).toEqual({ dueAt: '2026-10-16T02:00:00.000Z', round: 1 });
  });

  it('an anonymous petitioner is not followed up', () => {
    expect(replied({ petitioner: { anonymous: true } }).followUp).toBeUndefined();
  });

  it('an anonymous petition has no review window, so it may be filed once closed', () => {
    const answered = replied({ petitioner: { anonymous: true } });
    expect(answered.reply?.reviewRequestBy).toBeUndefined();
    const closed = close(answered, { at: '2026-10-10T02:00:00.000Z', actor: 'tonglu-office' }).case;
    expect(archive(closed, { key: 'k' }, { at: '2026-10-10T03:00:00.000Z', actor: 'tonglu-office', retentionYears: 3, limits: LIMITS }).case.status).toBe('archived');
  });
});

describe('the tracking page’s steps', () => {
  it('call a move before acceptance 转送 and one after it 转办, as the letters do', () => {
    const c = replied();
    const moved = (from: Case['status'], seq: number) => ({ caseNumber: c.caseNumber, seq, type: 'transferred' as const, at: '2026-10-01T02:00:00.000Z', actor: 'tonglu-office', from, to: from });
    const steps = publicCaseView(c, [moved('registered', 2), moved('inProgress', 3)], { office: '桐庐县信访局' }, undefined).steps.map((s) => s.text);
    expect(steps).toEqual(['转送有权处理的机关办理', '转办，由其他承办单位或机关办理']);
  });
});

describe('the tracking page’s clock', () => {
  it('gives a provisional last day as 约, as the letters do', () => {
    const c = working({ deadlines: { handling: '2027-03-07T16:00:00.000Z', provisional: ['handling'] } });
    const at = new Date('2026-12-07T02:00:00.000Z');
    expect(publicCaseView(c, [], { office: '桐庐县信访局' }, caseWorkClock(c, at, calendar)).clock?.text).toBe('最迟应于 2027年3月7日（约，当年节假日安排公布后确定）办结');
    const settled = working({ deadlines: { handling: '2026-12-30T16:00:00.000Z' } });
    expect(publicCaseView(settled, [], { office: '桐庐县信访局' }, caseWorkClock(settled, at, calendar)).clock?.text).toBe('最迟应于 2026年12月30日办结');
  });
});

describe('review (复查) and re-review (复核)', () => {
  it('goes to the next-higher level within the window, then once more, then the matter is final', () => {
    let c = replied();
    c = requestReview(c, { reason: '不服', requestedBy: 'petitioner' }, ctx('2026-10-20T02:00:00.000Z', 'petitioner')).case;
    expect(c).toMatchObject({ status: 'underReview', reviews: [{ level: 1, jurisdiction: '330100' }] });
    // Asked again while it waits: said as what it is, not as a case not yet answered.
    const again = c;
    expect(() => requestReview(again, { reason: '再次申请', requestedBy: 'petitioner' }, ctx('2026-10-21T02:00:00.000Z', 'petitioner'))).toThrow(
      expect.objectContaining({ chinese: '该事项已申请复查，正在等待复查意见，不能重复申请' }),
    );
    expect(c.deadlines.reviewDecision).toBe('2026-11-19T16:00:00.000Z');
    c = decideReview(c, { outcome: 'upheld', summary: '维持', letterId: 'review:1', delivery: 'email' }, ctx('2026-11-10T02:00:00.000Z', 'hz-office')).case;
    expect(c).toMatchObject({ status: 'replied', reviewLevel: 1, reply: { level: 1 } });
    expect(nextReview(c, (code) => parents[code])).toEqual({ level: 2, jurisdiction: '330000' });
    // The petitioner's tracking page says what comes next: 复核, not 复查.
    expect(publicCaseView(c, [], { office: '杭州市信访局' }, undefined).explanation).toContain('不服的，可以请求复核，最迟于2026年12月10日提出');
    // Once that day has passed, the page says so instead of offering it.
    expect(publicCaseView(c, [], { office: '杭州市信访局' }, undefined, now('2026-12-11T02:00:00.000Z')).explanation).toContain('请求复核的期限已于2026年12月10日届满。');
    expect(publicCaseView(c, [], { office: '杭州市信访局' }, undefined, now('2026-12-11T02:00:00.000Z')).explanation).not.toContain('不服的');
    c = requestReview(c, { reason: '仍不服', requestedBy: 'petitioner' }, ctx('2026-11-20T02:00:00.000Z', 'petitioner')).case;
    expect(c).toMatchObject({ status: 'underReReview', reviews: [{ level: 1 }, { level: 2, jurisdiction: '330000' }] });
    c = decideReview(c, { outcome: 'upheld', summary: '维持', letterId: 'rereview:1', delivery: 'email' }, ctx('2026-12-01T02:00:00.000Z', 'zj-office')).case;
    expect(c).toMatchObject({ status: 'replied', reviewLevel: 2, reply: { level: 2 } });
    expect(publicCaseView(c, [], { office: '浙江省信访局' }, undefined).explanation).toContain('复核意见为最终意见');
    expect(c.reply?.reviewRequestBy).toBeUndefined();
    expect(() => requestReview(c, { reason: '再申请', requestedBy: 'petitioner' }, ctx('2026-12-02T02:00:00.000Z'))).toThrow(/final/);
  });

  it('a 复查 that revokes (撤销) the decision sends the matter back to its unit, handled again within a new period; its next answer leads to 复核', () => {
    let c = replied();
    const followUpRound = c.followUp!.round;
    c = requestReview(c, { reason: '不服', requestedBy: 'petitioner' }, ctx('2026-10-20T02:00:00.000Z', 'petitioner')).case;
    const revoked = decideReview(c, { outcome: 'revoked', summary: '事实不清，撤销原处理意见，责令重新办理', letterId: 'review:1', delivery: 'email' }, ctx('2026-11-10T02:00:00.000Z', 'hz-office'));
    expect(revoked.precededBy?.map((e) => [e.type, e.detail?.outcome])).toEqual([['reviewDecided', 'revoked']]);
    expect(revoked.event).toMatchObject({ type: 'reopened', from: 'replied', to: 'inProgress', seq: revoked.precededBy![0]!.seq + 1 });
    expect(revoked.case).toMatchObject({ status: 'inProgress', reviewLevel: 1, handling: { lead: '330122-hrss' }, reviews: [{ level: 1, outcome: 'revoked' }] });
    expect(revoked.case.result).toBeUndefined();
    expect(revoked.case.reply).toBeUndefined();
    // A new handling period from the decision: 60 days from 10 November end on 9 January 2027.
    expect(revoked.case.deadlines.handling).toBe('2027-01-09T16:00:00.000Z');
    // Only the new handling clock runs: neither the first answer's 答复期限 nor the decided 复查's 复查期限 stays beside it.
    expect(revoked.case.deadlines).not.toHaveProperty('reply');
    expect(revoked.case.deadlines).not.toHaveProperty('reviewDecision');
    expect(Object.keys(revoked.case.deadlines.started ?? {})).not.toContain('reply');
    // Answered again by the unit: the next step is 复核, and the follow-up asks about the new answer.
    const concluded = conclude(revoked.case, RESULT, ctx('2026-12-01T02:00:00.000Z')).case;
    const answered = reply(concluded, { letterId: 'decision:2', delivery: 'email' }, ctx('2026-12-02T02:00:00.000Z')).case;
    expect(nextReview(answered, (code) => parents[code])).toEqual({ level: 2, jurisdiction: '330000' });
    expect(answered.followUp?.round).toBe(followUpRound + 1);
    // The follow-up round sent before the review asks about an answer being redone: not answered now.
    expect(() => answerFollowUp(revoked.case, { satisfied: true, via: 'link' }, ctx('2026-11-11T02:00:00.000Z', 'petitioner'))).toThrow(InvalidTransition);
    // Reopened from closed, it is no longer counted closed.
    const fromClosed = decideReview({ ...c, closedAt: '2026-10-15T02:00:00.000Z' }, { outcome: 'revoked', summary: '撤销', letterId: 'review:1', delivery: 'email' }, ctx('2026-11-10T02:00:00.000Z', 'hz-office')).case;
    expect(fromClosed.closedAt).toBeUndefined();
    expect(ledgerEntryOf(fromClosed)).not.toHaveProperty('closedAt');
    // Upheld or revised, the review's letter is the new reply.
    expect(decideReview(c, { outcome: 'revised', summary: '变更', letterId: 'review:1', delivery: 'email' }, ctx('2026-11-10T02:00:00.000Z', 'hz-office')).case.status).toBe('replied');
  });

  it('the follow-up says what 不满意 does: handled again by the unit, or, after the final 复核, only recorded', () => {
    let c = replied();
    const first = followUpMail(PROVINCE, c, 'token-1')!.text;
    expect(first).toContain('表示不满意的，该事项将重新交承办单位办理。');
    // 不满意 is not a 复查 request: the letter's last day for one runs on.
    expect(first).toContain('“不满意”不是复查申请：对处理意见不服、要求复查的，请于2026年11月9日前（含当日）另行向杭州市信访局申请复查，可在网上信访的办理进展页提出；这一期限不因回访而延长。表示不满意、事项重新办理的，对重新作出的处理意见仍可以申请复查。');
    c = requestReview(c, { reason: '不服', requestedBy: 'petitioner' }, ctx('2026-10-20T02:00:00.000Z', 'petitioner')).case;
    c = decideReview(c, { outcome: 'upheld', summary: '维持', letterId: 'review:1', delivery: 'email' }, ctx('2026-11-10T02:00:00.000Z', 'hz-office')).case;
    c = requestReview(c, { reason: '仍不服', requestedBy: 'petitioner' }, ctx('2026-11-20T02:00:00.000Z', 'petitioner')).case;
    c = decideReview(c, { outcome: 'upheld', summary: '维持', letterId: 'rereview:1', delivery: 'email' }, ctx('2026-12-01T02:00:00.000Z', 'zj-office')).case;
    const mail = followUpMail(PROVINCE, c, 'token-2')!;
    expect(mail.text).toContain('该事项已经复核，复核意见为最终意见；表示不满意的，您的意见将记录在案，该事项不再重新办理。');
    expect(mail.text).not.toContain('重新交承办单位办理');
    const answered = answerFollowUp(c, { satisfied: false, via: 'link' }, ctx('2026-12-09T02:00:00.000Z', 'petitioner'))!;
    expect(answered.case).toMatchObject({ status: 'replied', followUp: { satisfied: false } });
  });

  it('不满意 with a 复查’s decision is recorded, not sent back to the unit the review ruled on: 复核 is the way on', () => {
    let c = replied();
    c = requestReview(c, { reason: '不服', requestedBy: 'petitioner' }, ctx('2026-10-20T02:00:00.000Z', 'petitioner')).case;
    c = decideReview(c, { outcome: 'revised', summary: '变更：责令退还多收费用', letterId: 'review:1', delivery: 'email' }, ctx('2026-11-10T02:00:00.000Z', 'hz-office')).case;
    const mail = followUpMail(PROVINCE, c, 'token-2')!;
    expect(mail.text).toContain('“不满意”不是复核申请：对复查意见不服、要求复核的，请于2026年12月10日前（含当日）另行向浙江省信访局申请复核');
    expect(mail.text).not.toContain('重新交承办单位办理');
    const answered = answerFollowUp(c, { satisfied: false, via: 'link', comment: '还是不满意' }, ctx('2026-11-18T02:00:00.000Z', 'petitioner'))!;
    expect(answered.case).toMatchObject({ status: 'replied', reviewLevel: 1, reply: { level: 1, letterId: 'review:1' }, followUp: { satisfied: false } });
    expect(answered.event.type).toBe('followUpAnswered');
    // The way on stays open: 复核 at the province.
    expect(nextReview(answered.case, (code) => parents[code])).toEqual({ level: 2, jurisdiction: '330000' });
  });

  it('judges a request by when it was received, not when it was keyed in, and counts the review’s 30 days from then', () => {
    // Posted and received on Mon 9 Nov, the last day; registered on Tue 10 Nov.
    const { case: c, event } = requestReview(replied(), { reason: '不服', requestedBy: 'tonglu-registrar', receivedAt: '2026-11-09T17:30:00+08:00' }, ctx('2026-11-10T02:00:00.000Z'));
    expect(c.reviews?.[0]?.requestedAt).toBe('2026-11-09T09:30:00.000Z');
    // 30 days from 9 November end on 9 December.
    expect(c.deadlines.reviewDecision).toBe('2026-12-09T16:00:00.000Z');
    expect(event.detail).toMatchObject({ receivedAt: '2026-11-09T09:30:00.000Z' });
    // Received the day after the window: late, however it is keyed in.
    expect(() => requestReview(replied(), { reason: '不服', requestedBy: 'x', receivedAt: '2026-11-10T08:00:00+08:00' }, ctx('2026-11-10T02:00:00.000Z'))).toThrow(/2026年11月9日/);
    // Not in the future, nor before the reply it disputes.
    expect(() => requestReview(replied(), { reason: '不服', requestedBy: 'x', receivedAt: '2026-11-11T08:00:00+08:00' }, ctx('2026-11-10T02:00:00.000Z'))).toThrow(/later than now/);
    expect(() => requestReview(replied(), { reason: '不服', requestedBy: 'x', receivedAt: '2026-10-01T08:00:00+08:00' }, ctx('2026-11-10T02:00:00.000Z'))).toThrow(/before the written reply/);
  });

  it('does not call late a request against a letter on paper whose receipt is not recorded: the window runs from its receipt', () => {
    // Replied 9 October by a letter posted on Monday 12 October; its 30 days counted from posting end on 11 November.
    const answered = replied({ petitioner: { anonymous: false, name: '赵建国', address: '桐庐县城南街道幸福里5幢' } });
    // As marking it posted (and recording its receipt) recount the window the case keeps.
    const windowTo = (reviewRequestBy: string) => ({ ...answered.reply!, delivery: 'post' as const, reviewRequestBy });
    const posted: Case = {
      ...answered,
      reply: windowTo('2026-11-11T16:00:00.000Z'),
      postalLetters: [{ id: 'decision:1', kind: 'decisionLetter', subject: '信访事项处理意见书', at: '2026-10-09T02:00:00.000Z', from: '330122', postedOn: '2026-10-12', postedAt: '2026-10-12T02:00:00.000Z' }],
    };
    const request = { reason: '不服', requestedBy: 'tonglu-registrar', receivedAt: '2026-11-13T10:00:00+08:00' };
    // Received on 13 November: in time if the letter took two days or more, which only its receipt says.
    let refusal: RuleViolation | undefined;
    try {
      requestReview(posted, request, ctx('2026-11-13T03:00:00.000Z'));
    } catch (error) {
      refusal = error as RuleViolation;
    }
    expect(refusal).toBeInstanceOf(RuleViolation);
    expect(refusal!.details).toMatchObject({ receiptNeeded: true, letterId: 'decision:1' });
    expect(refusal!.chinese).toContain('请先按邮件回执或投递记录登记签收日期');
    // Received (签收) on 15 October: 30 days from then end on Saturday 14 November, on to Monday 16, and the request is in time.
    const received = { ...posted, reply: windowTo('2026-11-16T16:00:00.000Z'), postalLetters: [{ ...posted.postalLetters![0]!, receivedOn: '2026-10-15', receivedRecordedAt: '2026-10-20T02:00:00.000Z' }] };
    expect(requestReview(received, request, ctx('2026-11-13T03:00:00.000Z')).case.status).toBe('underReview');
    // Received on 12 October, the day it was posted: then it is late, and said so.
    const sameDay = { ...posted, postalLetters: [{ ...posted.postalLetters![0]!, receivedOn: '2026-10-12', receivedRecordedAt: '2026-10-20T02:00:00.000Z' }] };
    expect(() => requestReview(sameDay, request, ctx('2026-11-13T03:00:00.000Z'))).toThrow(/after the time limit/);
  });

  it('tells a late petitioner the window of the jurisdiction, not always 30 days', () => {
    const fifteenWorkingDays = { ...ctx('2026-11-09T16:00:00.000Z'), settings: { base: DEFAULT_TIME_LIMITS, jurisdiction: { reviewRequest: { days: 15, count: 'working' as const } } } };
    let refusal: unknown;
    try {
      requestReview(replied(), { reason: '不服', requestedBy: 'petitioner' }, fifteenWorkingDays);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RuleViolation);
    expect((refusal as RuleViolation).message).toContain('within 15 working days');
    expect(reviewRefusalReason(refusal as RuleViolation)).toBe('复查申请应当自收到书面答复之日起15个工作日内提出，本事项的申请期限已于2026年11月9日届满。');
  });

  it('tells a late petitioner what the 复核 window ran from: the written 复查意见, not the first answer', () => {
    const asked = requestReview(replied(), { reason: '不服', requestedBy: 'petitioner' }, ctx('2026-10-12T02:00:00.000Z')).case;
    const reviewed = decideReview(asked, { outcome: 'upheld', summary: '维持。', letterId: 'review:1', delivery: 'email' }, ctx('2026-10-20T02:00:00.000Z', 'hz-office')).case;
    let refusal: unknown;
    try {
      requestReview(reviewed, { reason: '不服', requestedBy: 'petitioner' }, ctx('2026-11-25T02:00:00.000Z'));
    } catch (error) {
      refusal = error;
    }
    expect(reviewRefusalReason(refusal as RuleViolation)).toBe('复核申请应当自收到书面复查意见之日起30日内提出，本事项的申请期限已于2026年11月19日届满。');
  });

  it('does not tell a petitioner whose posted letter has no receipt on record that there is no level above', () => {
    const answered = replied();
    const posted: Case = {
      ...answered,
      reply: { ...answered.reply!, delivery: 'post', reviewRequestBy: '2026-11-11T16:00:00.000Z' },
      postalLetters: [{ id: 'decision:1', kind: 'decisionLetter', subject: '信访事项处理意见书', at: '2026-10-09T02:00:00.000Z', from: '330122', postedOn: '2026-10-12', postedAt: '2026-10-12T02:00:00.000Z' }],
    };
    let refusal: unknown;
    try {
      requestReview(posted, { reason: '不服', requestedBy: 'petitioner' }, ctx('2026-11-13T03:00:00.000Z'));
    } catch (error) {
      refusal = error;
    }
    expect(reviewRefusalReason(refusal as RuleViolation)).toBe(
      '处理意见书以邮寄送达，复查申请期限自您收到之日起算，而本机关尚未登记您收到的日期，暂不能确认申请是否在期限内。请书面提出复查申请，写明登记编号、理由和收到处理意见书的日期（可附邮件签收凭证）。',
    );
  });
});

describe('follow-up (回访)', () => {
  const sent = () => {
    const c = replied();
    return { ...c, followUp: { ...c.followUp!, sentAt: '2026-10-16T02:00:00.000Z' } };
  };

  it('satisfied is recorded; a second answer changes nothing', () => {
    const answered = answerFollowUp(sent(), { satisfied: true, via: 'link' }, ctx('2026-10-17T02:00:00.000Z', 'petitioner'))!;
    expect(answered.case).toMatchObject({ status: 'replied', followUp: { satisfied: true, via: 'link' } });
    expect(answered.event.type).toBe('followUpAnswered');
    expect(answerFollowUp(answered.case, { satisfied: false, via: 'link' }, ctx('2026-10-18T02:00:00.000Z'))).toBeUndefined();
  });

  it('not satisfied reopens the case for the handling unit with a new handling period', () => {
    const { case: c, event } = answerFollowUp(sent(), { satisfied: false, via: 'email', comment: '没解决' }, ctx('2026-10-17T02:00:00.000Z', 'petitioner'))!;
    expect(c).toMatchObject({ status: 'inProgress', handling: { lead: '330122-hrss' }, followUp: { satisfied: false } });
    expect(c.result).toBeUndefined();
    expect(c.deadlines.handling).toBe('2026-12-16T16:00:00.000Z');
    expect(event).toMatchObject({ type: 'reopened', reason: '没解决' });
  });

  it('not satisfied leaves no 答复期限 of the round before beside the new 办理期限: the reply clock starts again with the new answer', () => {
    const before = sent();
    expect(before.deadlines.reply).toBeDefined();
    const { case: c } = answerFollowUp(before, { satisfied: false, via: 'email', comment: '没解决' }, ctx('2026-10-17T02:00:00.000Z', 'petitioner'))!;
    expect(c.deadlines.reply).toBeUndefined();
    expect(c.deadlines.started?.reply).toBeUndefined();
    expect(c.deadlines.explanations?.reply).toBeUndefined();
    expect(c.deadlines.provisional ?? []).not.toContain('reply');
    expect(c.deadlines.started?.handling).toBe('2026-10-17T02:00:00.000Z');
    expect(c.deadlines.explanations?.handling).toBeDefined();
    // Concluded again: the reply clock runs from the new conclusion.
    const concluded = conclude(c, RESULT, ctx('2026-11-02T02:00:00.000Z')).case;
    expect(concluded.deadlines.started?.reply).toBe('2026-11-02T02:00:00.000Z');
  });
});

describe('息诉罢访 (the petitioner accepts the outcome)', () => {
  const sent = () => {
    const c = replied();
    return { ...c, followUp: { ...c.followUp!, sentAt: '2026-10-16T02:00:00.000Z' } };
  };

  it('is recorded by a follow-up answered satisfied, and not by an unsatisfied one', () => {
    const answered = answerFollowUp(sent(), { satisfied: true, via: 'link' }, ctx('2026-10-17T02:00:00.000Z', 'petitioner'))!;
    expect(answered.case.settled).toEqual({ at: '2026-10-17T02:00:00.000Z', by: 'petitioner', how: 'followUp' });
    expect(answered.event.detail).toMatchObject({ satisfied: true, settled: true });
    expect(answerFollowUp(sent(), { satisfied: false, via: 'link' }, ctx('2026-10-17T02:00:00.000Z', 'petitioner'))!.case.settled).toBeUndefined();
  });

  it('is declared to the office once the reply is out, with how, once; not before the reply nor while a review runs', () => {
    const { case: c, event } = recordSettlement(replied(), { note: ' 签订息诉罢访承诺书 ' }, { at: '2026-10-20T02:00:00.000Z', actor: 'tonglu-office' });
    expect(c.settled).toEqual({ at: '2026-10-20T02:00:00.000Z', by: 'tonglu-office', how: 'declared', note: '签订息诉罢访承诺书' });
    expect(event).toMatchObject({ type: 'settled', reason: '签订息诉罢访承诺书', seq: c.version });
    expect(() => recordSettlement(c, { note: '再次' }, { at: '2026-10-21T02:00:00.000Z', actor: 'tonglu-office' })).toThrow(/already recorded as settled on 2026年10月20日/);
    expect(() => recordSettlement(working(), { note: '承诺' }, { at: '2026-10-21T02:00:00.000Z', actor: 'tonglu-office' })).toThrow(InvalidTransition);
    const underReview = requestReview(replied(), { reason: '不服', requestedBy: 'petitioner' }, ctx('2026-10-20T02:00:00.000Z')).case;
    expect(() => recordSettlement(underReview, { note: '承诺' }, { at: '2026-10-21T02:00:00.000Z', actor: 'tonglu-office' })).toThrow(InvalidTransition);
  });

  it('is withdrawn when the petitioner asks for a review after all, the event saying so', () => {
    const settled = recordSettlement(replied(), { note: '口头表示接受' }, { at: '2026-10-20T02:00:00.000Z', actor: 'tonglu-office' }).case;
    const { case: c, event } = requestReview(settled, { reason: '反悔，不服处理意见', requestedBy: 'petitioner' }, ctx('2026-10-25T02:00:00.000Z'));
    expect(c.settled).toBeUndefined();
    expect(event.detail).toMatchObject({ settlementWithdrawn: '2026-10-20T02:00:00.000Z' });
    // The statistics count the request from now, not only once it is decided.
    expect(ledgerEntryOf(c)).toMatchObject({ reviewLevel: 0, reviewAsked: 1 });
    expect(ledgerEntryOf(settled)).not.toHaveProperty('reviewAsked');
  });
});

describe('close and archive', () => {
  it('closes a replied case and archives it for the retention period', () => {
    const closed = close(replied(), { at: '2026-11-20T02:00:00.000Z', actor: 'tonglu-office' }).case;
    expect(closed).toMatchObject({ status: 'closed', closedAt: '2026-11-20T02:00:00.000Z' });
    const archived = archive(closed, { key: 'archive/330122-2026-000321/file.json' }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-office', retentionYears: 3, limits: LIMITS }).case;
    expect(archived.archive).toEqual({ at: '2026-11-21T02:00:00.000Z', key: 'archive/330122-2026-000321/file.json', retainUntil: '2029-11-21T02:00:00.000Z' });
    expect(() => archive(replied(), { key: 'k' }, { at: '2026-11-21T02:00:00.000Z', actor: 'x', retentionYears: 3, limits: LIMITS })).toThrow(InvalidTransition);
  });
  it('closing right after the reply keeps the review right and the follow-up; filing waits until the review window has passed', () => {
    // Replied on 9 Oct: a review may be asked for until the end of Mon 9 Nov; the follow-up falls due on 16 Oct.
    const closed = close(replied(), { at: '2026-10-10T02:00:00.000Z', actor: 'tonglu-office' }).case;
    expect(followUpDueAt(closed)).toBe('2026-10-16T02:00:00.000Z');
    expect(sweepDueAt(closed)).toBe('2026-10-16T02:00:00.000Z');
    const office = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice' as const] };
    expect(allowedActions(office, closed, TREE, now('2026-10-10T02:00:00.000Z'))).toEqual(expect.arrayContaining(['requestReview', 'recordFollowUp']));
    expect(allowedActions(office, closed, TREE, now('2026-10-10T02:00:00.000Z'))).not.toContain('archive');
    expect(() => archive(closed, { key: 'k' }, { at: '2026-11-09T15:59:00.000Z', actor: 'tonglu-office', retentionYears: 3, limits: LIMITS })).toThrow(
      'the petitioner may still ask for a review (复查) until 2026年11月9日: file the case after that',
    );
    // From the first moment after the window.
    expect(allowedActions(office, closed, TREE, now('2026-11-09T16:00:00.000Z'))).toContain('archive');
    expect(archive(closed, { key: 'k' }, { at: '2026-11-09T16:00:00.000Z', actor: 'tonglu-office', retentionYears: 3, limits: LIMITS }).case.status).toBe('archived');
    // A re-review's decision is final: nothing to wait for.
    const final = { ...closed, reviewLevel: 2 as const, reply: { ...closed.reply!, level: 2 as const } };
    expect(archive(final, { key: 'k' }, { at: '2026-10-10T03:00:00.000Z', actor: 'tonglu-office', retentionYears: 3, limits: LIMITS }).case.status).toBe('archived');
  });

  it('a review asked for after the case was filed is refused for its real reason: the day its window ended, or that the matter is final', () => {
    const closed = close(replied(), { at: '2026-10-10T02:00:00.000Z', actor: 'tonglu-office' }).case;
    const archived = archive(closed, { key: 'k' }, { at: '2026-11-10T02:00:00.000Z', actor: 'tonglu-office', retentionYears: 3, limits: LIMITS }).case;
    let refusal: unknown;
    try {
      requestReview(archived, { reason: '不服', requestedBy: 'petitioner' }, ctx('2026-11-20T02:00:00.000Z'));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RuleViolation);
    expect((refusal as RuleViolation).chinese).toBe('申请已超过期限：复查应当自收到书面答复之日起30日内提出，即不晚于2026年11月9日');
    const final = archive({ ...closed, reviewLevel: 2, reply: { ...closed.reply!, level: 2 } }, { key: 'k' }, { at: '2026-10-10T03:00:00.000Z', actor: 'tonglu-office', retentionYears: 3, limits: LIMITS }).case;
    expect(() => requestReview(final, { reason: '不服', requestedBy: 'petitioner' }, ctx('2026-11-20T02:00:00.000Z'))).toThrow(expect.objectContaining({ chinese: '该事项已经复核，复核意见为最终意见，不再复查', details: { final: true } }));
  });
});

describe('what a petitioner’s reply asks for', () => {
  it.each([
    ['满意，谢谢！', { kind: 'followUp', satisfied: true }],
    ['非常满意', { kind: 'followUp', satisfied: true }],
    ['不满意，问题没有解决', { kind: 'followUp', satisfied: false }],
    ['我对处理意见不服，申请复查。', { kind: 'review', level: 'review' }],
    ['要求复核', { kind: 'review', level: 'reReview' }],
    ['收到，知道了。\n\n在 2026年10月16日 10:00，桐庐县信访局 写道：\n> 请告诉我们您是否满意', undefined],
    ['好的\n-----原始邮件-----\n您对办理结果是否满意？满意：…', undefined],
    ['> 满意：http://…\n还是不满意，钱没到账', { kind: 'followUp', satisfied: false }],
    // Big5 mail from Hong Kong and Taiwan: the same answers in traditional characters, and their clients' quote headers.
    ['不滿意，問題沒有解決', { kind: 'followUp', satisfied: false }],
    ['非常滿意，謝謝', { kind: 'followUp', satisfied: true }],
    ['我對處理意見不服，申請複查。', { kind: 'review', level: 'review' }],
    ['要求複核', { kind: 'review', level: 'reReview' }],
    ['收到了。\n\n寄件者: 桐庐县信访局\n您对办理结果是否满意？', undefined],
    ['好的\n-----原始郵件-----\n您对办理结果是否满意？', undefined],
  ])('%j → %j', (text, intent) => {
    expect(petitionerIntent(text)).toEqual(intent);
  });
});

describe('what the tracking page says of a decline or a redirection', () => {
  it('a decline is not called outside the petitions’ scope (a repeat or a legal route is declined too); a redirection names the body', () => {
    const declined = { ...working(), status: 'declined' as const };
    expect(publicCaseView(declined, [], { office: '桐庐县信访局' }, undefined).explanation).toBe('该事项不予受理，理由见下方办理过程。');
    const redirectedEvent = { caseNumber: declined.caseNumber, seq: 2, type: 'redirected' as const, at: '2026-10-01T02:00:00.000Z', actor: 'system:router', reason: '…', detail: { toBody: '桐庐县人民法院' } };
    expect(publicCaseView({ ...declined, status: 'redirected' }, [redirectedEvent], { office: '桐庐县信访局' }, undefined).steps.map((step) => step.text)).toContain('告知向有权处理的机关提出：桐庐县人民法院');
  });
});

describe('a review window stated before its year’s holidays were published', () => {
  it('is held open past a holiday the calendar now shows, never closed earlier than the letter said', async () => {
    const { WorkingCalendar } = await import('../../shared/domain/calendar.js');
    // Replied on 6 September 2027 with no 2027 calendar: 30 days, to Wednesday 6 October (weekends only).
    const concluded = conclude(working({ receivedAt: '2027-08-01T02:00:00.000Z', deadlines: { handling: '2027-10-31T16:00:00.000Z' } }), RESULT, ctx('2027-09-05T02:00:00.000Z'));
    const answered = reply(concluded.case, { letterId: 'decision:1', delivery: 'email' }, ctx('2027-09-06T02:00:00.000Z')).case;
    expect(answered.reply!.reviewRequestBy).toBe('2027-10-06T16:00:00.000Z');
    // On 8 October, the day after 国庆 in the (here invented) 2027 calendar now configured, the request is still in time.
    const published = new WorkingCalendar([...calendar.yearData(), { year: 2027, holidays: [{ name: '国庆节' as const, from: '2027-10-01', to: '2027-10-07' }], workdays: [] }]);
    const late = { ...ctx('2027-10-08T02:00:00.000Z', 'petitioner'), calendar: published };
    expect(requestReview(answered, { reason: '不服处理意见', requestedBy: 'petitioner' }, late).case.status).toBe('underReview');
    // With the calendar still unpublished, the stated day holds.
    expect(() => requestReview(answered, { reason: '不服处理意见', requestedBy: 'petitioner' }, ctx('2027-10-08T02:00:00.000Z', 'petitioner'))).toThrow(RuleViolation);
  });

  it('keeps the case from the archive, and tells the petitioner and a new letter the same later day', async () => {
    const { WorkingCalendar } = await import('../../shared/domain/calendar.js');
    const { sameMatterStanding } = await import('../../shared/domain/same-matter.js');
    const concluded = conclude(working({ receivedAt: '2027-08-01T02:00:00.000Z', deadlines: { handling: '2027-10-31T16:00:00.000Z' } }), RESULT, ctx('2027-09-05T02:00:00.000Z'));
    const answered = reply(concluded.case, { letterId: 'decision:1', delivery: 'email' }, ctx('2027-09-06T02:00:00.000Z')).case;
    const closed = close(answered, { at: '2027-09-07T02:00:00.000Z', actor: 'tonglu-office' }).case;
    const published = new WorkingCalendar([...calendar.yearData(), { year: 2027, holidays: [{ name: '国庆节' as const, from: '2027-10-01', to: '2027-10-07' }], workdays: [] }]);
    const limits = { timeLimitsFor: () => settings, calendar: published };
    const on8October = '2027-10-08T02:00:00.000Z';
    const office = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice' as const] };
    // Filing waits for the later day: the review the letter promised can still come.
    expect(() => archive(closed, { key: 'k' }, { at: on8October, actor: 'tonglu-office', retentionYears: 3, limits })).toThrow('until 2027年10月8日');
    expect(allowedActions(office, closed, TREE, { at: on8October, limits })).not.toContain('archive');
    expect(allowedActions(office, closed, TREE, { at: '2027-10-08T16:00:00.000Z', limits })).toContain('archive');
    // Without the calendar, the stated day is the end.
    expect(archive(closed, { key: 'k' }, { at: on8October, actor: 'tonglu-office', retentionYears: 3, limits: LIMITS }).case.status).toBe('archived');
    // The tracking page offers the review to the same day, and a letter that day is taken as the review it asks for.
    expect(publicCaseView(answered, [], { office: '桐庐县信访局' }, undefined, { at: on8October, limits }).explanation).toContain('不服的，可以请求复查，最迟于2027年10月8日提出');
    expect(sameMatterStanding([closed], '330122', on8October, TREE, limits)).toMatchObject({ kind: 'reviewOpen', requestBy: '2027-10-08T16:00:00.000Z' });
    expect(sameMatterStanding([closed], '330122', on8October, TREE, LIMITS)).toMatchObject({ kind: 'reviewLapsed', requestBy: '2027-10-06T16:00:00.000Z' });
  });
});
