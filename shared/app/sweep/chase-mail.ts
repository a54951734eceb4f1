import type { Case } from '../../domain/case.js';
import { formatChinaLastDay } from '../../domain/case-number.js';
import { CLOCK_LABELS, CLOCK_PENDING_WORDS, CLOCK_REMINDER_ASKS, ESCALATION_STEP_LABELS, type ChaseAction } from '../../domain/chase.js';
import { reportBackOffices } from '../../domain/report-back.js';
import { relationOf } from '../../domain/supervision.js';
import { extensionRequestLatestDay, extensionStillAskable } from '../../domain/extension.js';
import { renderTemplate } from '../../domain/templates.js';
import { workingOrWeekday, type WorkingCalendar } from '../../domain/calendar.js';
import { deadlineBasis, limitOwner } from '../intake/letters.js';
import type { Province } from '../../domain/province.js';
import type { NotificationInput } from '../notification.js';
import { actingJurisdiction, escalationRecipients, handlingRecipient, mayReadCase, reminderRecipients, type Recipient } from './recipients.js';

const HOUR_MS = 3_600_000;

const DAY_MS = 24 * HOUR_MS;
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/**
 * The working days left to the last day of a period, as a 催办 says it:
 * `今天是期限内的最后一个工作日`, `含今天还有3个工作日`, or (sent on a rest
 * day) `还有3个工作日`. Working days, not hours: a unit reminded before 国庆
 * has the working days after it, not the seven days off.
 */
export function describeRemaining(deadline: string, now: string, calendar: WorkingCalendar): string {
  const lastDay = Math.floor((Date.parse(deadline) - 1 + CHINA_OFFSET_MS) / DAY_MS);
  const today = Math.floor((Date.parse(now) + CHINA_OFFSET_MS) / DAY_MS);
  let left = 0;
  let lastWorking: number | undefined;
  for (let day = today; day <= lastDay; day++) {
    if (workingOrWeekday(day, calendar)) {
      left += 1;
      lastWorking = day;
    }
  }
  if (left === 0) return '期限内已无工作日';
  const todayWorking = workingOrWeekday(today, calendar);
  if (todayWorking && lastWorking === today) return '今天是期限内的最后一个工作日';
  return todayWorking ? `含今天还有${left}个工作日` : `还有${left}个工作日`;
}

/** `已逾期2天` / `已逾期3小时`: days counted as the work lists count them (a day begun counts), so a mail and a list agree. */
export function describeOverdue(deadline: string, now: string): string {
  const hours = Math.max(0, (Date.parse(now) - Date.parse(deadline)) / HOUR_MS);
  if (hours < 1) return '已逾期不足1小时';
  return hours >= 24 ? `已逾期${Math.ceil(hours / 24)}天` : `已逾期${Math.floor(hours)}小时`;
}

/**
 * The email one chase action sends, and who it went to. Its id names the
 * case, the clock, the deadline and the step, so the same step queued by two
 * overlapping sweeps is sent once (the mailer claims each id).
 */
export function chaseMail(province: Province, c: Case, action: ChaseAction, now: string): { mail: NotificationInput; recipients: Recipient[] } {
  const office = province.jurisdiction(actingJurisdiction(c)).office;
  const common = {
    caseNumber: c.caseNumber,
    office: office.name,
    unit: handlingRecipient(province, c).name,
    subject: c.subject ?? '（无主题）',
    clock: CLOCK_LABELS[action.clock.clock],
    deadline: formatChinaLastDay(action.clock.deadline),
    // Signed by the office holding the case: a limit it kept from the office that accepted it is named as that office's.
    deadlineBasis: deadlineBasis(c, action.clock.clock, limitOwner(province, c, action.clock.clock, actingJurisdiction(c))),
    caseLink: `${province.config.mail.consoleUrl}/cases/${c.caseNumber}`,
  };
  const base = `chase:${c.caseNumber}:${action.clock.clock}:${action.clock.deadline}`;
  if (action.kind === 'remind') {
    const recipients = reminderRecipients(province, c);
    const letter = renderTemplate('reminder', province.templateFor('reminder', c.jurisdiction), {
      ...common,
      remaining: describeRemaining(action.clock.deadline, now, province.calendar),
      ask: CLOCK_REMINDER_ASKS[action.clock.clock] + extensionHint(province, c, action.clock.clock, now),
    });
    return { recipients, mail: notice(`${base}:${action.reminder}`, c, office, recipients, letter) };
  }
  const recipients = escalationRecipients(province, c, action.step);
  // Every superior office that assigned it (交办), nearest first.
  const superiors = reportBackOffices(c)
    .filter((code) => code !== c.jurisdiction)
    .map((code) => ({ code, office: province.jurisdiction(code).office }));
  const letter = renderTemplate('escalation', province.templateFor('escalation', c.jurisdiction), {
    ...common,
    overdue: describeOverdue(action.clock.deadline, now),
    pending: CLOCK_PENDING_WORDS[action.clock.clock],
    step: ESCALATION_STEP_LABELS[action.step],
    // Greeted as a letter is: whom this step reaches (方建华（县长）, 杭州市信访局), the step's label only when nobody is named.
    recipients: recipients.length ? recipients.map((r) => salutationOf(province, r)).join('、') : ESCALATION_STEP_LABELS[action.step],
    earlierSteps: action.number > 1 ? earlierStepsSentence(action.number - 1, action.earlier ?? { atEarlierUnits: c.chase?.earlierSteps ?? 0, steps: c.chase?.escalated ?? [] }) : '',
    reportBack: superiors.length ? `\n本事项为${superiors.map((s) => `${s.office.name}${relationOf(c, s.code)}`).join('、')}的事项，本督办同时抄送${superiors.length > 1 ? '上述部门' : '该部门'}。` : '',
  });
  // A superior office that assigned the case sees its clock (交办件): it is copied on every step; so is the leader who owns it (领导包案).
  const leader = c.leaderOwnership ? province.staff(c.leaderOwnership.leader) : undefined;
  // Not a leader who may no longer read the case (recused since, or the case left their jurisdiction).
  const owner = leader ? [{ who: leader.id, name: leader.name, email: leader.email }].filter(mayReadCase(province, c)) : [];
  const to = [
    ...recipients,
    ...superiors.map((s) => ({ who: `office:${s.code}`, name: s.office.name, email: s.office.mailbox })),
    ...owner.filter((o) => !recipients.some((r) => r.who === o.who)),
  ];
  // A unit's step taken again for the unit now holding the case is a letter of its own, not the one its first unit got.
  return { recipients: to, mail: notice(`${base}:escalate:${action.step}${action.again ? `:${action.again}` : ''}`, c, office, to, letter) };
}

/**
 * 此前已逐级督办N次（…）: the steps that reached the units that held the case before (handed on while overdue), then
 * this run's — as the plan saw them before this step, not as stored (a step just handed on is stored with the old unit's).
 */
function earlierStepsSentence(count: number, earlier: { atEarlierUnits: number; steps: readonly string[] }): string {
  const parts = [
    ...(earlier.atEarlierUnits > 0 ? [`原承办单位${earlier.atEarlierUnits}次`] : []),
    ...earlier.steps.map((s) => ESCALATION_STEP_LABELS[s as keyof typeof ESCALATION_STEP_LABELS] ?? s),
  ];
  return `此前已逐级督办${count}次（${parts.join('、')}）。`;
}

/** A person by name and post (方建华（县长）), an office or unit by its name. */
function salutationOf(province: Province, r: Recipient): string {
  const post = province.staff(r.who)?.post;
  return post ? `${r.name}（${post}）` : r.name;
}

/** Only while a 延期 may still be asked for (none granted or waiting, the last day to ask not passed): when that last day is. */
function extensionHint(province: Province, c: Case, clock: ChaseAction['clock']['clock'], now: string): string {
  if (clock !== 'handling') return '';
  const rules = province.extensionRulesFor(c.jurisdiction);
  if (!extensionStillAskable(c, now, rules, province.calendar)) return '';
  const [year, month, day] = extensionRequestLatestDay(c, rules, province.calendar)!.split('-').map(Number);
  return `确需延期的，最迟于${year}年${month}月${day}日提出延期申请（期限届满${rules.requestLeadWorkingDays}个工作日前）。`;
}

function notice(
  id: string,
  c: Case,
  office: { name: string; mailbox: string },
  recipients: readonly Recipient[],
  letter: { subject: string; body: string },
): NotificationInput {
  return {
    id,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [...new Set(recipients.map((r) => r.email))],
    fromName: office.name,
    subject: letter.subject,
    text: letter.body,
    autoSubmitted: 'auto-generated',
  };
}
