import { buildOpenApiDocument } from './openapi.js';
import { defineRoute, type ApiRoute } from './route.js';

/**
 * GET /public/openapi.json: the OpenAPI 3.1 description of this API, without
 * a token so that tools (Swagger Editor, client generators) can fetch it. It
 * describes the API and holds no data, so any origin may read it. `routes`
 * is the whole table (routes.ts), this route included; the document is built
 * once per container, on the first request.
 */
export function openApiRoutes(routes: () => readonly ApiRoute[]): ApiRoute[] {
  let document: string | undefined;
  return [
    defineRoute({
      method: 'GET',
      path: '/public/openapi.json',
      operationId: 'openApiDocument',
      summary: 'This OpenAPI document',
      tags: ['Documentation', 'Public'],
      responses: [{ status: 200, description: 'The OpenAPI 3.1 document.' }],
      errors: [],
      handler: async () => ({
        statusCode: 200,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'public, max-age=300',
          'access-control-allow-origin': '*',
        },
        body: (document ??= JSON.stringify(buildOpenApiDocument(routes()))),
      }),
    }),
  ];
}
