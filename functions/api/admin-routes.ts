import * as z from 'zod';
import { configurationOf, provisionalClocks } from '../../shared/app/configuration.js';
import { handOverOwnedCases } from '../../shared/app/leader-ownership.js';
import { queueDepths, redriveDeadLetters, replayStoredEmail } from '../../shared/app/operations.js';
import { ADMINISTRATION_TRAIL, heldMailTrail, LEDGER_TRAIL, RECEPTION_TRAIL, type AuditEntry, type AuditQuery, type CaseStore } from '../../shared/app/ports.js';
import { assertMayAdminister, type Actor } from '../../shared/domain/access.js';
import { CATEGORIES, CHANNELS, CASE_STATUSES } from '../../shared/domain/case.js';
import { DEPARTMENT_KINDS, ESCALATION_STEPS, STAFF_ROLES } from '../../shared/domain/department.js';
import { OutOfScope } from '../../shared/domain/errors.js';
import { JURISDICTION_LEVELS } from '../../shared/domain/jurisdiction.js';
import { CLOCKS, DAY_COUNTS, HANDLINGS } from '../../shared/domain/time-limits.js';
import { HOLIDAY_NAMES } from '../../shared/domain/calendar.js';
import { QUEUE_IDS } from '../../shared/resources/definitions.js';
import { json, type HttpEvent } from '../lib/http.js';
import { AUDIT_QUERY_DESCRIPTIONS, auditAnswerSchema, auditQuerySchema } from './audit-schemas.js';
import { defineRoute, type ApiDeps, type ApiRoute } from './route.js';
import { divisionCodeSchema } from './schemas.js';

/**
 * Administration, for administrators only (403 for anyone else): the province
 * configuration as the system loaded it, the queues' depths, redriving a
 * dead-letter queue and replaying one stored email — the use cases of
 * `npm run redrive` and `npm run replay` (shared/app/operations.ts). Each
 * redrive and replay, allowed or refused, is written to the administration
 * trail (`AUDIT#admin`) before the answer goes out; GET /admin/audit reads it.
 */

const timeLimitSchema = z.object({ days: z.int(), count: z.enum(DAY_COUNTS) });
const overridesSchema = z.partialRecord(z.enum(CLOCKS), timeLimitSchema);
const routingRuleSchema = z.object({ department: z.enum(DEPARTMENT_KINDS), keywords: z.array(z.string()), category: z.enum(CATEGORIES).optional(), impliesCategory: z.enum(CATEGORIES).optional().describe('The category a case routed by these keywords is classed as when nothing else classes it.') });

const configurationSchema = z.object({
  configuration: z.object({
    province: z.object({ code: divisionCodeSchema, name: z.string() }),
    jurisdictions: z.array(
      z.object({
        code: divisionCodeSchema,
        name: z.string(),
        level: z.enum(JURISDICTION_LEVELS),
        parent: divisionCodeSchema.optional(),
        office: z.object({ name: z.string() }),
        units: z.array(z.object({ id: z.string(), name: z.string(), department: z.enum(DEPARTMENT_KINDS), head: z.string().optional().describe('The unit head’s staff id.') })),
        leadership: z.object({ principal: z.string().optional(), inChargeOfPetitions: z.string().optional() }),
      }),
    ),
    staff: z.array(z.object({ id: z.string(), name: z.string(), jurisdiction: divisionCodeSchema, unit: z.string().optional(), roles: z.array(z.enum(STAFF_ROLES)) })),
    timeLimits: z.object({
      defaults: z.record(z.enum(CLOCKS), timeLimitSchema).describe('The province’s limits: the built-in ones with the configured defaults over them.'),
      byChannel: z.partialRecord(z.enum(CHANNELS), overridesSchema),
      byCategory: z.partialRecord(z.enum(CATEGORIES), overridesSchema),
      byJurisdiction: z.array(z.object({ jurisdiction: divisionCodeSchema, overrides: overridesSchema })),
      byHandling: z
        .array(z.object({ jurisdiction: divisionCodeSchema, handling: z.enum(HANDLINGS), overrides: overridesSchema }))
        .describe('A jurisdiction’s handling limit for a case its office handles itself (selfHandled, 自办) or hands to a unit (assigned, 交办、转办): over byJurisdiction, under byChannel and byCategory.'),
    }),
    routing: z.object({
      province: z.array(routingRuleSchema).describe('The province’s keyword rules, used everywhere.'),
      byJurisdiction: z.array(z.object({ jurisdiction: divisionCodeSchema, rules: z.array(routingRuleSchema) })).describe('Each level’s own rules, added to the province’s.'),
    }),
    escalation: z.object({
      chain: z.array(z.enum(ESCALATION_STEPS)),
      intervalHours: z.number(),
      reminders: z.object({ remainingShares: z.array(z.number()), lastWorkingDay: z.boolean(), hour: z.int() }),
      byJurisdiction: z.array(
        z.object({
          jurisdiction: divisionCodeSchema,
          chain: z.array(z.enum(ESCALATION_STEPS)).optional(),
          intervalHours: z.number().optional(),
          reminders: z
            .object({ remainingShares: z.array(z.number()).optional(), lastWorkingDay: z.boolean().optional(), hour: z.int().optional() })
            .optional()
            .describe('This jurisdiction’s reminder stages, in place of the province’s; what it leaves out is the province’s.'),
        }),
      ),
    }),
    calendars: z
      .array(z.object({ year: z.int(), holidays: z.array(z.object({ name: z.enum(HOLIDAY_NAMES), from: z.string(), to: z.string() })), workdays: z.array(z.string()) }))
      .describe('The holiday calendar, one entry per configured year (config/holidays/<year>.yaml).'),
  }),
  provisional: z
    .object({
      waitingFor: z.array(z.int()).describe('Years those clocks run into that have no calendar yet.'),
      cases: z.array(
        z.object({
          caseNumber: z.string(),
          jurisdiction: divisionCodeSchema,
          status: z.enum(CASE_STATUSES),
          clocks: z.array(z.object({ clock: z.string(), deadline: z.string() })),
        }),
      ),
      truncated: z.boolean(),
      read: z.int().describe('Open cases read to find them (those due after the last year the calendar covers, soonest first).'),
    })
    .describe('Open cases whose clocks were counted without their year’s holiday calendar (weekends and statutory holidays only); the sweep counts them again once the year is added.'),
});

const queueIdSchema = z.enum(QUEUE_IDS, { error: `must be one of the queues: ${QUEUE_IDS.join(', ')}` });

const queuesSchema = z.object({
  queues: z.array(
    z.object({
      queue: queueIdSchema,
      fifo: z.boolean(),
      purpose: z.string(),
      maxReceiveCount: z.int().describe('Tries before a message is parked in the dead-letter queue.'),
      waiting: z.int().describe('Messages waiting (ApproximateNumberOfMessages).'),
      inFlight: z.int().describe('Messages being worked (ApproximateNumberOfMessagesNotVisible).'),
      deadLetters: z.object({ waiting: z.int(), inFlight: z.int(), redriving: z.boolean().describe('A move back to the queue is under way.') }),
    }),
  ),
});

const redriveSchema = z.object({
  queue: queueIdSchema,
  outcome: z.enum(['empty', 'running', 'started']).describe('`empty`: nothing parked; `running`: a redrive of this queue is under way already; `started`: `moving` messages are on their way back.'),
  moving: z.int().optional(),
});

const replayBodySchema = z.strictObject({
  key: z.string().trim().min(1).max(1024).describe('The stored email’s key in the mail bucket, e.g. raw/xinfang@tonglu.petitions.example/4f1c….'),
});

const staffIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a staff id');
const handoverBodySchema = z.strictObject({
  from: staffIdSchema.describe('The leader who leaves the post; need no longer be in the configuration.'),
  to: staffIdSchema.describe('The leader who takes their cases over (role leader).'),
  reason: z.string().trim().min(1, 'a reason is required').max(1_000).describe('Why, e.g. 方建华同志调任市交通运输局，县长由杨伟同志接任.'),
});
const handoverSchema = z.object({
  handedOver: z.array(z.string()).describe('Cases the successor owns now; each recorded on the case and told to them.'),
  ended: z.array(z.string()).describe('Cases whose work is over (closed, archived, declined, withdrawn…), left as they were.'),
  refused: z
    .array(z.object({ caseNumber: z.string(), code: z.string(), message: z.string() }))
    .describe('Cases the successor could not take (recused, a level below the owner’s…): designate another leader on each.'),
});

/**
 * Runs an administrator's action and writes it to the administration trail
 * before answering: `denied` when the caller is not an administrator (checked
 * before anything of the request is read), `allowed` once it is done, with
 * what it concerned (`detail`).
 */
async function administered<T>(
  deps: ApiDeps,
  event: HttpEvent,
  actor: () => Actor,
  action: string,
  run: () => Promise<{ result: T; detail?: string }>,
): Promise<T> {
  const record = (who: string, outcome: AuditEntry['outcome'], detail?: string) =>
    deps.store.appendAudit({
      caseNumber: ADMINISTRATION_TRAIL,
      at: deps.clock.now().toISOString(),
      actor: who,
      action,
      outcome,
      requestId: event.requestContext.requestId,
      ...(detail ? { detail } : {}),
    });
  const who = actor();
  try {
    assertMayAdminister(who, action.replace(':', ' '));
  } catch (error) {
    if (error instanceof OutOfScope) await record(who.staffId, 'denied');
    throw error;
  }
  const { result, detail } = await run();
  await record(who.staffId, 'allowed', detail);
  return result;
}

const destructionRecordSchema = z.object({
  caseNumber: z.string(),
  jurisdiction: divisionCodeSchema,
  status: z.literal('archived'),
  archivedAt: z.string(),
  retentionYears: z.int(),
  retainUntil: z.string().describe('When its retention ran out.'),
  removedAt: z.string(),
  removed: z.object({
    items: z.int().describe('Items of the case: the case, its events, messages, contacts and list entries.'),
    auditEntries: z.int().describe('Entries of its audit trail.'),
    objects: z.int().describe('Objects in the mail bucket: its raw emails, attachments and archived file.'),
  }),
});
const destructionQuerySchema = z.object({
  jurisdiction: divisionCodeSchema,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
});

export const adminRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/admin/configuration',
    operationId: 'adminConfiguration',
    summary: 'The province configuration as the system loaded it, and the clocks waiting for a year’s calendar',
    description:
      'For administrators (403 otherwise): the jurisdiction tree, units, staff and roles, time limits, routing keywords, escalation chain and reminders, and the holiday calendar’s years — as loaded from config/province.yaml and config/holidays/. No mailboxes, email addresses or phone numbers, and no petitioner’s data. With it, the open cases whose clocks were counted without their year’s calendar.',
    tags: ['Administration'],
    responses: [{ status: 200, description: 'The configuration and the provisional clocks.', schema: configurationSchema }],
    errors: [403],
    handler: async ({ deps, actor }) => {
      assertMayAdminister(actor(), 'read the configuration');
      return json(200, { configuration: configurationOf(deps.province), provisional: await provisionalClocks(deps) }, { 'cache-control': 'private, no-store' });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/admin/queues',
    operationId: 'adminQueues',
    summary: 'Each queue’s depth and its dead-letter queue’s',
    description: 'For administrators (403 otherwise), as SQS reports them now (approximate counts).',
    tags: ['Administration'],
    responses: [{ status: 200, description: 'The queues, in the definitions’ order.', schema: queuesSchema }],
    errors: [403],
    handler: async ({ deps, actor }) => {
      assertMayAdminister(actor(), 'read the queues');
      return json(200, { queues: await queueDepths(deps.operations) }, { 'cache-control': 'private, no-store' });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/admin/queues/{queue}/redrive',
    operationId: 'adminRedrive',
    summary: 'Moves everything parked in a queue’s dead-letter queue back to the queue',
    description:
      'SQS StartMessageMoveTask, as `npm run redrive -- <queue>` does. Fix the cause first (the logs name it); safe to repeat, every consumer is idempotent. Written to the administration trail as `redrive:<queue>`, a refusal as `denied`. No body.',
    tags: ['Administration'],
    params: z.object({ queue: queueIdSchema }),
    describe: { queue: `The queue whose dead letters go back: ${QUEUE_IDS.join(', ')}.` },
    responses: [{ status: 200, description: 'What was done.', schema: redriveSchema }],
    errors: [400, 403],
    handler: async ({ deps, event, actor, params }) => {
      // The trail names the queue only when it is one (the path is checked after the caller).
      const named = event.pathParameters?.queue;
      const action = (QUEUE_IDS as string[]).includes(named ?? '') ? `redrive:${named}` : 'redrive';
      return json(200, await administered(deps, event, actor, action, async () => ({ result: await redriveDeadLetters(deps.operations, params().queue) })));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/admin/replay',
    operationId: 'adminReplay',
    summary: 'Sends one stored email through intake again',
    description:
      'As `npm run replay -- <key>` does: the intake queue gets the object-created record S3 sent the first time. Safe to repeat: intake recognises an email it has handled. A key outside `raw/`, or naming nothing stored, is refused (400) with the reason at `body.key`. Written to the administration trail as `replay` with the key.',
    tags: ['Administration'],
    body: { schema: replayBodySchema },
    responses: [{ status: 202, description: 'Queued for intake.', schema: z.object({ key: z.string(), bucket: z.string() }) }],
    errors: [400, 403],
    handler: async ({ deps, event, actor, body }) => {
      const replayed = await administered(deps, event, actor, 'replay', async () => {
        const { key } = body();
        return { result: await replayStoredEmail(deps.operations, key, deps.clock.now(), 'body.key'), detail: key };
      });
      return json(202, replayed);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/admin/handover/owned-cases',
    operationId: 'adminHandOverOwnedCases',
    summary: '包案交接: a departing leader’s cases to their successor',
    description:
      'When a leader leaves the post (the configuration no longer names them, or names them elsewhere), the cases on their 包案 list are owned by nobody who can act. Each case still being worked is designated to `to` as one designation is (POST /cases/{n}/leader): checked case by case, recorded on the case, the successor told. Cases whose work is over stay as they were. Safe to repeat. Written to the administration trail as `handover`, and to each case’s trail as `leader` (allowed, refused with the error’s code, or denied).',
    tags: ['Administration'],
    body: { schema: handoverBodySchema },
    responses: [{ status: 200, description: 'What was handed over, and what was not.', schema: handoverSchema }],
    errors: [400, 403],
    handler: async ({ deps, event, actor, body }) => {
      const handed = await administered(deps, event, actor, 'handover', async () => {
        const request = body();
        const result = await handOverOwnedCases(deps, actor(), request);
        return { result, detail: `${request.from}→${request.to}：交接 ${result.handedOver.length} 件，未能交接 ${result.refused.length} 件` };
      });
      return json(200, handed);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/admin/audit',
    operationId: 'adminAudit',
    summary: 'The administration trail: who redrove or replayed what, when, allowed or denied',
    description: 'For administrators (403 otherwise); newest first, filtered like a case’s trail.',
    tags: ['Administration'],
    query: auditQuerySchema,
    describe: AUDIT_QUERY_DESCRIPTIONS,
    responses: [{ status: 200, description: 'The entries that match, newest first.', schema: auditAnswerSchema('`admin`.') }],
    errors: [400, 403],
    handler: async ({ deps, actor, query }) => {
      assertMayAdminister(actor(), 'read the administration trail');
      return json(200, await trailPage(deps.store, ADMINISTRATION_TRAIL, query()));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/admin/audit/reception',
    operationId: 'receptionAudit',
    summary: 'The reception trail: who read the people booked for a reception day, when',
    description:
      'For administrators (403 otherwise); newest first, filtered like a case’s trail. An entry is one read of a session’s bookings with names and contacts (`read:bookers`, `detail`: the session id and the number of bookings), or one act on a session: `cancelBooking`, `markNoShow`, `toldByPhone` (`detail`: the session and booking ids) or `adjustSession` (调整接待安排, `detail`: the session id, the adjustment’s version, `substitute`/`move`/`cancel`, `late` when less than two days ahead, and the reason).',
    tags: ['Administration'],
    query: auditQuerySchema,
    describe: AUDIT_QUERY_DESCRIPTIONS,
    responses: [{ status: 200, description: 'The entries that match, newest first.', schema: auditAnswerSchema('`reception`.') }],
    errors: [400, 403],
    handler: async ({ deps, actor, query }) => {
      assertMayAdminister(actor(), 'read the reception trail');
      return json(200, await trailPage(deps.store, RECEPTION_TRAIL, query()));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/admin/audit/ledger',
    operationId: 'ledgerAudit',
    summary: 'The ledger trail: who exported the ledger (信访台账), when, with which filters and how many lines',
    description:
      'For administrators (403 otherwise); newest first, filtered like a case’s trail. An entry is one file of GET /cases/ledger (`export:ledger`), `detail`: the jurisdiction (含下级 or not), the received-date range, the status, category and unit asked for, and the number of lines.',
    tags: ['Administration'],
    query: auditQuerySchema,
    describe: AUDIT_QUERY_DESCRIPTIONS,
    responses: [{ status: 200, description: 'The entries that match, newest first.', schema: auditAnswerSchema('`ledger`.') }],
    errors: [400, 403],
    handler: async ({ deps, actor, query }) => {
      assertMayAdminister(actor(), 'read the ledger trail');
      return json(200, await trailPage(deps.store, LEDGER_TRAIL, query()));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/admin/audit/held-mail/{office}',
    operationId: 'heldMailAudit',
    summary: 'An office’s held-mail trail (疑似广告): who read the list of held emails or decided one, when',
    description:
      'For administrators (403 otherwise); newest first, filtered like a case’s trail. An entry is one read of GET /held-mail (`read:held-mail`, `detail`: the list asked for and the ids shown), or one decision: `register:held-mail` (`detail`: the id and, once registered, its case number) or `dismiss:held-mail` (the id); `denied` for a caller outside the office, `refused` (the error’s code) for a decision the rules refused. Never the emails’ text.',
    tags: ['Administration'],
    params: z.object({ office: divisionCodeSchema }),
    query: auditQuerySchema,
    describe: AUDIT_QUERY_DESCRIPTIONS,
    responses: [{ status: 200, description: 'The entries that match, newest first.', schema: auditAnswerSchema('`held-mail#<office>`.') }],
    errors: [400, 403],
    handler: async ({ deps, actor, params, query }) => {
      assertMayAdminister(actor(), 'read the held-mail trail');
      return json(200, await trailPage(deps.store, heldMailTrail(params().office), query()));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/admin/destruction-register',
    operationId: 'destructionRegister',
    summary: 'The destruction register (销毁清册): the archived cases removed once their retention ran out',
    description:
      'For administrators (403 otherwise). One line per case the retention function removed (daily, once an archived case’s `retainUntil` passed), written before anything of it was deleted and never removed: case number, jurisdiction, when it was archived, the years kept and the day they ran out, when it was removed, and how many items, audit entries and mail objects went with it. No petitioner’s name, contact or words. A jurisdiction’s lines by case number, a page at a time (`cursor` from the last page).',
    tags: ['Administration'],
    query: destructionQuerySchema,
    describe: { jurisdiction: 'The jurisdiction that held the case when it was removed.', limit: 'Lines a page (1–200, 50 if left out).', cursor: 'From the previous page, to read the next.' },
    responses: [{ status: 200, description: 'The lines, by case number.', schema: z.object({ records: z.array(destructionRecordSchema), cursor: z.string().optional() }) }],
    errors: [400, 403, 404],
    handler: async ({ deps, actor, query }) => {
      assertMayAdminister(actor(), 'read the destruction register');
      const { jurisdiction, limit, cursor } = query();
      const page = await deps.register.destructionsOf({ jurisdiction, limit, ...(cursor ? { cursor } : {}) });
      // A division merged away (撤县设区) keeps its lines; a code that never held a case here is a typo, said as such.
      if (page.records.length === 0 && !cursor) deps.province.requireJurisdiction(jurisdiction);
      return json(200, page, { 'cache-control': 'private, no-store' });
    },
  }),
];

/** One page of a trail that is not a case's: at most `limit` entries, and whether more match. */
async function trailPage(store: Pick<CaseStore, 'listAudit'>, trail: string, filters: AuditQuery) {
  const entries = await store.listAudit(trail, { ...filters, limit: filters.limit + 1 });
  return { caseNumber: trail, entries: entries.slice(0, filters.limit), truncated: entries.length > filters.limit };
}
