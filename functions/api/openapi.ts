import * as z from 'zod';
import { STATUS_BY_CODE } from '../lib/http.js';
import { isPublic, TAGS, type RouteDescription } from './route.js';

/**
 * The OpenAPI 3.1 description of the staff API (served at GET
 * /public/openapi.json), assembled from the route table: each route carries
 * its own description (defineRoute in route.ts). Parameters and request
 * bodies are the zod schemas the routes parse with, turned into JSON Schema
 * (draft 2020-12, the dialect of OpenAPI 3.1) by zod itself.
 */

type JsonSchema = Record<string, unknown>;

// --- the refusals every route may answer ---

const errorSchema = z.object({
  error: z.object({
    code: z.enum([...new Set([...Object.keys(STATUS_BY_CODE), 'InternalError', 'TimedOut'])]).describe('Stable code of the refusal; the status follows from it.'),
    message: z.string().describe('For a person; never contains personal data.'),
    messageZh: z.string().optional().describe('The same refusal in Chinese, for staff screens (a domain rule, a lifecycle step, a case not found); absent where only the code says it.'),
    issues: z
      .array(
        z.object({
          path: z.string().describe('Where, e.g. body.petitioner.name or query.jurisdiction'),
          message: z.string(),
          messageZh: z.string().optional().describe('The message in Chinese, where a rule says it (kind `rule`); the other kinds a screen says by kind.'),
          kind: z
            .enum(['missing', 'tooShort', 'tooLong', 'format', 'choice', 'rule'])
            .optional()
            .describe('What kind of problem, for a screen to say in its own language; with `rule` the message is the substance.'),
          limit: z.number().optional().describe('The bound a tooShort or tooLong broke.'),
        }),
      )
      .optional()
      .describe('InvalidInput: every problem found, each with its path. Another refusal about one field of the body (an unknown unit named as lead, a unit named twice) names it here too, with kind `rule`.'),
    current: z
      .object({
        version: z.number().describe('The case’s version now.'),
        status: z.string().describe('Its status now.'),
        changes: z
          .array(z.object({ seq: z.number(), type: z.string().describe('The event, e.g. transferred.'), at: z.string(), actor: z.string().describe('Who made the change (a staff id, or a part of the system).'), by: z.string().optional().describe('Who made it as staff read it: the colleague’s name, 系统 or 信访人.') }))
          .describe('The changes made since `expectedVersion`, oldest first.'),
      })
      .optional()
      .describe('VersionConflict against an `expectedVersion`: what changed since that version, for whoever lost the race to see before deciding again.'),
  }),
});
/** What API Gateway (and the local gateway) answers before the function runs. */
const gatewayErrorSchema = z.object({ message: z.string().describe('e.g. Unauthorized') });

// --- building the document ---

const TOKEN_SCHEME = 'staffToken';
const ERROR_RESPONSE_NAMES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'ContentTooLarge',
  422: 'UnprocessableContent',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};
const MEDIA = { json: 'application/json', html: 'text/html', csv: 'text/csv', form: 'application/x-www-form-urlencoded', multipart: 'multipart/form-data', file: '*/*' } as const;

/** A zod schema as JSON Schema 2020-12, as the client sends it (io: 'input') or receives it ('output'). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as JsonSchema;
  // A $defs reference would resolve against the whole document, not the schema.
  if ('$defs' in rest) throw new Error('openapi: a schema produced $defs; inline it');
  return rest;
}

const ref = (kind: 'schemas' | 'responses', name: string) => ({ $ref: `#/components/${kind}/${name}` });
const capitalised = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

function parameters(op: RouteDescription, where: 'path' | 'query', schema: z.ZodType | undefined): JsonSchema[] {
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
  const codes = Object.entries(STATUS_BY_CODE)
    .filter(([, s]) => s === status)
    .map(([code]) => code);
  // A jurisdiction or unit named in the body and not configured is 422 with the field (statusOf in functions/lib/http.ts).
  return status === 422 ? [...codes, 'UnknownJurisdiction (named in the body)', 'UnknownUnit (named in the body)'] : codes;
}

function errorResponses(): Record<string, JsonSchema> {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, name] of Object.entries(ERROR_RESPONSE_NAMES)) {
    const codes = Number(status) === 500 ? ['InternalError'] : Number(status) === 503 ? ['TimedOut'] : errorCodes(Number(status));
    const content =
      Number(status) === 401
        ? { anyOf: [ref('schemas', 'GatewayError'), ref('schemas', 'Error')] }
        : ref('schemas', 'Error');
    const gateway = Number(status) === 401 ? ' A missing, expired or forged token is refused by the gateway (`{"message":"Unauthorized"}`) before the function runs.' : '';
    responses[name] = { description: `Refused: ${codes.join(', ')}.${gateway}`, content: { [MEDIA.json]: { schema: content } } };
  }
  return responses;
}

function operationObject(op: RouteDescription, bodies: Record<string, JsonSchema>): JsonSchema {
  const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const pathParams = parameters(op, 'path', op.params);
  const declared = pathParams.map((p) => p.name);
  if ([...pathNames].sort().join() !== [...declared].sort().join()) {
    throw new Error(`openapi: ${op.method} ${op.path} declares path parameters ${declared.join(', ') || 'none'}`);
  }
  const open = isPublic(op.path);
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
        { schema: m === 'json' ? (r.schema ? jsonSchema(r.schema, 'output') : { type: 'object' }) : m === 'file' ? { type: 'string', format: 'binary' } : { type: 'string' } },
      ]),
    );
    responses[String(r.status)] = {
      description: r.description,
      ...(r.location ? { headers: { Location: { description: r.location, schema: { type: 'string' } } } } : {}),
      content,
    };
  }
  const refusals: number[] = [...op.errors, ...(open ? [] : [401]), 500, 503].sort((a, b) => a - b);
  for (const status of refusals) {
    responses[String(status)] =
      op.pageRefusals && status !== 500
        ? { description: `Refused: ${op.pageRefusals[status as keyof typeof op.pageRefusals] ?? 'a page saying why'}.`, content: { [MEDIA.html]: { schema: { type: 'string' } } } }
        : ref('responses', ERROR_RESPONSE_NAMES[status]!);
  }

  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: op.tags,
    ...(open ? { security: [] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of the given routes (routes.ts: API_ROUTES). Throws
 * if a route's path parameters are not the ones its path names, or if a path
 * and method or an operationId occurs twice.
 */
export function buildOpenApiDocument(routes: readonly RouteDescription[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const bodies: Record<string, JsonSchema> = {};
  const operationIds = new Set<string>();
  for (const op of routes) {
    const item = (paths[op.path] ??= {});
    const method = op.method.toLowerCase();
    if (item[method]) throw new Error(`openapi: ${op.method} ${op.path} is declared twice`);
    if (operationIds.has(op.operationId)) throw new Error(`openapi: operationId ${op.operationId} is used twice`);
    operationIds.add(op.operationId);
    item[method] = operationObject(op, bodies);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Staff API — public-petitions case system (信访)',
      version: '0.1.0',
      description:
        'Intake, routing, handoff, clocks and replies of a provincial public-petitions service. Every path outside /public/ needs a staff bearer token. Errors answer `{ "error": { "code", "message", "issues"? } }`: bad input 400 with every problem and its path, a case that does not exist or that the caller may not see 404 (the same answer), an action the caller may not take on a case they see 403, a stale or disallowed change 409, a broken domain rule 422.',
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
