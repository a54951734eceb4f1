import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { confirmProvisionalClocks } from '../../shared/domain/clocks.js';
import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import { handingDown } from '../../shared/app/routing/hand-down.js';
import type { Case } from '../../shared/domain/case.js';
import { chaseMail } from '../../shared/app/sweep/chase-mail.js';
import { DEFAULT_CHASE_SETTINGS, escalationStepDueAt, planChase, reminderTimes } from '../../shared/domain/chase.js';
import { reviewRequestDeadline } from '../../shared/domain/closing.js';
import { deadlineOrProvisional } from '../../shared/domain/deadlines.js';
import { explainedDeadlines, explanationSentence, withDeadline } from '../../shared/domain/explain-deadline.js';
import { decideExtension, extensionRequestLatestDay, requestExtension, DEFAULT_EXTENSION_RULES } from '../../shared/domain/extension.js';
import { objectionWindowFor } from '../../shared/domain/objection.js';
import { BUILT_IN_SUSPENSION_GROUNDS, resumeClock, suspendClock } from '../../shared/domain/suspension.js';
import { DEFAULT_TIME_LIMITS, type TimeLimit, type TimeLimitSettings } from '../../shared/domain/time-limits.js';

/**
 * Every statutory clock checked against what a petitions office computes by
 * hand with the 2026 calendar (国务院办公厅国办发明电〔2025〕7号): 春节 15–23
 * February with 14 and 28 February worked; 中秋 25–27 September; 国庆 1–7
 * October with Sunday 20 September and Saturday 10 October worked. "日" are
 * calendar days, the start day not counted, and a period whose last day is a
 * rest day runs to the next working day (《民法典》第二百零三条).
 */

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
const calendar = province.calendar;
const settings: TimeLimitSettings = { base: DEFAULT_TIME_LIMITS };
const days = (n: number): TimeLimit => ({ days: n, count: 'calendar' });
const workingDays = (n: number): TimeLimit => ({ days: n, count: 'working' });
/** Midnight China time after a China date: the instant a period whose last day it is ends. */
const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();
const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`).toISOString();
const due = (start: string, limit: TimeLimit, whose: 'office' | 'petitioner' = 'office') => deadlineOrProvisional(start, limit, calendar, { source: 'national' }, whose);

describe('第二十二/二十三条: deciding acceptance and telling the petitioner within 15 days of receipt', () => {
  it.each([
    ['received Wed 16 Sep: day 15 is Thu 1 Oct (国庆), so Thu 8 Oct', '2026-09-16', '2026-10-08'],
    ['received Sun 20 Sep (a 调休 working Sunday): day 15 is Mon 5 Oct (国庆), so Thu 8 Oct', '2026-09-20', '2026-10-08'],
    ['received Thu 10 Sep: day 15 is Fri 25 Sep (中秋), so Mon 28 Sep', '2026-09-10', '2026-09-28'],
    ['received Fri 25 Sep (中秋, by email): day 15 is Sat 10 Oct, a 调休 working Saturday: no roll', '2026-09-25', '2026-10-10'],
    ['received Sat 26 Sep: day 15 is Sun 11 Oct, so Mon 12 Oct', '2026-09-26', '2026-10-12'],
    ['received Fri 6 Feb: day 15 is Sat 21 Feb (春节), so Tue 24 Feb', '2026-02-06', '2026-02-24'],
    ['received Wed 2 Sep: day 15 is Thu 17 Sep, a working day', '2026-09-02', '2026-09-17'],
  ])('%s', (_what, received, lastDay) => {
    const { at: deadline, provisional, explanation } = due(at(received), days(15));
    expect(deadline).toBe(endOf(lastDay));
    expect(provisional).toBe(false);
    expect(explanation.lastDay).toBe(lastDay);
  });
});

describe('第三十四条: handled within 60 days of acceptance', () => {
  it.each([
    ['accepted Sun 2 Aug: day 60 is Thu 1 Oct (国庆), so Thu 8 Oct', '2026-08-02', '2026-10-08'],
    ['accepted Wed 17 Dec 2025: day 60 is Sun 15 Feb (春节), so Tue 24 Feb', '2025-12-17', '2026-02-24'],
    ['accepted Mon 6 Jul: day 60 is Fri 4 Sep, a working day', '2026-07-06', '2026-09-04'],
    ['accepted Fri 10 Jul: day 60 is Tue 8 Sep', '2026-07-10', '2026-09-08'],
    ['accepted Sun 12 Jul: day 60 is Thu 10 Sep', '2026-07-12', '2026-09-10'],
    ['accepted Tue 14 Jul: day 60 is Sat 12 Sep, an ordinary Saturday: Mon 14 Sep', '2026-07-14', '2026-09-14'],
  ])('%s', (_what, accepted, lastDay) => {
    expect(due(at(accepted), days(60)).at).toBe(endOf(lastDay));
  });

  it('a jurisdiction counting calls in working days (7 working days) skips 中秋 and 国庆 and counts Sat 10 Oct', () => {
    // Accepted Wed 23 Sep: Thu 24 (1), 25–27 中秋, Mon 28 (2), Tue 29 (3), Wed 30 (4), 1–7 国庆, Thu 8 (5), Fri 9 (6), Sat 10 (7).
    const phone = province.timeLimitsFor('330122').byChannel?.phone?.handling;
    expect(phone).toEqual(workingDays(7));
    expect(due(at('2026-09-23'), phone!).at).toBe(endOf('2026-10-10'));
  });
});

describe('reply within 5 days of conclusion', () => {
  it.each([
    ['concluded Mon 28 Sep: day 5 is Sat 3 Oct (国庆), so Thu 8 Oct', '2026-09-28', '2026-10-08'],
    ['concluded Mon 5 Oct (in the holiday): day 5 is Sat 10 Oct, worked: no roll', '2026-10-05', '2026-10-10'],
    ['concluded Tue 10 Feb: day 5 is Sun 15 Feb (春节), so Tue 24 Feb', '2026-02-10', '2026-02-24'],
  ])('%s', (_what, concluded, lastDay) => {
    expect(due(at(concluded), days(5)).at).toBe(endOf(lastDay));
  });
});

describe('第三十五/三十六条: a review (复查) is asked within 30 days of the written reply, from when the petitioner received it', () => {
  const replied: Pick<Case, 'channel'> = { channel: 'email' };
  it('an email reply is received when sent: sent Tue 1 Sep, day 30 is Thu 1 Oct (国庆), so Thu 8 Oct', () => {
    expect(reviewRequestDeadline(replied as Case, 0, { at: at('2026-09-01'), settings, calendar })).toBe(endOf('2026-10-08'));
  });

  it('a posted reply counts from the day it was signed for (签收): signed Fri 11 Sep, day 30 is Sun 11 Oct, so Mon 12 Oct', () => {
    // shared/app/post-letter.ts recounts from noon of the receipt day; the posting day (Sat 5 Sep) would have given Thu 8 Oct.
    expect(reviewRequestDeadline(replied as Case, 0, { at: at('2026-09-11', '12:00'), settings, calendar })).toBe(endOf('2026-10-12'));
    expect(reviewRequestDeadline(replied as Case, 0, { at: at('2026-09-05', '12:00'), settings, calendar })).toBe(endOf('2026-10-08'));
  });

  it('the review is decided within 30 days of receiving the request: received Thu 3 Sep, day 30 is Sat 3 Oct, so Thu 8 Oct; the re-review (复核) likewise', () => {
    expect(due(at('2026-09-03'), DEFAULT_TIME_LIMITS.reviewDecision).at).toBe(endOf('2026-10-08'));
    expect(due(at('2026-09-03'), DEFAULT_TIME_LIMITS.reReviewDecision).at).toBe(endOf('2026-10-08'));
    expect(reviewRequestDeadline(replied as Case, 1, { at: at('2026-09-03'), settings, calendar })).toBe(endOf('2026-10-08'));
    // After a re-review the matter is final: no window.
    expect(reviewRequestDeadline(replied as Case, 2, { at: at('2026-09-03'), settings, calendar })).toBeUndefined();
  });
});

describe('第二十三条: a unit objects to a handed matter within 5 working days', () => {
  it.each([
    ['handed Wed 16 Sep: Thu 17, Fri 18, Sun 20 (worked), Mon 21, Tue 22', '2026-09-16', '2026-09-22'],
    ['handed Tue 29 Sep: Wed 30, (国庆), Thu 8, Fri 9, Sat 10 (worked), Mon 12', '2026-09-29', '2026-10-12'],
    ['handed Thu 12 Feb: Fri 13, Sat 14 (worked), (春节), Tue 24, Wed 25, Thu 26', '2026-02-12', '2026-02-26'],
    ['handed on Sat 3 Oct, in the holiday: Thu 8, Fri 9, Sat 10, Mon 12, Tue 13', '2026-10-03', '2026-10-13'],
  ])('%s', (_what, handed, lastDay) => {
    expect(objectionWindowFor('330122-hrss', '330122', at(handed), calendar).until).toBe(endOf(lastDay));
  });
});

/** A wage case in 桐庐县's labour bureau, its handling clock started at acceptance with its explanation stored. */
function handledFrom(accepted: string, overrides: Partial<Case> = {}): Case {
  const handling = deadlineOrProvisional(accepted, DEFAULT_TIME_LIMITS.handling, calendar);
  return {
    caseNumber: '330122-2026-000321',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'letter',
    status: 'inProgress',
    matter: '反映某建筑公司拖欠农民工工资。',
    petitioner: { anonymous: false, name: '李娜', email: 'lina@qq.example' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: accepted,
    registeredAt: accepted,
    registeredBy: 'tonglu-registrar',
    acceptedAt: accepted,
    handling: { lead: '330122-hrss', cooperating: [] },
    deadlines: withDeadline({ started: { handling: accepted } }, 'handling', handling),
    attachments: [],
    version: 3,
    updatedAt: accepted,
    ...overrides,
  };
}

describe('第三十四条: an extension adds its days after the period’s last day as told — rolled past a rest day, that roll made it the last day (民法典 第二百零三条)', () => {
  const extend = (c: Case, n: number, requested: string) => {
    const asked = requestExtension(c, { days: n, reason: '需要委托鉴定' }, { at: requested, actor: 'tonglu-hrss-head', calendar }).case;
    return decideExtension(asked, { approve: true }, { at: requested, actor: 'tonglu-leader-petitions', calendar }).case;
  };

  it('accepted Sun 2 Aug: 60 days end Thu 1 Oct, rolled to Thu 8 Oct; 延期30日 is 30 days beyond 8 Oct: Sat 7 Nov, so Mon 9 Nov', () => {
    const c = handledFrom(at('2026-08-02'));
    expect(c.deadlines.handling).toBe(endOf('2026-10-08'));
    const extended = extend(c, 30, at('2026-09-15'));
    expect(extended.deadlines.handling).toBe(endOf('2026-11-09'));
    const sentence = explanationSentence(extended.deadlines.explanations!.handling!, '受理');
    expect(sentence).toContain('至2026年10月8日（星期四）届满；经批准延期30日，');
    expect(sentence).toContain('顺延至2026年11月9日（星期一）届满');
  });

  it('accepted Thu 10 Dec 2025: 60 days end Sun 8 Feb, rolled to Mon 9 Feb; +5 days is Sat 14 Feb, an adjusted working day', () => {
    const c = handledFrom(at('2025-12-10'));
    expect(c.deadlines.handling).toBe(endOf('2026-02-09'));
    expect(extend(c, 5, at('2026-01-05')).deadlines.handling).toBe(endOf('2026-02-14'));
  });

  it('accepted Tue 1 Sep: 30 days (a jurisdiction’s limit) end Thu 1 Oct, rolled to Thu 8 Oct; 延期2日 gives two days beyond it: Sat 10 Oct, worked for 国庆', () => {
    const accepted = at('2026-09-01');
    const handling = deadlineOrProvisional(accepted, days(30), calendar, { source: 'jurisdiction' });
    const c = handledFrom(accepted, { deadlines: withDeadline({ started: { handling: accepted } }, 'handling', handling) });
    expect(c.deadlines.handling).toBe(endOf('2026-10-08'));
    expect(extend(c, 2, at('2026-09-10')).deadlines.handling).toBe(endOf('2026-10-10'));
  });

  it('an unrolled period extends as before: accepted Mon 6 Jul, ends Fri 4 Sep; +30 is Sun 4 Oct (国庆), so Thu 8 Oct', () => {
    expect(extend(handledFrom(at('2026-07-06')), 30, at('2026-08-01')).deadlines.handling).toBe(endOf('2026-10-08'));
  });

  it('is asked no later than 5 working days before the period ends: for Thu 8 Oct, Wed 23 Sep (30, 29, 28, (中秋), 24, 23)', () => {
    const c = handledFrom(at('2026-08-02'));
    expect(extensionRequestLatestDay(c, DEFAULT_EXTENSION_RULES, calendar)).toBe('2026-09-23');
  });
});

describe('第三十六条: time spent on a hearing is not counted', () => {
  const reReviewing = (received: string): Case => {
    const decision = deadlineOrProvisional(received, DEFAULT_TIME_LIMITS.reReviewDecision, calendar);
    return {
      ...handledFrom(received),
      status: 'underReReview',
      reviewLevel: 1,
      deadlines: withDeadline({ started: { reReviewDecision: received } }, 'reReviewDecision', decision),
    };
  };
  const hearing = (c: Case, from: string, to: string) => {
    const stopped = suspendClock(c, { ground: 'hearing', reason: '组织听证' }, { at: from, actor: 'hz-office', grounds: BUILT_IN_SUSPENSION_GROUNDS }).case;
    return resumeClock(stopped, { reason: '听证结束' }, { at: to, actor: 'hz-leader', settings, calendar }).case;
  };

  it('request received Tue 1 Sep: 30 days end Thu 1 Oct, rolled to Thu 8 Oct; a hearing from Thu 10 Sep to Sun 20 Sep stops it 10 days: 1 Oct + 10 is Sun 11 Oct, so Mon 12 Oct', () => {
    const c = reReviewing(at('2026-09-01'));
    expect(c.deadlines.reReviewDecision).toBe(endOf('2026-10-08'));
    const resumed = hearing(c, at('2026-09-10'), at('2026-09-20'));
    expect(resumed.suspensions!.at(-1)!.shift!.days).toBe(10);
    expect(resumed.deadlines.reReviewDecision).toBe(endOf('2026-10-12'));
  });

  it('request received Tue 8 Sep: 30 days end Thu 8 Oct (no roll); a 10-day hearing moves it to Sun 18 Oct, so Mon 19 Oct', () => {
    const resumed = hearing(reReviewing(at('2026-09-08')), at('2026-09-10'), at('2026-09-20'));
    expect(resumed.deadlines.reReviewDecision).toBe(endOf('2026-10-19'));
  });

  it('two hearings: each adds its days to the statutory end, the roll applies once at the end', () => {
    // Received Tue 1 Sep: ends Thu 1 Oct (rolled to 8 Oct). Hearing 1: 2 days (10–12 Sep): 3 Oct. Hearing 2: 2 days (14–16 Sep): 5 Oct, 国庆: Thu 8 Oct.
    const once = hearing(reReviewing(at('2026-09-01')), at('2026-09-10'), at('2026-09-12'));
    const twice = hearing(once, at('2026-09-14'), at('2026-09-16'));
    expect(twice.deadlines.reReviewDecision).toBe(endOf('2026-10-08'));
  });
});

describe('clocks into 2027, whose holiday calendar is not published: provisional, never silently final', () => {
  it('60 days from Fri 20 Nov 2026 end Tue 19 Jan 2027: provisional', () => {
    const result = due(at('2026-11-20'), days(60));
    expect(result.at).toBe(endOf('2027-01-19'));
    expect(result.provisional).toBe(true);
    expect(result.explanation.provisional?.missingYears).toEqual([2027]);
  });

  it('60 days from Tue 8 Dec 2026 end Sat 6 Feb 2027, 春节 by law (除夕 5 Feb to 初三 8 Feb): provisionally Tue 9 Feb', () => {
    const result = due(at('2026-12-08'), days(60));
    expect(result.at).toBe(endOf('2027-02-09'));
    expect(result.provisional).toBe(true);
  });

  it('5 working days from Thu 31 Dec 2026 skip 元旦 (1 Jan) and the weekend: provisionally Fri 8 Jan 2027', () => {
    const result = due(at('2026-12-31'), workingDays(5));
    expect(result.at).toBe(endOf('2027-01-08'));
    expect(result.provisional).toBe(true);
    expect(explanationSentence(result.explanation, '收到')).toContain('2027年节假日安排尚未公布');
  });

  it('a period wholly in 2026 is final', () => {
    expect(due(at('2026-11-20'), days(15)).provisional).toBe(false);
  });
});

describe('reminders at 20% remaining and on the last working day; escalation one step per interval', () => {
  it('acceptance received Wed 2 Sep 10:00, due end of Thu 17 Sep: 20% left at Mon 14 Sep 21:12, reminded that morning at 09:00; last working day Thu 17 Sep 09:00', () => {
    // 15 days 14 hours = 374 h; 20% is 74.8 h before the end (Fri 18 Sep 00:00) = Mon 14 Sep 21:12 China time, after office hours.
    const times = reminderTimes({ clock: 'acceptance', startedAt: at('2026-09-02'), deadline: endOf('2026-09-17') }, DEFAULT_CHASE_SETTINGS, calendar);
    expect(times).toEqual([
      { key: 'remaining:0.2', at: at('2026-09-14', '09:00') },
      { key: 'lastWorkingDay', at: at('2026-09-17', '09:00') },
    ]);
  });

  it('a period ending on a Sunday by the office’s own rule is reminded on the Friday before', () => {
    const times = reminderTimes({ clock: 'handling', startedAt: at('2026-09-01'), deadline: endOf('2026-09-13') }, DEFAULT_CHASE_SETTINGS, calendar);
    expect(times.find((t) => t.key === 'lastWorkingDay')?.at).toBe(at('2026-09-11', '09:00'));
  });

  describe('around 国庆 2026 (1–7 Oct off; Sun 20 Sep and Sat 10 Oct worked): the 20% reminder comes on a working morning, never later than the 20% point', () => {
    const remindersFor = (startedAt: string, deadline: string) => reminderTimes({ clock: 'handling', startedAt, deadline }, DEFAULT_CHASE_SETTINGS, calendar);

    it('15 days from Tue 22 Sep 10:00: day 15 is Wed 7 Oct (国庆), so due end of Thu 8 Oct; 20% left falls on Mon 5 Oct 16:24, reminded Wed 30 Sep 09:00', () => {
      const deadline = due(at('2026-09-22'), days(15)).at;
      expect(deadline).toBe(endOf('2026-10-08'));
      // 16 days 14 hours = 398 h; 20% is 79.6 h before Fri 9 Oct 00:00 = Mon 5 Oct 16:24, a holiday: the last working day before it is Wed 30 Sep.
      expect(remindersFor(at('2026-09-22'), deadline)).toEqual([
        { key: 'remaining:0.2', at: at('2026-09-30', '09:00') },
        { key: 'lastWorkingDay', at: at('2026-10-08', '09:00') },
      ]);
    });

    it('5 working days from Mon 28 Sep 10:00 (a visit): 29, 30 Sep, 8, 9 Oct and Sat 10 Oct (调休) — 20% left at Thu 8 Oct 11:36, reminded 09:00 that day; the last working day is the Saturday', () => {
      const deadline = due(at('2026-09-28'), workingDays(5)).at;
      expect(deadline).toBe(endOf('2026-10-10'));
      expect(remindersFor(at('2026-09-28'), deadline)).toEqual([
        { key: 'remaining:0.2', at: at('2026-10-08', '09:00') },
        { key: 'lastWorkingDay', at: at('2026-10-10', '09:00') },
      ]);
    });

    it('5 working days from Wed 30 Sep 10:00: due end of Tue 13 Oct; 20% left at Sun 11 Oct 06:48, reminded on the worked Saturday 10 Oct 09:00', () => {
      const deadline = due(at('2026-09-30'), workingDays(5)).at;
      expect(deadline).toBe(endOf('2026-10-13'));
      // 13 days 14 hours = 326 h; 20% is 65.2 h before Wed 14 Oct 00:00.
      expect(remindersFor(at('2026-09-30'), deadline)).toEqual([
        { key: 'remaining:0.2', at: at('2026-10-10', '09:00') },
        { key: 'lastWorkingDay', at: at('2026-10-13', '09:00') },
      ]);
    });

    it('a 20% point before office hours is reminded the working morning before: Sat 10 Oct 06:48 would be after it at 09:00, so Fri 9 Oct', () => {
      // 5 working days from Tue 29 Sep 10:00: 30 Sep, 8, 9, 10 (调休), 12 Oct; 326 h to Tue 13 Oct 00:00, 20% at Sat 10 Oct 06:48.
      const deadline = due(at('2026-09-29'), workingDays(5)).at;
      expect(deadline).toBe(endOf('2026-10-12'));
      expect(remindersFor(at('2026-09-29'), deadline)[0]).toEqual({ key: 'remaining:0.2', at: at('2026-10-09', '09:00') });
    });

    it('a 20% point inside the break that would come after the last-working-day reminder is one reminder, the last working day’s', () => {
      // Ending Sun 4 Oct by an office's own rule: the last working day is Wed 30 Sep; 20% of 374 h left is Thu 1 Oct 21:12 — it used to be sent then, after the last-working-day one.
      expect(remindersFor(at('2026-09-19'), endOf('2026-10-04'))).toEqual([{ key: 'lastWorkingDay', at: at('2026-09-30', '09:00') }]);
    });

    it('the sweep sends that one reminder once however often it runs, and the letter says it is the last working day', () => {
      const c: Case = { ...handledFrom(at('2026-09-19')), deadlines: { handling: endOf('2026-10-04'), started: { handling: at('2026-09-19') } } };
      let current = c;
      const sent: string[] = [];
      for (let t = Date.parse(at('2026-09-29', '08:00')); t < Date.parse(endOf('2026-10-04')); t += 15 * 60_000) {
        const plan = planChase(current, new Date(t).toISOString(), DEFAULT_CHASE_SETTINGS, calendar, () => true);
        if (plan.action?.kind === 'remind') {
          sent.push(`${new Date(t).toISOString()} ${plan.action.reminder}`);
          expect(chaseMail(province, current, plan.action, new Date(t).toISOString()).mail.text).toContain('的办理期限将于2026年10月4日届满，今天是期限内的最后一个工作日。');
        }
        if (plan.state) current = { ...current, chase: plan.state };
      }
      expect(sent).toEqual([`${at('2026-09-30', '09:00')} lastWorkingDay`]);
    });

    it('the 20% letter counts the working days left, not the days of the break', () => {
      const deadline = due(at('2026-09-22'), days(15)).at;
      const c: Case = { ...handledFrom(at('2026-09-22')), deadlines: { handling: deadline, started: { handling: at('2026-09-22') } } };
      const plan = planChase({ ...c, chase: planChase(c, at('2026-09-22', '10:15'), DEFAULT_CHASE_SETTINGS, calendar, () => true).state }, at('2026-09-30', '09:00'), DEFAULT_CHASE_SETTINGS, calendar, () => true);
      expect(plan.action).toMatchObject({ kind: 'remind', reminder: 'remaining:0.2' });
      // Wed 30 Sep and Thu 8 Oct: two working days, today counted.
      expect(chaseMail(province, c, plan.action!, at('2026-09-30', '09:00')).mail.text).toContain('的办理期限将于2026年10月8日届满，含今天还有2个工作日。');
    });
  });

  it('past the deadline the chain climbs one step per 24 working hours, not over 国庆', () => {
    // Due end of Wed 30 Sep; the first step at once, the next after 24 working hours: 1–7 Oct are not counted, so end of Thu 8 Oct.
    expect(escalationStepDueAt(endOf('2026-09-30'), 24, calendar)).toBe(endOf('2026-10-08'));
    const c: Case = { ...handledFrom(at('2026-08-01')), deadlines: { handling: endOf('2026-09-30'), started: { handling: at('2026-08-01') } } };
    const first = planChase(c, endOf('2026-09-30'), DEFAULT_CHASE_SETTINGS, calendar, () => true);
    expect(first.action).toMatchObject({ kind: 'escalate', step: 'handlingOfficial', number: 1 });
    const held = { ...c, chase: first.state };
    expect(planChase(held, at('2026-10-07', '23:00'), DEFAULT_CHASE_SETTINGS, calendar, () => true).action).toBeUndefined();
    const second = planChase(held, endOf('2026-10-08'), DEFAULT_CHASE_SETTINGS, calendar, () => true);
    expect(second.action).toMatchObject({ kind: 'escalate', step: 'unitHead', number: 2 });
  });
});

describe('第二十二/二十三条: an office a case is handed down to decides acceptance within 15 days of its own receipt', () => {
  /** A letter to 杭州市's office about a leaking roof in 桐庐县, received Thu 10 Sep 2026: the city owed a decision by Mon 28 Sep (day 15 is Fri 25 Sep, 中秋). */
  const received = (): Case => {
    const receivedAt = at('2026-09-10');
    const acceptance = deadlineOrProvisional(receivedAt, DEFAULT_TIME_LIMITS.acceptance, calendar);
    return {
      caseNumber: '330100-2026-000457',
      jurisdiction: '330100',
      receivingOffice: '330100',
      channel: 'letter',
      status: 'registered',
      matter: '桐庐县城南街道某小区楼顶漏水已三个月，物业不予维修。',
      petitioner: { anonymous: false, name: '张伟' },
      urgent: false,
      reviewLevel: 0,
      receivedAt,
      registeredAt: receivedAt,
      registeredBy: 'hz-registrar',
      deadlines: withDeadline({ started: { acceptance: receivedAt } }, 'acceptance', acceptance),
      attachments: [],
      version: 1,
      updatedAt: receivedAt,
    };
  };

  it('handed down by the router on Fri 18 Sep: 桐庐县 has until day 15 from 18 Sep, Sat 3 Oct (国庆), so Thu 8 Oct — not the city’s Mon 28 Sep', () => {
    const c = received();
    expect(c.deadlines.acceptance).toBe(endOf('2026-09-28'));
    const change = handingDown(province, c, '330122', ['事发地在桐庐县'], at('2026-09-18'))!;
    expect(change.case.deadlines.acceptance).toBe(endOf('2026-10-08'));
    expect(change.case.deadlines.started?.acceptance).toBe(at('2026-09-18'));
    expect(change.case.deadlines.explanations?.acceptance).toMatchObject({ startDay: '2026-09-18', countedLastDay: '2026-10-03', lastDay: '2026-10-08' });
    // What the city owed, and that it handed the case on in time, stay on the record.
    expect(change.event.detail).toMatchObject({ acceptanceDeadline: endOf('2026-10-08'), owedByFrom: { acceptanceDeadline: endOf('2026-09-28'), handedOnInTime: true } });
    expect(explanationSentence(change.case.deadlines.explanations!.acceptance!, '收到信访事项')).toContain('本期限自2026年9月18日（星期五）收到信访事项之日起算');
  });

  it('handed down after the city’s 15 days ran out (Tue 29 Sep): recorded as late; 桐庐县 still has its own 15 days, to Wed 14 Oct', () => {
    const change = handingDown(province, received(), '330122', ['事发地在桐庐县'], at('2026-09-29'))!;
    expect(change.case.deadlines.acceptance).toBe(endOf('2026-10-14'));
    expect(change.event.detail).toMatchObject({ owedByFrom: { acceptanceDeadline: endOf('2026-09-28'), handedOnInTime: false } });
  });

  it('forwarded by hand (转送) counts the same way', () => {
    const forwarded = planHandoff(received(), { id: 'cmd-1', action: 'transfer', caseNumber: '330100-2026-000457', toJurisdiction: '330122', cooperating: [], reason: '属桐庐县管辖', by: 'hz-office', byJurisdiction: '330100' }, province, at('2026-09-18'));
    expect(forwarded.case.deadlines.acceptance).toBe(endOf('2026-10-08'));
    expect(forwarded.event.detail).toMatchObject({ owedByFrom: { acceptanceDeadline: endOf('2026-09-28'), handedOnInTime: true } });
  });
});

describe('a clock moved into 2027 by days not counted is provisional, as one counted into it is', () => {
  it('handling due Mon 28 Dec 2026, a hearing from Tue 1 to Mon 21 Dec (20 days): Sun 17 Jan 2027, provisional until 2027’s notice is added', () => {
    const accepted = at('2026-10-29');
    const c = handledFrom(accepted);
    expect(c.deadlines.handling).toBe(endOf('2026-12-28'));
    expect(c.deadlines.provisional).toBeUndefined();
    const stopped = suspendClock(c, { ground: 'hearing', reason: '组织听证' }, { at: at('2026-12-01'), actor: 'tonglu-office', grounds: BUILT_IN_SUSPENSION_GROUNDS }).case;
    const resumed = resumeClock(stopped, { reason: '听证结束' }, { at: at('2026-12-21'), actor: 'tonglu-leader-petitions', settings, calendar }).case;
    // 28 Dec + 20 = Sun 17 Jan 2027; without 2027's notice a weekend may yet be a 调休 working day.
    // Left on the Sunday, the earlier day, as any office clock ending on a weekend of a year without its notice (deadlineOrProvisional).
    expect(resumed.deadlines.handling).toBe(endOf('2027-01-17'));
    expect(resumed.deadlines.provisional).toEqual(['handling']);
    const explained = explainedDeadlines(resumed).handling!;
    expect(explained.provisional).toBe(true);
    expect(explained.sentence).toContain('中止计算20日，顺延至2027年1月17日（星期日）（2027年节假日安排尚未公布，期满日暂只按法定节日顺延，不因周末顺延，为约数）');
  });

  it('is counted again, and final, once 2027’s calendar is added', () => {
    const c = handledFrom(at('2026-10-29'));
    const stopped = suspendClock(c, { ground: 'hearing', reason: '组织听证' }, { at: at('2026-12-01'), actor: 'tonglu-office', grounds: BUILT_IN_SUSPENSION_GROUNDS }).case;
    const resumed = resumeClock(stopped, { reason: '听证结束' }, { at: at('2026-12-21'), actor: 'tonglu-leader-petitions', settings, calendar }).case;
    // A fixture notice for 2027 (not the official one): 元旦 1–3 January, no 调休.
    const dir = mkdtempSync(join(tmpdir(), 'holidays-'));
    for (const file of ['2025.yaml', '2026.yaml']) copyFileSync(fileURLToPath(new URL(`../../config/holidays/${file}`, import.meta.url)), join(dir, file));
    writeFileSync(join(dir, '2027.yaml'), 'year: 2027\nsource: test fixture, not the official notice\nholidays:\n  - { name: 元旦, from: 2027-01-01, to: 2027-01-03 }\nworkdays: []\n');
    const confirmed = confirmProvisionalClocks(resumed, settings, loadHolidayCalendar(dir))!;
    rmSync(dir, { recursive: true });
    // 28 Dec + 20 = Sun 17 Jan, an ordinary Sunday now that the notice says so: Mon 18 Jan, final.
    expect(confirmed.confirmed).toEqual([{ clock: 'handling', from: endOf('2027-01-17'), to: endOf('2027-01-18') }]);
    expect(confirmed.deadlines.provisional).toBeUndefined();
    expect(confirmed.suspensions![0]!.shift).toEqual({ days: 20, count: 'calendar', from: endOf('2026-12-28'), to: endOf('2027-01-18'), countedFrom: '2026-12-28', countedLastDay: '2027-01-17' });
  });

  it('a move that stays in 2026 leaves the clock final', () => {
    const c = handledFrom(at('2026-09-01'));
    const stopped = suspendClock(c, { ground: 'hearing', reason: '组织听证' }, { at: at('2026-09-10'), actor: 'tonglu-office', grounds: BUILT_IN_SUSPENSION_GROUNDS }).case;
    const resumed = resumeClock(stopped, { reason: '听证结束' }, { at: at('2026-09-15'), actor: 'tonglu-leader-petitions', settings, calendar }).case;
    expect(resumed.deadlines.provisional).toBeUndefined();
  });
});
