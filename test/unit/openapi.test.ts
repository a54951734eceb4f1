import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildOpenApiDocument } from '../../functions/api/openapi.js';
import { defineRoute } from '../../functions/api/route.js';
import { API_ROUTES, apiRoutes, type ApiDeps } from '../../functions/api/routes.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { importApiHandler, type ApiHandler } from '../fixtures/api-handler.js';

const doc = buildOpenApiDocument(API_ROUTES) as any;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `METHOD path` of every operation in the document. */
function documented(document: any): string[] {
  return Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('the OpenAPI document', () => {
  it('describes every route the router serves: both come from one table', () => {
    // Binding the deps calls nothing: the handlers only close over them.
    const routes = apiRoutes({} as ApiDeps).map((r) => `${r.method} ${r.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    expect(documented(doc).sort()).toEqual([...routes].sort());
  });

  it('cannot define a route without its description', () => {
    const handler = async () => ({ statusCode: 204 });
    // @ts-expect-error: summary, tags, responses and errors are required (checked by npm run typecheck)
    defineRoute({ method: 'GET', path: '/undescribed', operationId: 'undescribed', handler });
    const described = defineRoute({
      method: 'GET',
      path: '/described',
      operationId: 'described',
      summary: 'Described',
      tags: ['Documentation'],
      responses: [{ status: 204, description: 'Nothing.' }],
      errors: [],
      handler,
    });
    expect(buildOpenApiDocument([described]).paths).toHaveProperty(['/described', 'get', 'summary'], 'Described');
  });

  it('parses each input with the schema the document shows', async () => {
    const route = API_ROUTES.find((r) => r.method === 'POST' && r.path === '/cases/{caseNumber}/decline')!;
    const event = httpEvent({ method: 'POST', path: '/cases/330122-2026-000007/decline', body: { reason: '' } });
    event.pathParameters = { caseNumber: '330122-2026-000007' };
    await expect(route.handler(event, {} as ApiDeps)).rejects.toMatchObject({ code: 'InvalidInput', issues: [{ path: 'body.reason' }] });
    expect(doc.components.schemas.DeclineCaseRequest.properties.reason).toMatchObject({ type: 'string', minLength: 1 });
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('carries the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(doc.info.version).toBe(pkg.version);
  });

  it('asks for the bearer token everywhere except /public/', () => {
    expect(doc.components.securitySchemes.staffToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.components.securitySchemes.staffToken.description).toContain('/local/login');
    expect(doc.security).toEqual([{ staffToken: [] }]);
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const op of Object.values(item)) {
        if (path.startsWith('/public/')) {
          expect(op.security, path).toEqual([]);
        } else {
          expect(op.security, path).toBeUndefined();
          expect(op.responses['401'], path).toEqual({ $ref: '#/components/responses/Unauthorized' });
        }
      }
    }
    expect(doc.servers.map((s: { url: string }) => s.url)).toEqual(['http://127.0.0.1:3000', 'https://{apiId}.execute-api.{region}.amazonaws.com']);
  });

  it('takes bodies and parameters from the zod schemas the routes validate with', () => {
    const register = doc.paths['/cases'].post;
    expect(register.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/RegisterCaseRequest' });
    const body = doc.components.schemas.RegisterCaseRequest;
    expect(body.required).toEqual(expect.arrayContaining(['jurisdiction', 'channel', 'matter', 'petitioner']));
    expect(body.required).not.toContain('receivedAt');
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.channel.enum).toEqual(['letter', 'visit', 'phone', 'web']);
    expect(register.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
    expect(Object.keys(register.responses).sort()).toEqual(['200', '201', '400', '401', '403', '404', '422', '500', '503']);

    // io: 'input': a defaulted query parameter is optional, with its default.
    const list = doc.paths['/cases'].get.parameters;
    expect(list).toContainEqual(expect.objectContaining({ name: 'jurisdiction', in: 'query', required: true }));
    expect(list).toContainEqual(expect.objectContaining({ name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ default: 25 }) }));
    // ...and a query parameter transformed after parsing is described as sent.
    const stats = doc.paths['/statistics'].get;
    expect(stats.parameters).toContainEqual(expect.objectContaining({ name: 'includeSubordinates', schema: expect.objectContaining({ enum: ['true', 'false'] }) }));
    expect(Object.keys(stats.responses['200'].content)).toEqual(['application/json', 'text/csv']);

    // Path parameters, from the routes' param schemas.
    const cancel = doc.paths['/reception-days/{sessionId}/bookings/{bookingId}/cancel'].post;
    expect(cancel.parameters.map((p: any) => `${p.in}:${p.name}:${p.required}`)).toEqual(['path:sessionId:true', 'path:bookingId:true']);
    const decide = doc.components.schemas.DecideExtensionRequest;
    expect(decide.oneOf).toHaveLength(2);
    expect(doc.paths['/public/follow-up/{caseNumber}'].post.requestBody.content).toHaveProperty('application/x-www-form-urlencoded');
    expect(JSON.stringify(doc)).not.toContain('$defs');
  });

  it('describes the error shape and the codes behind each status', () => {
    const error = doc.components.schemas.Error;
    expect(error.properties.error.required).toEqual(['code', 'message']);
    expect(error.properties.error.properties.code.enum).toEqual(expect.arrayContaining(['InvalidInput', 'CaseNotFound', 'VersionConflict', 'InternalError']));
    expect(doc.components.responses.NotFound.description).toContain('CaseNotFound');
    expect(doc.components.responses.Conflict.description).toContain('VersionConflict');
  });

  it('refuses routes that do not match their paths, or repeat', () => {
    const base = API_ROUTES.find((route) => route.path === '/cases/{caseNumber}')!;
    expect(() => buildOpenApiDocument([{ ...base, params: undefined }])).toThrow(/path parameters/);
    expect(() => buildOpenApiDocument([base, base])).toThrow(/declared twice/);
    expect(() => buildOpenApiDocument([base, { ...base, method: 'POST' }])).toThrow(/operationId getCase is used twice/);
  });
});

describe('GET /public/openapi.json through the API handler', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  const sqs = mockClient(SQSClient);
  let handler: ApiHandler;

  beforeAll(async () => {
    handler = await importApiHandler('ERROR');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    dynamo.restore();
    sqs.restore();
  });

  it('answers the document without a token', async () => {
    const event = httpEvent({ method: 'GET', path: '/public/openapi.json' });
    // A public route's event has no authorizer context at all (see local/http-gateway.ts).
    delete (event.requestContext as { authorizer?: unknown }).authorizer;
    const result = await handler(event, lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toContain('application/json');
    const body = JSON.parse(result.body!);
    expect(body.openapi).toBe('3.1.0');
    expect(body).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(dynamo.calls()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
  });
});
