import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { decisionLetter } from '../../shared/app/closing/letters.js';
import { chaseMail } from '../../shared/app/sweep/chase-mail.js';
import { acceptanceNotice, extensionNotice } from '../../shared/app/handoff/notices.js';
import { acknowledgement } from '../../shared/app/intake/letters.js';
import type { Case } from '../../shared/domain/case.js';
import { clocksAfterAcceptance } from '../../shared/domain/clocks.js';
import { deadlineOrProvisional } from '../../shared/domain/deadlines.js';
import { reviewRequestExplained } from '../../shared/domain/closing.js';
import { CLOCK_START_WORDS, explanationSentence, periodWords } from '../../shared/domain/explain-deadline.js';
import { decideExtension, requestExtension } from '../../shared/domain/extension.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const calendar = province.calendar;

/** A petition by email to 桐庐县 on Friday 20 November 2026, as registered. */
function registered(): Case {
  return registerPetition(
    {
      jurisdiction: '330122',
      channel: 'email',
      receivedAt: '2026-11-20T09:15:00+08:00',
      subject: '楼顶漏水',
      matter: '楼顶漏水已三个月。',
      petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
    },
    { caseNumber: '330122-2026-000001', at: '2026-11-20T09:20:00+08:00', actor: 'intake', timeLimits: province.timeLimitsFor('330122'), calendar, units: [] },
  ).case;
}

describe('letters that state a deadline quote how it was counted, in one sentence', () => {
  it('the acknowledgement: 15 days from Friday 20 November end on Saturday 5 December, rolled to Monday 7 December', () => {
    const ack = acknowledgement(province, registered())!;
    expect(ack.text).toContain(
      '我们最迟于2026年12月7日决定是否受理并书面告知您；受理后，一般在60日内办结（情况复杂的，经批准可以延长，并告知您理由）。本期限自2026年11月20日（星期五）收到信访事项之日起算（当日不计），按《信访工作条例》规定的期限计15日，第15日2026年12月5日（星期六）为休息日，顺延至其后第一个工作日，至2026年12月7日（星期一）届满。',
    );
  });

  it('the acknowledgement of an urgent matter says it was reported at once and where help comes now; an ordinary one does not', () => {
    const urgent = acknowledgement(province, { ...registered(), urgent: true })!;
    expect(urgent.text).toContain('我们已即时报告有关负责同志处置。如您或他人正面临生命危险或正在发生违法犯罪，请立即拨打110报警（火警119、急救120）');
    expect(acknowledgement(province, registered())!.text).not.toContain('110');
  });

  it('the acknowledgement of a joint letter urgent only for its head count says it was reported at once, without the words of danger', () => {
    const joint: Case = { ...registered(), urgent: true, collective: { headCount: 80, representatives: [] }, intakeFlags: { urgentWords: ['集体信访80人'] } };
    const text = acknowledgement(province, joint)!.text;
    expect(text).toContain('您反映的事项涉及群众人数较多，我们已即时报告有关负责同志，将依法及时处理。');
    expect(text).not.toContain('110');
    // With a word of danger as well, the danger wording stands.
    const threatened = acknowledgement(province, { ...joint, intakeFlags: { urgentWords: ['集体信访80人', '堵路'] } })!.text;
    expect(threatened).toContain('请立即拨打110报警');
  });

  it('the acceptance notice and the extension notice state the handling deadline with its count, the extension included', () => {
    const accepted: Case = {
      ...registered(),
      status: 'assigned',
      handling: { lead: '330122-housing', cooperating: [] },
      deadlines: clocksAfterAcceptance(registered(), '2026-11-23T09:00:00+08:00', province.timeLimitsFor('330122'), calendar),
    };
    const notice = acceptanceNotice(province, accepted, '2026-11-23T01:00:00.000Z').mail!;
    // 60 days from Monday 23 November 2026: Friday 22 January 2027, in a year whose calendar is not configured yet (约).
    expect(notice.text).toContain('办理单位最迟于2027年1月22日办结，办结后书面答复您。本期限自2026年11月23日（星期一）受理之日起算（当日不计），按《信访工作条例》规定的期限计60日，至2027年1月22日（星期五）届满（2027年节假日安排尚未公布，期满日暂只按法定节日顺延，不因周末顺延，为约数）。');

    const requested = requestExtension(accepted, { days: 10, reason: '需现场勘验' }, { at: '2026-12-10T09:00:00+08:00', actor: 'tonglu-housing-handler', calendar }).case;
    const extended = decideExtension(requested, { approve: true }, { at: '2026-12-11T09:00:00+08:00', actor: 'tonglu-leader-petitions', calendar }).case;
    expect(extensionNotice(province, extended, '2026-12-11T01:00:00.000Z').mail!.text).toContain('；经批准延期10日，至2027年2月1日（星期一）届满（2027年节假日安排尚未公布，期满日暂只按法定节日顺延，不因周末顺延，为约数）。');
  });

  it('the reminder to the unit (催办) says how the deadline it names was counted', () => {
    const accepted: Case = {
      ...registered(),
      status: 'inProgress',
      handling: { lead: '330122-housing', cooperating: [] },
      deadlines: clocksAfterAcceptance(registered(), '2026-11-23T09:00:00+08:00', province.timeLimitsFor('330122'), calendar),
    };
    const { mail } = chaseMail(
      province,
      accepted,
      { kind: 'remind', reminder: 'remaining:0.2', at: '2027-01-10T00:00:00.000Z', clock: { clock: 'handling', startedAt: '2026-11-23T01:00:00.000Z', deadline: accepted.deadlines.handling! } },
      '2027-01-10T00:00:00.000Z',
    );
    expect(mail.text).toContain('的办理期限将于2027年1月22日届满，还有10个工作日。本期限自2026年11月23日（星期一）受理之日起算（当日不计）');
  });

  it('a 督办 of the acceptance clock says the acceptance is still undecided, not 未办结', () => {
    const c = registered();
    const { mail } = chaseMail(
      province,
      c,
      { kind: 'escalate', step: 'petitionsOffice', number: 1, passedOver: [], clock: { clock: 'acceptance', startedAt: c.receivedAt, deadline: c.deadlines.acceptance! } },
      '2026-12-10T01:00:00.000Z',
    );
    expect(mail.text).toContain('至今未决定是否受理并告知信访人。');
    expect(mail.text).not.toContain('未办结');
    // Before it runs out, the 催办 asks for the decision, not 办结 or an extension.
    const before = chaseMail(
      province,
      c,
      { kind: 'remind', reminder: 'lastWorkingDay', at: '2026-12-04T01:00:00.000Z', clock: { clock: 'acceptance', startedAt: c.receivedAt, deadline: c.deadlines.acceptance! } },
      '2026-12-04T01:00:00.000Z',
    ).mail;
    expect(before.text).toContain('请在期限内决定是否受理，并书面告知信访人。');
    expect(before.text).not.toContain('延期');
  });

  it('the decision letter states the review deadline and how it was counted', () => {
    const c = registered();
    const at = '2026-12-31T10:00:00+08:00';
    const explained = reviewRequestExplained(c, 0, { at, settings: province.timeLimitsFor('330122'), calendar })!;
    const letter = decisionLetter(province, { ...c, status: 'concluded' }, [], {
      id: 'decision:1',
      level: 0,
      facts: '查明漏水属实。',
      basis: '《物业管理条例》。',
      decision: '责成物业维修。',
      at,
      reviewRequestBy: explained.at,
      reviewRequestBasis: explanationSentence(explained.explanation, CLOCK_START_WORDS.reviewRequest),
      nextLevel: '330100',
    });
    // 2027 has no calendar yet: the petitioner's window still rolls past the weekend, as the law would (民法典第二百零三条).
    expect(letter.mail?.text ?? letter.message.text).toContain('最迟于2027年2月1日提出');
    expect(letter.mail?.text ?? letter.message.text).toContain(
      '本期限自2026年12月31日（星期四）书面答复之日起算（当日不计），按《信访工作条例》规定的期限计30日，第30日2027年1月30日（星期六）为休息日，顺延至其后第一个工作日，至2027年2月1日（星期一）届满（2027年节假日安排尚未公布，但不影响此期满日）。',
    );
    expect(explained.at).toBe('2027-02-01T16:00:00.000Z');
    // The window starts where the date is counted from: the written reply, the day the email arrives.
    expect(letter.mail!.text).toContain('可以自书面答复之日（本意见书以电子邮件送达之日）起30日内，向杭州市信访局请求复查（最迟于2027年2月1日提出）');
    // On paper it runs from the day the letter is received (recounted once staff record it): no date is printed.
    const { email: _email, ...petitioner } = c.petitioner;
    const posted = decisionLetter(province, { ...c, status: 'concluded', petitioner: { ...petitioner, address: '桐庐县城南街道迎春小区5幢' } }, [], {
      id: 'decision:1',
      level: 0,
      facts: '查明漏水属实。',
      basis: '《物业管理条例》。',
      decision: '责成物业维修。',
      at,
      reviewRequestBy: explained.at,
      nextLevel: '330100',
    });
    expect(posted.message.text).toContain('可以自收到本意见书之日起30日内，向杭州市信访局请求复查；');
  });

  it('the decision letter states the jurisdiction’s own window for a review, not always 30 days', () => {
    const c = registered();
    const at = '2026-12-01T10:00:00+08:00';
    const settings = { ...province.timeLimitsFor('330122'), jurisdiction: { reviewRequest: { days: 15, count: 'working' as const } } };
    const explained = reviewRequestExplained(c, 0, { at, settings, calendar })!;
    const letter = decisionLetter(province, { ...c, status: 'concluded' }, [], {
      id: 'decision:2',
      level: 0,
      facts: '查明漏水属实。',
      basis: '《物业管理条例》。',
      decision: '责成物业维修。',
      at,
      reviewRequestBy: explained.at,
      reviewRequestPeriod: periodWords(explained.explanation.rule),
      nextLevel: '330100',
    });
    const text = letter.mail?.text ?? letter.message.text;
    expect(text).toContain('可以自书面答复之日（本意见书以电子邮件送达之日）起15个工作日内，向杭州市信访局请求复查（最迟于2026年12月22日提出）');
    expect(text).not.toContain('30日');
  });

  it.each([
    [0, '三、处理意见'],
    [1, '三、复查意见'],
    [2, '三、复核意见'],
  ] as const)('a level-%i letter heads its decision as what it is: %s', (level, heading) => {
    const c = registered();
    const letter = decisionLetter(province, { ...c, status: 'concluded' }, [], { id: `decision:h${level}`, level, facts: '查明漏水属实。', basis: '《物业管理条例》。', decision: '维持。', at: '2026-12-01T10:00:00+08:00', nextLevel: '330100' });
    expect(letter.message.text).toContain(`${heading}\n维持。`);
  });

  it('a deadline of the office in a year without a calendar is not rolled: the earlier day, until the calendar comes', () => {
    // 18 calendar days from Wednesday 13 January 2027 end on Sunday 31 January: kept, not rolled to Monday.
    const due = deadlineOrProvisional('2027-01-13T10:00:00+08:00', { days: 18, count: 'calendar' }, calendar);
    expect(due).toMatchObject({ provisional: true, at: '2027-01-31T16:00:00.000Z' });
  });
});
