import { chinaDate, formatChinaLastDay } from '../../domain/case-number.js';
import { renderTemplate } from '../../domain/templates.js';
import type { Province } from '../../domain/province.js';
import type { NotificationInput } from '../notification.js';
import type { CaseStore, CaseSummary, Publisher } from '../ports.js';

export interface DigestDeps {
  store: CaseStore;
  province: Province;
  notify: Publisher<NotificationInput>;
}

export interface DigestReport {
  date: string;
  /** Work lists read: one per unit and one per office. */
  lists: number;
  sent: number;
  overdue: number;
  due: number;
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
  const report: DigestReport = { date, lists: 0, sent: 0, overdue: 0, due: 0 };
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
      date,
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
  return report;
}

function lines(cases: readonly CaseSummary[]): string {
  if (cases.length === 0) return '（无）';
  const shown = cases.slice(0, LIST_LIMIT).map((c) => `- ${c.caseNumber}  ${c.subject ?? '（无主题）'}  期限：${formatChinaLastDay(c.nextDueAt!)}`);
  return cases.length > LIST_LIMIT ? [...shown, `……另有${cases.length - LIST_LIMIT}件，请查看工作清单`].join('\n') : shown.join('\n');
}
