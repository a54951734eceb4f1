import type { Route } from '@middy/http-router';
import type { HttpEvent, HttpResult } from '../lib/http.js';
import { openApiJson } from './openapi.js';

/**
 * GET /public/openapi.json: the OpenAPI 3.1 description of this API, without
 * a token so that tools (Swagger Editor, client generators) can fetch it. It
 * describes the API and holds no data, so any origin may read it.
 */
export function openApiRoutes(): Route<HttpEvent, HttpResult>[] {
  return [
    {
      method: 'GET',
      path: '/public/openapi.json',
      handler: async (): Promise<HttpResult> => ({
        statusCode: 200,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'public, max-age=300',
          'access-control-allow-origin': '*',
        },
        body: openApiJson(),
      }),
    },
  ];
}
