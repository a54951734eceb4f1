import { chinaDate, formatChinaDateTime, formatChinaLastDay, formatDay } from '../../domain/case-number.js';
import { deadlineOf } from '../../domain/deadlines.js';
import type { HeldMailStore } from '../held-mail.js';
import { renderTemplate } from '../../domain/templates.js';
import type { Province } from '../../domain/province.js';
import type { NotificationInput } from '../notification.js';
import type { CaseStore, CaseSummary, Publisher } from '../ports.js';
import { unstaffedUnits } from '../work-lists.js';

export interface DigestDeps {
  store: CaseStore;
  province: Province;
  notify: Publisher<NotificationInput>;
  /** 疑似广告 the intake held for each office: how many wait, and since when. */
  held: Pick<HeldMailStore, 'waiting'>;
}

export interface DigestReport {
  date: string;
  /** Work lists read: one per unit and one per office. */
  lists: number;
  sent: number;
  overdue: number;
  due: number;
  /** Open cases led by units nobody in the system works for, told to their offices. */
  unstaffed: number;
  /** Held emails (疑似广告) told to their offices, of those that waited more than a working day. */
  heldWaiting: number;
}

const DAY_MS = 86_400_000;
/** A digest lists this many cases of each kind; the work list has the rest. */
const LIST_LIMIT = 200;

/**
 * The daily digest: each unit (and each office, for the cases no unit has
 * yet) gets one email listing its overdue cases and those due within the
 * configured days. Nothing to list, no email. The id names the list and the
 * China date, so a second run on the same day sends nothing new.
 */
export async function sendDigests(deps: DigestDeps, now: string): Promise<DigestReport> {
  const { province } = deps;
  const date = chinaDate(now);
  const { dueWithinDays } = province.config.defaults.digest;
  const horizon = new Date(Date.parse(now) + dueWithinDays * DAY_MS).toISOString();
  const report: DigestReport = { date, lists: 0, sent: 0, overdue: 0, due: 0, unstaffed: 0, heldWaiting: 0 };
  const lists = province.tree.all().flatMap((j) => [
    { key: `office:${j.code}`, partition: { office: j.code }, name: j.office.name, mailbox: j.office.mailbox, jurisdiction: j.code },
    ...j.units.map((u) => ({ key: u.id, partition: { unit: u.id }, name: u.name, mailbox: u.mailbox, jurisdiction: j.code })),
  ]);
  for (const list of lists) {
    report.lists += 1;
    const listed = await deps.store.workList({ partition: list.partition, dueBefore: horizon, limit: LIST_LIMIT * 2 });
    // A unit the report has come to accuse after it was assigned there gets not even a line of it (条例第三十条).
    const unit = 'unit' in list.partition ? list.partition.unit : undefined;
    const cases = listed.filter((c) => unit === undefined || !c.accusedUnits?.includes(unit));
    const overdue = cases.filter((c) => c.nextDueAt !== undefined && c.nextDueAt <= now);
    const due = cases.filter((c) => c.nextDueAt !== undefined && c.nextDueAt > now);
    if (overdue.length === 0 && due.length === 0) continue;
    report.overdue += overdue.length;
    report.due += due.length;
    const office = province.jurisdiction(list.jurisdiction).office;
    const letter = renderTemplate('digest', province.templateFor('digest', list.jurisdiction), {
      office: office.name,
      unit: list.name,
      // As every letter writes a day (2026年12月7日), not the ISO key the digest's id is made of.
      date: formatDay(date),
      overdueCount: String(overdue.length),
      dueCount: String(due.length),
      dueWithinDays: String(dueWithinDays),
      overdueList: lines(overdue),
      dueList: lines(due),
      // The workbench's 已逾期 list: the office's cases and its units', or the unit's own.
      worklistLink: `${province.config.mail.consoleUrl}/?list=overdue`,
    });
    await deps.notify.publish([
      {
        id: `digest:${list.key}:${date}`,
        body: { id: `digest:${list.key}:${date}`, kind: 'notice', to: [list.mailbox], fromName: office.name, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' },
      },
    ]);
    report.sent += 1;
  }
  await tellOfficesOfUnstaffedUnits(deps, now, report);
  await tellOfficesOfHeldMail(deps, now, report);
  return report;
}

/**
 * 疑似广告: held emails wait on the office's workbench for staff to judge, and among them may be a petition.
 * Once the oldest has waited more than a working day, the office hears of it every day until none waits
 * that long (one email a day: its id names the office and the date). One query of the office's waiting list each.
 */
async function tellOfficesOfHeldMail(deps: DigestDeps, now: string, report: DigestReport): Promise<void> {
  const { province } = deps;
  const date = chinaDate(now);
  for (const j of province.tree.all()) {
    const waiting = await deps.held.waiting(j.code);
    if (waiting.count === 0 || !waiting.oldestReceivedAt) continue;
    if (deadlineOf(waiting.oldestReceivedAt, { days: 1, count: 'working' }, province.calendar) > now) continue;
    const letter = renderTemplate('heldMailWaiting', province.templateFor('heldMailWaiting', j.code), {
      office: j.office.name,
      // Written as the oldest is (2026年12月8日), not as the notice's id (2026-12-08).
      date: formatDay(date),
      count: String(waiting.count),
      oldest: formatChinaDateTime(waiting.oldestReceivedAt),
      worklistLink: `${province.config.mail.consoleUrl}/?list=held-mail`,
    });
    const id = `held-mail:office:${j.code}:${date}`;
    await deps.notify.publish([{ id, body: { id, kind: 'notice', to: [j.office.mailbox], fromName: j.office.name, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' } }]);
    report.heldWaiting += waiting.count;
    report.sent += 1;
  }
}

/**
 * 无人承办: a unit whose last handler left (the staff list changed) still leads
 * the cases it had, and its clocks run on while nobody can conclude or answer
 * them. Its office hears of it every day until it takes them back or the unit
 * has staff again; the unit's own digest still goes to its mailbox.
 */
async function tellOfficesOfUnstaffedUnits(deps: DigestDeps, now: string, report: DigestReport): Promise<void> {
  const { province } = deps;
  const date = chinaDate(now);
  for (const j of province.tree.all()) {
    const units = unstaffedUnits(province, j.code);
    if (units.length === 0) continue;
    const page = await deps.store.workListPage({ partitions: units.map((unit) => ({ unit })), limit: LIST_LIMIT + 1 });
    if (page.items.length === 0) continue;
    const names = new Map(j.units.map((u) => [u.id, u.name]));
    const shown = page.items.slice(0, LIST_LIMIT);
    const more = page.items.length > LIST_LIMIT || page.cursor !== undefined;
    const count = more ? `${shown.length}余` : String(shown.length);
    const leading = [...new Set(shown.map((c) => c.lead).filter((u): u is string => u !== undefined))];
    const letter = renderTemplate('unstaffedLead', province.templateFor('unstaffedLead', j.code), {
      office: j.office.name,
      date: formatDay(date),
      units: leading.map((u) => names.get(u) ?? u).join('、'),
      count,
      caseList: lines(shown, (c) => (c.nextDueAt ? `期限：${formatChinaLastDay(c.nextDueAt)}` : '')) + (more ? '\n……另有更多，请查看工作清单' : ''),
      worklistLink: `${province.config.mail.consoleUrl}/?list=unstaffedLead`,
    });
    const id = `unstaffed:office:${j.code}:${date}`;
    await deps.notify.publish([{ id, body: { id, kind: 'notice', to: [j.office.mailbox], fromName: j.office.name, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' } }]);
    report.unstaffed += shown.length;
    report.sent += 1;
  }
}

function lines(cases: readonly CaseSummary[], due = (c: CaseSummary) => `期限：${formatChinaLastDay(c.nextDueAt!)}`): string {
  if (cases.length === 0) return '（无）';
  const shown = cases.slice(0, LIST_LIMIT).map((c) => `- ${c.caseNumber}  ${c.subject ?? '（无主题）'}  ${due(c)}`.trimEnd());
  return cases.length > LIST_LIMIT ? [...shown, `……另有${cases.length - LIST_LIMIT}件，请查看工作清单`].join('\n') : shown.join('\n');
}
