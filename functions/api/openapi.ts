import { z } from 'zod';
import { CASE_STATUSES } from '../../shared/domain/case.js';
import { STATUS_BY_CODE } from '../lib/http.js';
import { bookingBodySchema, bookingParamSchema, receptionNoteSchema, scheduleQuerySchema, sessionParamSchema } from './reception-routes.js';
import {
  acceptBodySchema,
  assignBodySchema,
  caseNumberParamSchema,
  claimBodySchema,
  concludeBodySchema,
  declineBodySchema,
  extensionDecisionSchema,
  extensionRequestSchema,
  followUpAnswerSchema,
  followUpBodySchema,
  idempotencyKeySchema,
  listQuerySchema,
  recusalBodySchema,
  redirectBodySchema,
  registerBodySchema,
  returnBodySchema,
  reviewDecisionBodySchema,
  reviewRequestBodySchema,
  routeBodySchema,
  transferBodySchema,
} from './schemas.js';
import { statisticsQuerySchema } from './statistics-routes.js';

/**
 * The OpenAPI 3.1 description of the staff API (served at GET /public/openapi.json).
 *
 * Every operation is declared once in API_OPERATIONS below; parameters and
 * request bodies are the zod schemas the routes validate with, turned into
 * JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) by zod itself.
 * This list is written independently of routes.ts (which serves the document,
 * so importing it here would be circular); test/unit/openapi.test.ts checks
 * that it names exactly the routes apiRoutes() registers.
 */

type JsonSchema = Record<string, unknown>;
type ErrorStatus = 400 | 403 | 404 | 409 | 422 | 429;
type Tag = (typeof TAGS)[number]['name'];

interface ApiResponse {
  status: number;
  description: string;
  /** Media types of the answer; JSON unless said otherwise. */
  media?: ('json' | 'html' | 'csv')[];
  /** The JSON answer's shape, where the document describes it. */
  schema?: z.ZodType;
  /** Description of the Location header, if the answer sets one. */
  location?: string;
}

export interface ApiOperation {
  method: 'GET' | 'POST';
  /** The path as the router registers it, with {placeholders}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: Tag[];
  /** `public`: under /public/, no token (no authorizer on AWS either). `staff`: a bearer JWT. */
  access: 'public' | 'staff';
  params?: z.ZodType;
  query?: z.ZodType;
  headers?: { name: string; schema: z.ZodType; description: string }[];
  /** Descriptions of path and query parameters, by name. */
  describe?: Record<string, string>;
  body?: { schema: z.ZodType; description?: string; optional?: boolean; media?: ('json' | 'form')[] };
  responses: [ApiResponse, ...ApiResponse[]];
  /** Refusals this operation may answer besides 401 (staff routes) and 500 (all). */
  errors: ErrorStatus[];
  /** Refusals are pages for a person (text/html), not the JSON error. */
  htmlErrors?: boolean;
}

const TAGS = [
  { name: 'Cases', description: 'Registering, reading and listing cases.' },
  { name: 'Decisions', description: 'Accept, decline, redirect, claim, the triage decision and extensions: take effect at once.' },
  { name: 'Handoff', description: 'Assign (交办), transfer (转办) and return (退回): checked at once, applied through the handoff queue (202).' },
  { name: 'Closing', description: 'Conclude, reply, review and re-review, follow-up, close, archive, recusal and the audit trail.' },
  { name: 'Reception days', description: 'Leader reception days (领导接待日): the public schedule and bookings, and the staff side.' },
  { name: 'Statistics', description: 'Figures of a jurisdiction for a period, as JSON or CSV.' },
  { name: 'Public', description: 'No token: citizens use these without an account.' },
  { name: 'Documentation', description: 'This description of the API.' },
] as const;

// --- answers the document describes (the routes build them by hand; these describe them) ---

const caseEnvelopeSchema = z.object({
  case: z
    .looseObject({ caseNumber: z.string(), status: z.enum(CASE_STATUSES), version: z.int().positive() })
    .describe('The case as it now stands (further fields: jurisdiction, channel, matter, petitioner, handling, deadlines, …).'),
});
const handoffAcceptedSchema = z.object({
  commandId: z.uuid().describe('The handoff command; the case shows the handoff moments later.'),
  caseNumber: z.string(),
  action: z.enum(['assign', 'transfer', 'return']),
});
const errorSchema = z.object({
  error: z.object({
    code: z.enum([...new Set([...Object.keys(STATUS_BY_CODE), 'InternalError'])]).describe('Stable code of the refusal; the status follows from it.'),
    message: z.string().describe('For a person; never contains personal data.'),
    issues: z
      .array(z.object({ path: z.string().describe('Where, e.g. body.petitioner.name or query.jurisdiction'), message: z.string() }))
      .optional()
      .describe('InvalidInput only: every problem found, each with its path.'),
  }),
});
/** What API Gateway (and the local gateway) answers before the function runs. */
const gatewayErrorSchema = z.object({ message: z.string().describe('e.g. Unauthorized') });

// --- shared pieces of the list ---

const caseParam = { params: caseNumberParamSchema, describe: { caseNumber: 'The case number (登记编号), e.g. 330122-2026-000042.' } };
const sessionDescription = 'A reception session id, jurisdiction:rotation:date, e.g. 330122:tonglu-leader-petitions:2026-11-30 (colons may be percent-encoded).';
const caseAnswer = (description: string): ApiResponse => ({ status: 200, description, schema: caseEnvelopeSchema });
const handoffAnswer = (description: string): ApiResponse => ({
  status: 202,
  description,
  schema: handoffAcceptedSchema,
  location: 'The case, /cases/{caseNumber}.',
});
const ACTION_ERRORS: ErrorStatus[] = [400, 403, 404, 409, 422];

/** Every route of the staff API; test/unit/openapi.test.ts keeps it equal to apiRoutes(). */
export const API_OPERATIONS: ApiOperation[] = [
  {
    method: 'POST',
    path: '/cases',
    operationId: 'registerCase',
    summary: 'Register a letter, visit, phone call or web petition',
    description:
      'Email petitions arrive through intake, not here. Registration allocates the next case number of the jurisdiction’s year and sends the case to the router. With an Idempotency-Key, a repeat answers 200 with the first case instead of registering again.',
    tags: ['Cases'],
    access: 'staff',
    headers: [{ name: 'Idempotency-Key', schema: idempotencyKeySchema, description: 'A key of the desk’s choosing (8–128 characters): a repeated request with the same key answers the first case.' }],
    body: { schema: registerBodySchema },
    responses: [
      { status: 201, description: 'Registered.', schema: caseEnvelopeSchema, location: 'The new case, /cases/{caseNumber}.' },
      { status: 200, description: 'A repeat of an Idempotency-Key: the case the first request registered.', schema: caseEnvelopeSchema, location: 'The case.' },
    ],
    errors: [400, 403, 404, 422],
  },
  {
    method: 'GET',
    path: '/cases/{caseNumber}',
    operationId: 'getCase',
    summary: 'A case with all its events and messages',
    tags: ['Cases'],
    access: 'staff',
    ...caseParam,
    responses: [{ status: 200, description: 'The case, its events and messages.' }],
    errors: [400, 403, 404],
  },
  {
    method: 'GET',
    path: '/cases',
    operationId: 'listCases',
    summary: 'A page of a jurisdiction’s cases, newest first',
    description: 'Without status, every open status. Cases in the triage list carry `triage: true`.',
    tags: ['Cases'],
    access: 'staff',
    query: listQuerySchema,
    describe: { jurisdiction: 'Division code of the jurisdiction.', cursor: 'From the previous page’s answer.', limit: 'Cases per page.' },
    responses: [{ status: 200, description: 'A page of cases and the cursor of the next page, if any.' }],
    errors: [400, 403, 404],
  },

  // decision-routes.ts
  {
    method: 'POST',
    path: '/cases/{caseNumber}/accept',
    operationId: 'acceptCase',
    summary: '受理: accept the case',
    description: 'The handling clock starts (60 days by default). Needs the petitions office (or a leader, or the administrator) of the case’s jurisdiction or above.',
    tags: ['Decisions'],
    access: 'staff',
    ...caseParam,
    body: { schema: acceptBodySchema, optional: true },
    responses: [caseAnswer('Accepted.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/decline',
    operationId: 'declineCase',
    summary: '不予受理: decline the case',
    description: 'The reason is emailed to the petitioner.',
    tags: ['Decisions'],
    access: 'staff',
    ...caseParam,
    body: { schema: declineBodySchema },
    responses: [caseAnswer('Declined.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/redirect',
    operationId: 'redirectCase',
    summary: 'Not this office’s matter: tell the petitioner which body to turn to',
    tags: ['Decisions'],
    access: 'staff',
    ...caseParam,
    body: { schema: redirectBodySchema },
    responses: [caseAnswer('Redirected.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/claim',
    operationId: 'claimCase',
    summary: '首问责任制: the caller owns the case until it is handed over',
    tags: ['Decisions'],
    access: 'staff',
    ...caseParam,
    body: { schema: claimBodySchema, optional: true },
    responses: [caseAnswer('Claimed.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/assign',
    operationId: 'assignCase',
    summary: '交办: assign to a lead unit (and cooperating units)',
    description: 'The unit is emailed the deadline; a superior office’s assignment carries report-back. A report is never handed to the unit it accuses (422).',
    tags: ['Handoff'],
    access: 'staff',
    ...caseParam,
    body: { schema: assignBodySchema },
    responses: [handoffAnswer('Checked and queued for handoff.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/transfer',
    operationId: 'transferCase',
    summary: '转办: transfer to the competent unit or office, here or in another jurisdiction',
    tags: ['Handoff'],
    access: 'staff',
    ...caseParam,
    body: { schema: transferBodySchema },
    responses: [handoffAnswer('Checked and queued for handoff.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/return',
    operationId: 'returnCase',
    summary: '退回: the handling unit returns the case to the office that assigned it',
    tags: ['Handoff'],
    access: 'staff',
    ...caseParam,
    body: { schema: returnBodySchema },
    responses: [handoffAnswer('Checked and queued for handoff.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/extension',
    operationId: 'requestExtension',
    summary: '延期申请: the handling unit asks for more time',
    description: 'Once per case, at most 30 days, no later than 5 working days before the deadline; the leaders are emailed.',
    tags: ['Decisions'],
    access: 'staff',
    ...caseParam,
    body: { schema: extensionRequestSchema },
    responses: [caseAnswer('Requested.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/extension/decision',
    operationId: 'decideExtension',
    summary: 'A leader decides the extension request',
    description: 'Approval moves the handling deadline and tells the petitioner the reason.',
    tags: ['Decisions'],
    access: 'staff',
    ...caseParam,
    body: { schema: extensionDecisionSchema },
    responses: [caseAnswer('Decided.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/route',
    operationId: 'routeCase',
    summary: 'The staff decision for a case in the triage list: accept (if not yet) and assign',
    tags: ['Handoff', 'Decisions'],
    access: 'staff',
    ...caseParam,
    body: { schema: routeBodySchema },
    responses: [handoffAnswer('Accepted if it was not, and queued for assignment.')],
    errors: ACTION_ERRORS,
  },

  // reception-routes.ts
  {
    method: 'GET',
    path: '/public/reception-days',
    operationId: 'receptionSchedule',
    summary: 'The published schedule of leader reception days, with the places left',
    tags: ['Reception days', 'Public'],
    access: 'public',
    query: scheduleQuerySchema,
    describe: { jurisdiction: 'Division code of the jurisdiction.', weeks: 'How many weeks ahead.' },
    responses: [{ status: 200, description: 'The sessions that have not begun yet.' }],
    errors: [400, 404],
  },
  {
    method: 'POST',
    path: '/public/reception-days/{sessionId}/bookings',
    operationId: 'bookReception',
    summary: 'Book a place at a reception session',
    description:
      'The same person (by phone or email) booking the same session again gets their booking back, not a second place. With an email address, a confirmation is sent.',
    tags: ['Reception days', 'Public'],
    access: 'public',
    params: sessionParamSchema,
    describe: { sessionId: sessionDescription },
    body: { schema: bookingBodySchema },
    responses: [
      { status: 201, description: 'Booked: the reference to show at the desk.', location: 'The session’s bookings (staff).' },
      { status: 200, description: 'Already booked: the existing booking.' },
    ],
    errors: [400, 404, 409, 422, 429],
  },
  {
    method: 'GET',
    path: '/reception-days/{sessionId}/bookings',
    operationId: 'sessionBookings',
    summary: 'A session with all its bookings',
    description: 'For staff of the session’s jurisdiction or above.',
    tags: ['Reception days'],
    access: 'staff',
    params: sessionParamSchema,
    describe: { sessionId: sessionDescription },
    responses: [{ status: 200, description: 'The session and its bookings.' }],
    errors: [400, 403, 404],
  },
  {
    method: 'POST',
    path: '/reception-days/{sessionId}/bookings/{bookingId}/cancel',
    operationId: 'cancelBooking',
    summary: 'Cancel a booking: the place is free again',
    tags: ['Reception days'],
    access: 'staff',
    params: bookingParamSchema,
    describe: { sessionId: sessionDescription, bookingId: 'The booking id (see the session’s bookings).' },
    responses: [{ status: 200, description: 'Cancelled: `{ booking }`.' }],
    errors: [400, 403, 404, 409],
  },
  {
    method: 'POST',
    path: '/reception-days/{sessionId}/notes',
    operationId: 'recordReceptionNote',
    summary: 'Record what was said at a reception on the petitioner’s case',
    tags: ['Reception days'],
    access: 'staff',
    params: sessionParamSchema,
    describe: { sessionId: sessionDescription },
    body: { schema: receptionNoteSchema },
    responses: [{ status: 201, description: 'Noted on the case.', location: 'The case, /cases/{caseNumber}.' }],
    errors: ACTION_ERRORS,
  },

  // statistics-routes.ts
  {
    method: 'GET',
    path: '/statistics',
    operationId: 'statistics',
    summary: 'The figures of a jurisdiction for a period',
    description: 'As JSON, or with format=csv as a CSV file to open in Excel. The period is at most 5 years.',
    tags: ['Statistics'],
    access: 'staff',
    query: statisticsQuerySchema,
    describe: {
      jurisdiction: 'Division code of the jurisdiction.',
      from: 'First day of the period (China date).',
      to: 'Last day of the period, included (China date).',
      includeSubordinates: 'Whether the jurisdictions below count too.',
    },
    responses: [{ status: 200, description: 'The figures (JSON), or the CSV file (format=csv).', media: ['json', 'csv'] }],
    errors: [400, 403, 404],
  },

  // closing-routes.ts
  {
    method: 'POST',
    path: '/cases/{caseNumber}/conclude',
    operationId: 'concludeCase',
    summary: '办结: the handling unit records facts, basis and decision',
    tags: ['Closing'],
    access: 'staff',
    ...caseParam,
    body: { schema: concludeBodySchema },
    responses: [caseAnswer('Concluded.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/reply',
    operationId: 'replyToPetitioner',
    summary: '答复: the decision letter to the petitioner',
    description: 'Kept on the case and emailed; without an address it is to be printed and posted (GET /cases/{caseNumber}/decision-letter). No body.',
    tags: ['Closing'],
    access: 'staff',
    ...caseParam,
    responses: [caseAnswer('Replied.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/review-request',
    operationId: 'requestReview',
    summary: 'Register a request for review (复查) or re-review (复核)',
    description: 'Late or final requests are refused with the reason.',
    tags: ['Closing'],
    access: 'staff',
    ...caseParam,
    body: { schema: reviewRequestBodySchema },
    responses: [caseAnswer('Under review.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/review-decision',
    operationId: 'decideReview',
    summary: 'The reviewing level’s decision: upheld, revised or revoked',
    description: 'Its letter is the new reply (final after a re-review).',
    tags: ['Closing'],
    access: 'staff',
    ...caseParam,
    body: { schema: reviewDecisionBodySchema },
    responses: [caseAnswer('Decided.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/follow-up',
    operationId: 'recordFollowUp',
    summary: 'The follow-up answer the petitioner gave staff (phone, letter, in person)',
    description: '“Not satisfied” reopens the case for the handling unit.',
    tags: ['Closing'],
    access: 'staff',
    ...caseParam,
    body: { schema: followUpBodySchema },
    responses: [caseAnswer('Recorded.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/close',
    operationId: 'closeCase',
    summary: '结案: close the case',
    description: 'No body.',
    tags: ['Closing'],
    access: 'staff',
    ...caseParam,
    responses: [caseAnswer('Closed.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/archive',
    operationId: 'archiveCase',
    summary: '立卷归档: archive the whole file',
    description: 'The case, its events, messages and a copy of every raw email and attachment are written to the archive, kept for the configured years. No body.',
    tags: ['Closing'],
    access: 'staff',
    ...caseParam,
    responses: [caseAnswer('Archived.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'POST',
    path: '/cases/{caseNumber}/recusals',
    operationId: 'recuseStaff',
    summary: '回避: exclude a staff member from the case',
    description: 'The staff member may neither see nor act on the case.',
    tags: ['Closing'],
    access: 'staff',
    ...caseParam,
    body: { schema: recusalBodySchema },
    responses: [caseAnswer('Recused.')],
    errors: ACTION_ERRORS,
  },
  {
    method: 'GET',
    path: '/cases/{caseNumber}/audit',
    operationId: 'caseAudit',
    summary: 'The audit trail of a case: who did or read what, when',
    tags: ['Closing'],
    access: 'staff',
    ...caseParam,
    responses: [{ status: 200, description: '`{ caseNumber, entries }`, at most 1000 entries.' }],
    errors: [400, 403, 404],
  },
  {
    method: 'GET',
    path: '/cases/{caseNumber}/decision-letter',
    operationId: 'decisionLetter',
    summary: 'The decision letter as a page to print and post',
    description: 'For a petitioner without email. The latest letter unless `id` names one.',
    tags: ['Closing'],
    access: 'staff',
    params: caseNumberParamSchema,
    query: z.object({ id: z.string().optional() }),
    describe: { ...caseParam.describe, id: 'A decision letter’s message id (default: the latest).' },
    responses: [{ status: 200, description: 'The letter, ready to print.', media: ['html'] }],
    errors: [400, 403, 404],
  },
  {
    method: 'GET',
    path: '/public/follow-up/{caseNumber}',
    operationId: 'followUpPage',
    summary: 'The follow-up link from the email: a page asking the petitioner to confirm',
    description: 'Mail scanners follow links, so only the POST of this page records the answer.',
    tags: ['Closing', 'Public'],
    access: 'public',
    ...caseParam,
    query: followUpAnswerSchema,
    describe: { ...caseParam.describe, token: 'The token of the link.', answer: 'The answer the link stands for.' },
    responses: [{ status: 200, description: 'The confirmation page.', media: ['html'] }],
    errors: [400, 403],
    htmlErrors: true,
  },
  {
    method: 'POST',
    path: '/public/follow-up/{caseNumber}',
    operationId: 'answerFollowUp',
    summary: 'The petitioner confirms the follow-up answer',
    description: '“Not satisfied” reopens the case for the handling unit.',
    tags: ['Closing', 'Public'],
    access: 'public',
    ...caseParam,
    body: { schema: followUpAnswerSchema, media: ['form', 'json'] },
    responses: [{ status: 200, description: 'A thank-you page.', media: ['html'] }],
    errors: [400, 403, 409],
    htmlErrors: true,
  },

  // openapi-routes.ts
  {
    method: 'GET',
    path: '/public/openapi.json',
    operationId: 'openApiDocument',
    summary: 'This OpenAPI document',
    tags: ['Documentation', 'Public'],
    access: 'public',
    responses: [{ status: 200, description: 'The OpenAPI 3.1 document.' }],
    errors: [],
  },
];

// --- building the document ---

const TOKEN_SCHEME = 'staffToken';
const ERROR_RESPONSE_NAMES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  422: 'UnprocessableContent',
  429: 'TooManyRequests',
  500: 'InternalError',
};
/** What a public page answers instead of the JSON error (closing-routes.ts, publicPage). */
const PAGE_REFUSALS: Record<number, string> = {
  400: 'a page saying the link is incomplete',
  403: 'a page saying the link is invalid or has expired (also for an unknown case)',
  409: 'a page saying the follow-up needs no answer any more',
};
const MEDIA = { json: 'application/json', html: 'text/html', csv: 'text/csv', form: 'application/x-www-form-urlencoded' } as const;

/** A zod schema as JSON Schema 2020-12, as the client sends it (io: 'input') or receives it ('output'). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as JsonSchema;
  // A $defs reference would resolve against the whole document, not the schema.
  if ('$defs' in rest) throw new Error('openapi: a schema produced $defs; inline it');
  return rest;
}

const ref = (kind: 'schemas' | 'responses', name: string) => ({ $ref: `#/components/${kind}/${name}` });
const capitalised = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

function parameters(op: ApiOperation, where: 'path' | 'query', schema: z.ZodType | undefined): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(op.describe?.[name] ? { description: op.describe[name] } : {}),
    schema: property,
  }));
}

function errorCodes(status: number): string[] {
  return Object.entries(STATUS_BY_CODE)
    .filter(([, s]) => s === status)
    .map(([code]) => code);
}

function errorResponses(): Record<string, JsonSchema> {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, name] of Object.entries(ERROR_RESPONSE_NAMES)) {
    const codes = Number(status) === 500 ? ['InternalError'] : errorCodes(Number(status));
    const content =
      Number(status) === 401
        ? { anyOf: [ref('schemas', 'GatewayError'), ref('schemas', 'Error')] }
        : ref('schemas', 'Error');
    const gateway = Number(status) === 401 ? ' A missing, expired or forged token is refused by the gateway (`{"message":"Unauthorized"}`) before the function runs.' : '';
    responses[name] = { description: `Refused: ${codes.join(', ')}.${gateway}`, content: { [MEDIA.json]: { schema: content } } };
  }
  return responses;
}

function operationObject(op: ApiOperation, bodies: Record<string, JsonSchema>): JsonSchema {
  const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const pathParams = parameters(op, 'path', op.params);
  const declared = pathParams.map((p) => p.name);
  if ([...pathNames].sort().join() !== [...declared].sort().join()) {
    throw new Error(`openapi: ${op.method} ${op.path} declares path parameters ${declared.join(', ') || 'none'}`);
  }
  if ((op.access === 'public') !== op.path.startsWith('/public/')) {
    throw new Error(`openapi: ${op.method} ${op.path}: only /public/ paths are public (the gateway asks every other path for a token)`);
  }
  const headers = (op.headers ?? []).map((h) => ({
    name: h.name,
    in: 'header',
    required: !h.schema.safeParse(undefined).success,
    description: h.description,
    schema: jsonSchema(h.schema, 'input'),
  }));
  const params = [...pathParams, ...parameters(op, 'query', op.query), ...headers];

  let requestBody: JsonSchema | undefined;
  if (op.body) {
    const name = `${capitalised(op.operationId)}Request`;
    bodies[name] = jsonSchema(op.body.schema, 'input');
    requestBody = {
      required: !op.body.optional,
      ...(op.body.description ? { description: op.body.description } : {}),
      content: Object.fromEntries((op.body.media ?? ['json']).map((m) => [MEDIA[m], { schema: ref('schemas', name) }])),
    };
  }

  const responses: Record<string, JsonSchema> = {};
  for (const r of op.responses) {
    const content = Object.fromEntries(
      (r.media ?? ['json']).map((m) => [
        MEDIA[m],
        { schema: m === 'json' ? (r.schema ? jsonSchema(r.schema, 'output') : { type: 'object' }) : { type: 'string' } },
      ]),
    );
    responses[String(r.status)] = {
      description: r.description,
      ...(r.location ? { headers: { Location: { description: r.location, schema: { type: 'string' } } } } : {}),
      content,
    };
  }
  const refusals: number[] = [...op.errors, ...(op.access === 'staff' ? [401] : []), 500].sort((a, b) => a - b);
  for (const status of refusals) {
    responses[String(status)] = op.htmlErrors && status !== 500
      ? { description: `Refused: ${PAGE_REFUSALS[status] ?? 'a page saying why'}.`, content: { [MEDIA.html]: { schema: { type: 'string' } } } }
      : ref('responses', ERROR_RESPONSE_NAMES[status]!);
  }

  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: op.tags,
    ...(op.access === 'public' ? { security: [] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the given operations (by default, the whole API). */
export function buildOpenApiDocument(operations: ApiOperation[] = API_OPERATIONS): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const bodies: Record<string, JsonSchema> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    const method = op.method.toLowerCase();
    if (item[method]) throw new Error(`openapi: ${op.method} ${op.path} is declared twice`);
    item[method] = operationObject(op, bodies);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Staff API — public-petitions case system (信访)',
      version: '0.1.0',
      description:
        'Intake, routing, handoff, clocks and replies of a provincial public-petitions service. Every path outside /public/ needs a staff bearer token. Errors answer `{ "error": { "code", "message", "issues"? } }`: bad input 400 with every problem and its path, a caller outside the case’s jurisdiction 403, an unknown case 404, a stale or disallowed change 409, a broken domain rule 422.',
    },
    servers: [
      { url: 'http://127.0.0.1:3000', description: 'Local runtime (npm start)' },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: 'AWS: the HTTP API of a deployed stage (stack output ApiUrl)',
        variables: {
          apiId: { default: 'abcde12345', description: 'The HTTP API id, from the stack output ApiUrl.' },
          region: { default: 'us-east-1', description: 'The region the stack is deployed in.' },
        },
      },
    ],
    security: [{ [TOKEN_SCHEME]: [] }],
    tags: TAGS,
    paths,
    components: {
      securitySchemes: {
        [TOKEN_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A staff member’s access token, sent as `Authorization: Bearer <token>`; the staff id is its `username` claim. On AWS it is issued by the stack’s Cognito user pool (username = staff id) and checked by the HTTP API’s JWT authorizer. Locally, get one with `POST /local/login` and body `{"user":"<staff id>"}` (staff ids are in config/province.yaml); the answer is `{ "token": … }`.',
        },
      },
      schemas: {
        Error: jsonSchema(errorSchema, 'output'),
        GatewayError: jsonSchema(gatewayErrorSchema, 'output'),
        ...bodies,
      },
      responses: errorResponses(),
    },
  };
}

let cached: string | undefined;

/** The document as served: built once per container, on first request. */
export function openApiJson(): string {
  return (cached ??= JSON.stringify(buildOpenApiDocument()));
}
