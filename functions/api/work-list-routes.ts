import * as z from 'zod';
import { findCasesByContact, findCasesByName, NAME_SEARCH_MAX_LENGTH } from '../../shared/app/read-cases.js';
import { WORK_LISTS, workListCounts, workListPage } from '../../shared/app/work-lists.js';
import { json } from '../lib/http.js';
import { listedCaseSchema } from './case-route-docs.js';
import { defineRoute, type ApiRoute } from './route.js';

const workListParamsSchema = z.object({ list: z.enum(WORK_LISTS) });
const workListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(8_000).optional(),
});
const contactQuerySchema = z.strictObject({ contact: z.string().trim().min(3).max(254) });
// Bounded before normalising (a name typed with spaces between its characters is still a name); findCasesByName checks the rest.
const nameQuerySchema = z.strictObject({
  name: z.string().trim().min(1, '请填写信访人姓名').max(NAME_SEARCH_MAX_LENGTH * 2, `姓名不超过 ${NAME_SEARCH_MAX_LENGTH} 个字`),
});

const foundByContactSchema = listedCaseSchema.extend({
  matchedAs: z
    .array(z.enum(['petitioner', 'representative', 'writer']))
    .min(1)
    .describe('Whose contact (or name) it is on this case: the petitioner’s, a representative’s of the collective petition (集体访, 第二十条), whoever wrote, came or called for the petitioner (代为反映人, `writer`: by their name, or by their own phone or email where the petitioner left contacts of their own and letters go to the petitioner), or several.'),
});

const personHintSchema = z.object({
  name: z.string().optional().describe('As recorded (the way it was written: 王 秀英, ＷＡＮＧ…).'),
  address: z.string().optional().describe('The postal address or residence recorded (住址).'),
  workUnit: z.string().optional().describe('The work unit recorded (工作单位).'),
});
const foundByNameSchema = foundByContactSchema.extend({
  petitioner: personHintSchema.optional().describe('The petitioner as the case records them — no contact — to tell namesakes apart.'),
  representatives: z.array(personHintSchema).optional().describe('When a representative’s name matched (`matchedAs`): that representative (those of that name), as recorded.'),
  writer: z
    .object({
      relation: z.string().describe('What the petitioner is to the writer (父亲…; 委托人 for one entrusted).'),
      entrusted: z.literal(true).optional(),
      name: z.string().optional(),
    })
    .optional()
    .describe('When the writer’s name matched (`matchedAs` has `writer`): the 代为反映人 as recorded — never a contact.'),
});
const foundByNameAnswerSchema = z.object({
  items: z.array(foundByNameSchema),
  more: z.literal(true).optional().describe('There may be more cases of this name the caller may read than answered (more than 100, or a name with more than 1,000 index entries province-wide): narrow by jurisdiction and day, or by contact.'),
});

const workListPageSchema = z.object({ list: z.enum(WORK_LISTS), items: z.array(listedCaseSchema), cursor: z.string().optional() });
const workListCountsSchema = z.object({
  lists: z.array(z.object({ list: z.enum(WORK_LISTS), count: z.int(), capped: z.literal(true).optional() })),
});

const LISTS_DESCRIPTION =
  'The petitions office of a jurisdiction has `triage` (待分办: the router could not place these; urgent cases (紧急) first, then the others, each soonest due first), `awaitingAcceptance` (待受理), `awaitingAssignment` (待交办: accepted, no unit yet) and `newlyRegistered` (新登记: the cases this office registered in the last 7 days, wherever they are now — a case handed down at once stays on the registering office’s list —, newest first); a unit’s staff have `unitOpen` (本单位在办), `handledByMe` (我承办的: the open cases the caller took on as their handling official — 认领, 首问责任制 — soonest due first; the office’s staff and registrars have it too, for cases they claimed before a unit had them; off the list once the case is replied, closed, claimed by someone else or handed to another jurisdiction) and `cooperating` (协办事项: the open cases another unit leads and theirs cooperates on, in the order it was asked to; off the list once the case is concluded (back on it when reopened) or the unit no longer cooperates); a leader has `ownedCases` (包案: the cases they own — 领导包案 — at any level, in the order they were designated, closed ones too, as a ledger of their cases), `extensionRequests` (待审批延期: extension requests waiting for a leader’s decision), `escalated` (督办: overdue cases whose escalation chain has reached the jurisdiction’s leaders, with the step reached and since when) and `urgent` (紧急) over the office’s cases and its units’ — and those of the levels just below that have no leaders of their own (a county’s townships), whose requests and alerts reach this leader —, and `reviewsAwaiting` (待复查复核: reviews and re-reviews this level decides), which the office has too; leaders have `leaderReadings` (待阅批: the cases the petitions office put before the caller — 呈领导阅批, POST /cases/{caseNumber}/leader-reading — until they give an instruction or mark them read, oldest first); leaders and unit heads have, only while it holds any, `awaitingSignOff` (待签发: concluded cases whose decision letter the office requires approved — replySignOff — and the caller may approve now: a unit head, their unit’s letters; a leader, their office’s, and those that fall to them because nobody the rule names is left but the letter’s author, longest waiting first; never a letter the caller concluded or corrected; off the list once signed off, replied or reopened, back on it when a correction voids the approval); the petitions office has `returnRequests` (待批退回: cases whose handling unit, past its 5 working days to object, asks this office — the one that handed it the case — to approve their return, and cases with a cooperating unit’s 协办异议 waiting for this office — the one that named it —, oldest request first) and `supervising` (交办督办件: the cases below it that owe it their result — handed down by it (交办), supervised by it after the petitioner came to it past the lower level’s limit (上级督办), or escalated to it as the chain’s last step — until they are answered and the result reported, in the order they came to owe it) and, only while it holds any, `unstaffedLead` (无人承办: open cases led by one of its units that nobody in the system works for any more — the staff list no longer names a handler or head there — to take back (收回) and hand on; the office is also emailed about them daily); the office and its registrars have `lettersToPost` (待寄送: cases with letters to petitioners without email — acceptance, refusal, extension, decision — printed but not yet marked posted, oldest letter first), `lettersToPhone` (待电话告知: the same letters to petitioners who left only a telephone number — no email, no postal address — not yet recorded as told by phone, oldest letter first) and `followUpsDue` (待回访: replied cases whose follow-up is due and whose petitioner has no email, so staff call or write and record the answer, soonest due first); everyone has `overdue` (已逾期) and `dueSoon` (3个工作日内到期) over what they work — the office’s cases and its units’, or their unit’s. Work lists are soonest due first (待分办: urgent cases first); a page holds `limit` cases while the list holds more (the server reads on past the cases its filters or the read rules leave out, within a bounded number of reads, after which a page may come back short or empty with a cursor); the cursor is opaque — pass it back unchanged.';

/** 工作台: the caller's work lists, their counts, and searching by a petitioner's contact or name. */
export const workListRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/work-lists',
    operationId: 'listWorkLists',
    summary: 'The caller’s work lists with the number of cases in each',
    description: `${LISTS_DESCRIPTION} Counts use the same read rules as the lists, so a count never promises a case the list does not show; a count that reached 5,000 says \`capped\`.`,
    tags: ['Cases'],
    responses: [{ status: 200, description: 'The caller’s lists, in the order a workbench shows them, with counts.', schema: workListCountsSchema }],
    errors: [403],
    handler: async ({ deps, actor }) => json(200, { lists: await workListCounts(deps, actor()) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/work-lists/{list}',
    operationId: 'getWorkList',
    summary: 'A page of one of the caller’s work lists, each case with its running clock in working days',
    description: `${LISTS_DESCRIPTION} Each case with a running clock carries \`clock\`: working days left (today counted if it is one, by the province’s holiday calendar) or days overdue. A list that is not the caller’s is refused with 403.`,
    tags: ['Cases'],
    params: workListParamsSchema,
    query: workListQuerySchema,
    describe: { list: 'Which list.', limit: 'Cases per page.', cursor: 'From the previous page’s answer, unchanged.' },
    responses: [{ status: 200, description: 'A page of the list and the next page’s cursor, if any.', schema: workListPageSchema }],
    errors: [400, 403],
    handler: async ({ deps, actor, params, query }) => json(200, await workListPage(deps, actor(), params().list, query())),
  }),
  defineRoute({
    method: 'GET',
    path: '/petitioners/cases',
    operationId: 'findCasesByContact',
    summary: 'A petitioner’s cases, found by phone number or email address — a collective petition’s representatives’ too',
    description:
      'Looked up through the hashed contact index, as repeats are found: `+86 138…`, `138…` and `0571-8888 6666` style numbers match however written; email addresses ignore case. A collective petition (集体访) is found by its representatives’ phone numbers and email addresses (as recorded: named in the petition, or agreed with the office) as well as its petitioner’s — never made a repeat by them —, and a petition registered with 代为反映人 by the writer’s own phone or email where the petitioner left contacts of their own (`writer`; where the petitioner left none the writer’s are the case’s, `petitioner`); each case says whose contact matched (`matchedAs`). Only the cases the caller may read are answered, newest first, at most 100; each case found is written to its audit trail (`read:found-by-contact`).',
    tags: ['Cases'],
    query: contactQuerySchema,
    describe: { contact: 'A phone number or an email address.' },
    responses: [{ status: 200, description: 'The cases found.', schema: z.object({ items: z.array(foundByContactSchema) }) }],
    errors: [400, 403],
    handler: async ({ event, deps, actor, query }) => json(200, await findCasesByContact(deps, query().contact, actor(), event.requestContext.requestId)),
  }),
  defineRoute({
    method: 'GET',
    path: '/petitioners/cases/by-name',
    operationId: 'findCasesByName',
    summary: 'A petitioner’s cases, found by name — a letter-writer or a walk-in who left no number; a collective petition’s representatives’ too',
    description: `Looked up through hashed name entries in the contact index (no name is stored in a key), the name compared as 关联为重复件 compares it: full-width letters and digits folded, spaces (ideographic ones too) and the case of Latin letters ignored — \`王秀英\`, \`王 秀英\` and 王秀英 with an ideographic space (U+3000) between are one name; at most ${NAME_SEARCH_MAX_LENGTH} characters once spaces are taken out. Anonymous petitions (匿名) are no one’s and never found; a petition that left no name is found by its contact only. A corrected name (更正信访人信息) finds the case, the name before no longer does. A collective petition (集体访) is found by its representatives’ names as well as its petitioner’s, and a petition written, brought or phoned in for someone (代为反映) by its writer’s name; each case says whose name matched (\`matchedAs\`). A common name matches many people: besides its jurisdiction, channel, subject, category, status and registration time, each case carries its petitioner as recorded — the name as written, address (住址) and work unit (工作单位), never a contact — and, when a representative’s name matched, that representative, to tell them apart before opening one. Only the cases the caller may read are answered, newest first, at most 100 (the name’s index entries are read first, up to 1,000, then the cases 100 at a time until 100 the caller may read are found: a county clerk finds their own among a common name’s cases elsewhere; \`more\` says there may be others); each case found is written to its audit trail (\`read:found-by-name\`).`,
    tags: ['Cases'],
    query: nameQuerySchema,
    describe: { name: 'The petitioner’s (or a representative’s, or 代为反映人’s) name as given.' },
    responses: [
      {
        status: 200,
        description: 'The cases found.',
        schema: foundByNameAnswerSchema,
      },
    ],
    errors: [400, 403],
    handler: async ({ event, deps, actor, query }) => json(200, await findCasesByName(deps, query().name, actor(), event.requestContext.requestId)),
  }),
  // The same look-ups with what is looked up in the body: a URL's query string is written to the CDN's and proxies'
  // access logs, and a name or phone number is personal data that no log may hold. The console uses these.
  defineRoute({
    method: 'POST',
    path: '/petitioners/cases/by-contact',
    operationId: 'findCasesByContactInBody',
    summary: 'As GET /petitioners/cases, the phone number or email address in the body, out of every access log',
    description: 'The same look-up and answer as `GET /petitioners/cases`; the contact travels in the body, so no access log (the CDN’s, a proxy’s) records it. Reads nothing but the index and the cases, changes nothing but their audit trails: sending it twice is harmless.',
    tags: ['Cases'],
    body: { schema: contactQuerySchema },
    responses: [{ status: 200, description: 'The cases found.', schema: z.object({ items: z.array(foundByContactSchema) }) }],
    errors: [400, 403],
    handler: async ({ event, deps, actor, body }) => json(200, await findCasesByContact(deps, body().contact, actor(), event.requestContext.requestId)),
  }),
  defineRoute({
    method: 'POST',
    path: '/petitioners/cases/by-name',
    operationId: 'findCasesByNameInBody',
    summary: 'As GET /petitioners/cases/by-name, the name in the body, out of every access log',
    description: 'The same look-up and answer as `GET /petitioners/cases/by-name`; the name travels in the body, so no access log (the CDN’s, a proxy’s) records it. Changes nothing but the audit trails of the cases found: sending it twice is harmless.',
    tags: ['Cases'],
    body: { schema: nameQuerySchema },
    responses: [{ status: 200, description: 'The cases found.', schema: foundByNameAnswerSchema }],
    errors: [400, 403],
    handler: async ({ event, deps, actor, body }) => json(200, await findCasesByName(deps, body().name, actor(), event.requestContext.requestId)),
  }),
];
