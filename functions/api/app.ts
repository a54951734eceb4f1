import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import { httpErrors, type HttpEvent, type HttpResult } from '../lib/http.js';
import { apiRoutes, type ApiDeps } from './routes.js';

/** The staff API as one Lambda handler: routing, logging context and error mapping around the routes. */
export function createApiHandler(deps: ApiDeps, logger: Logger) {
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpErrors(logger))
    .handler(httpRouterHandler<HttpEvent, HttpResult>(apiRoutes(deps)));
}
