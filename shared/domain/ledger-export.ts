import type { Case, PetitionWriter } from './case.js';
import { chinaDate } from './case-number.js';
import { CATEGORY_LABELS, CHANNEL_LABELS, STATUS_LABELS } from './labels.js';
import { OUTCOME_LABELS } from './outcome.js';
import { reportBackOffices } from './report-back.js';
import { relationOf } from './supervision.js';
import { chinaDateTimeCell, csvDocument } from './statistics-csv.js';

/**
 * 信访台账 as a CSV file for Excel: one line per case, in the columns the
 * registration duties name (登记编号, 信访形式, 登记时间 … 是否集体访), and 代为反映人 beside 信访人 for a matter
 * raised by someone for the person concerned. The
 * caller decides which cases the reader may see; a line shows what the case
 * page shows them.
 */

export const LEDGER_HEADERS = [
  '登记编号',
  '信访形式',
  '登记时间',
  '收到时间',
  '信访人',
  '代为反映人',
  '人数',
  '联系电话',
  '住址或工作单位',
  '问题类别',
  '主要问题',
  '所属地区',
  '转送情况',
  '责任单位',
  '办理状态',
  '受理时间',
  '办理期限',
  '办结时间',
  '办理结果',
  '答复时间',
  '满意度评价',
  '逾期登记（工作日）',
  '是否重复信访',
  '是否集体访',
] as const;

/** 主要问题 is cut here: a ledger line is read across a row, the whole matter is on the case page. */
export const LEDGER_SUBJECT_MAX = 100;

/** The names the file shows for codes, from the configuration. */
export interface LedgerNames {
  place(jurisdiction: string): string;
  unit(unitId: string): string;
}

type Cell = string | number | null;

/**
 * Where the reader of the ledger stands towards a case held by another place than the office that received it:
 * `from`, that office is one of the places exported; `to`, the holder is; `since`, when it went to the holder, where
 * known. Absent: both (a whole subtree's ledger).
 */
export interface HandedOnView {
  from: boolean;
  to: boolean;
  since?: string | undefined;
}

/**
 * 转送情况: a case received by one place and held by another (交办, 转送 to a sibling, sent up the tree). The ledger
 * of the office it left keeps it as received there and sent on — where to and when; that of the holder shows where it
 * came from; one holding both names both. Empty for a case held where it was received. 交办 where the office that
 * received it handed it down and is owed the result (reportBackTo, reportBackAbove; not one that supervises it, 督办);
 * otherwise 转送, nothing owed back — a desk's register keeps its 交办件 apart from what it only passed on.
 */
export function handedOnCell(
  c: Pick<Case, 'jurisdiction' | 'receivingOffice' | 'reportBackTo' | 'reportBackAbove' | 'supervisedBy' | 'redoOrderedBy'>,
  names: Pick<LedgerNames, 'place'>,
  view?: HandedOnView,
): string | null {
  if (!c.receivingOffice || c.receivingOffice === c.jurisdiction) return null;
  const assigned = reportBackOffices(c).includes(c.receivingOffice) && relationOf(c, c.receivingOffice) === '交办';
  const verb = assigned ? '交办' : '转送';
  if (view?.from && !view.to) return `${verb}${names.place(c.jurisdiction)}${view.since ? `（${chinaDate(view.since)}）` : ''}`;
  if (view?.to && !view.from) return `${names.place(c.receivingOffice)}${assigned ? '交办' : '转来'}`;
  return `${names.place(c.receivingOffice)}${verb}${names.place(c.jurisdiction)}`;
}

/** One case's line, in the order of LEDGER_HEADERS. */
export function ledgerLine(c: Case, names: LedgerNames, handedOn?: HandedOnView): Cell[] {
  const p = c.petitioner;
  const at = (instant: string | undefined) => (instant ? chinaDateTimeCell(instant) : null);
  const cooperating = c.handling?.cooperating ?? [];
  return [
    c.caseNumber,
    CHANNEL_LABELS[c.channel],
    at(c.registeredAt),
    at(c.receivedAt),
    p.anonymous ? '匿名' : (p.name ?? '未留姓名'),
    p.anonymous ? null : writerCell(p.writtenBy),
    c.collective?.headCount ?? 1,
    p.anonymous ? null : (p.phone ?? null),
    p.anonymous ? null : [p.address, p.workUnit].filter(Boolean).join('；') || null,
    CATEGORY_LABELS[c.category ?? 'uncategorised'],
    mainIssue(c),
    names.place(c.jurisdiction),
    handedOnCell(c, names, handedOn),
    c.handling ? `${names.unit(c.handling.lead)}${cooperating.length ? `（配合：${cooperating.map(names.unit).join('、')}）` : ''}` : null,
    STATUS_LABELS[c.status],
    at(c.acceptedAt),
    c.deadlines.handling ? lastDay(c.deadlines.handling) : null,
    at(c.result?.concludedAt),
    c.result ? OUTCOME_LABELS[c.result.outcome] : null,
    at(c.reply?.at),
    c.followUp?.satisfied === undefined ? null : c.followUp.satisfied ? '满意' : '不满意',
    c.registeredLate ?? 0,
    c.repeatOf ? '是' : '否',
    c.collective ? '是' : '否',
  ];
}

/** The ledger file: a byte-order mark, the Chinese headers, one line per case in the order given. */
export function ledgerCsv(cases: readonly Case[], names: LedgerNames, handedOn?: (c: Case) => HandedOnView): string {
  return csvDocument([[...LEDGER_HEADERS], ...cases.map((c) => ledgerLine(c, names, handedOn?.(c)))]);
}

/**
 * 代为反映人: the writer's name and what they are to the matter — 王小明（代父亲反映）, 李律师（受委托）, 张强（受舅舅委托） — so a
 * line read across says who raised it; empty where the petitioner raised it themselves.
 */
function writerCell(writer: PetitionWriter | undefined): string | null {
  if (!writer) return null;
  const name = writer.name ?? '未留姓名';
  if (writer.relation === '委托人') return `${name}（受委托）`;
  return writer.entrusted ? `${name}（受${writer.relation}委托）` : `${name}（代${writer.relation}反映）`;
}

/** The subject, or the matter's start, on one line and cut to LEDGER_SUBJECT_MAX characters. */
function mainIssue(c: Case): string {
  const words = [...(c.subject?.trim() || c.matter).replace(/\s+/g, ' ').trim()];
  return words.length > LEDGER_SUBJECT_MAX ? `${words.slice(0, LEDGER_SUBJECT_MAX - 1).join('')}…` : words.join('');
}

/** A deadline is the instant its period ends (midnight in China after the last day): the ledger shows that last day. */
function lastDay(deadline: string): string {
  return chinaDate(new Date(Date.parse(deadline) - 1).toISOString());
}
