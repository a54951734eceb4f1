import * as z from 'zod';
import { CASE_STATUSES, CATEGORIES } from '../../shared/domain/case.js';
import { exportLedger, LEDGER_MAX_DAYS, LEDGER_MAX_LINES } from '../../shared/app/ledger-export.js';
import { LEDGER_SUBJECT_MAX } from '../../shared/domain/ledger-export.js';
import { defineRoute, type ApiRoute } from './route.js';
import { chinaDate, divisionCodeSchema } from './schemas.js';
import { csvFile } from './statistics-routes.js';

export const ledgerQuerySchema = z.strictObject({
  jurisdiction: divisionCodeSchema,
  from: chinaDate('from'),
  to: chinaDate('to'),
  status: z
    .enum([...CASE_STATUSES, 'open', 'any'], { error: `must be one of ${[...CASE_STATUSES, 'open', 'any'].join(', ')}` })
    .default('any')
    .describe('One status; `open`, every case not yet closed (as the case list shows by default); `any` or left out, every status.'),
  category: z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(', ')}` }).optional(),
  unit: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a unit id from the configuration, e.g. 330122-housing').optional(),
  includeSubordinates: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .transform((value) => value === 'true'),
});

/** GET /cases/ledger: 信访台账, one line per case, as a CSV file for Excel (layout in shared/domain/ledger-export.ts). */
export const ledgerRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/cases/ledger',
    operationId: 'exportLedger',
    summary: 'The ledger (信访台账) of the cases received in a period, one line per case, as CSV',
    description:
      `The cases received (收到时间, China days, both included) in a period of at most ${LEDGER_MAX_DAYS} days that the caller may read, as the case list shows them: a unit’s staff their unit’s cases only, an office its jurisdiction (with includeSubordinates, every level below it too; not for a unit’s staff, 403), nobody a report accusing their unit or place, nobody a case they are recused from. ` +
      'Read from the listing index and then by key, never by a scan. A file of UTF-8 with a byte-order mark for Excel, RFC 4180 quoting, CRLF line ends, Chinese headers: 登记编号, 信访形式, 登记时间, 收到时间, 信访人 (匿名 or 未留姓名 where there is no name), 人数, 联系电话, 住址或工作单位, 问题类别, ' +
      `主要问题 (the subject, or the matter’s start, at most ${LEDGER_SUBJECT_MAX} characters), 所属地区 (the jurisdiction holding the case now), 转送情况 (a case received by one place and held by another: 转送淳安县（2026-12-03） on the ledger of the office it left — it stays there, as received by it — 桐庐县转来 on the holder's, 桐庐县转送淳安县 on a ledger holding both; 交办 for 转送 where the office that received it handed it down and is owed the result — 交办桐庐县（2026-12-03）, 杭州市交办, 杭州市交办桐庐县; empty otherwise), 责任单位 (the lead, 配合 units after it), 办理状态, 受理时间, 办理期限 (the last day), 办结时间, 办理结果, 答复时间, 满意度评价, 逾期登记（工作日）, 是否重复信访, 是否集体访; times in China time (2026-12-06 04:09), oldest receipt first. ` +
      'A cell that a spreadsheet would run as a formula (beginning with =, +, -, @ or a tab) is written with an apostrophe before it. ' +
      `More than ${LEDGER_MAX_LINES} matching cases: 400, asking for a shorter period or narrower filters (the file is never cut short). ` +
      'Every file is written to the ledger trail (GET /admin/audit/ledger) before it is answered: who, when, the filters and the number of lines.',
    tags: ['Cases'],
    query: ledgerQuerySchema,
    describe: {
      jurisdiction: 'Division code of the jurisdiction.',
      from: 'First day of receipt (China date, YYYY-MM-DD).',
      to: `Last day of receipt (China date, YYYY-MM-DD), included; at most ${LEDGER_MAX_DAYS} days after from, counted with it.`,
      status: 'One status, `open` or `any` (the default).',
      category: 'Only cases of this category.',
      unit: 'Only cases this unit leads (责任单位).',
      includeSubordinates: 'true: the levels below the jurisdiction too (含下级).',
    },
    responses: [{ status: 200, description: 'The ledger as a CSV file, one line per case.', media: ['csv'] }],
    errors: [400, 403, 404],
    handler: async ({ event, deps, actor, query }) => {
      const reader = actor();
      const q = query();
      const { csv } = await exportLedger(deps, q, reader, { requestId: event.requestContext.requestId });
      const file = csvFile(csv, `ledger-${q.jurisdiction}-${q.from}-${q.to}.csv`);
      // Names and phone numbers: no cache keeps a copy.
      return { ...file, headers: { ...file.headers, 'cache-control': 'private, no-store' } };
    },
  }),
];
