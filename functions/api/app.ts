import middy, { type MiddlewareObj } from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { TokenVerifier } from '../../shared/adapters/cognito-token.js';
import { Unauthenticated } from '../../shared/domain/errors.js';
import { httpErrors, type HttpEvent, type HttpResult } from '../lib/http.js';
import { isPublic } from './route.js';
import { apiRoutes, type ApiDeps } from './routes.js';

/** The staff API as one Lambda handler: routing, logging context, token check and error mapping around the routes. */
export function createApiHandler(deps: ApiDeps, logger: Logger, verifyToken?: TokenVerifier) {
  const handler = middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpErrors(logger));
  if (verifyToken) handler.use(staffToken(verifyToken));
  return handler.handler(httpRouterHandler<HttpEvent, HttpResult>(apiRoutes(deps, logger)));
}

/**
 * Verifies the bearer token of every staff route in the function and takes
 * the caller's identity from the verified claims only; the citizens' /public/
 * routes carry none.
 */
function staffToken(verify: TokenVerifier): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: async (request) => {
      const event = request.event;
      if (isPublic(event.rawPath ?? event.requestContext.http.path)) return;
      const token = /^Bearer\s+(\S+)$/i.exec(event.headers.authorization ?? event.headers.Authorization ?? '')?.[1];
      if (!token) throw new Unauthenticated('a bearer token identifying a staff member is required').inChinese('需要登录：请求未附带工作人员的身份令牌');
      let claims: Record<string, string>;
      try {
        claims = await verify(token);
      } catch {
        throw new Unauthenticated('the token is not valid (expired, or not issued to staff by the stage’s sign-in)').inChinese('登录已失效（令牌已过期，或不是本系统签发给工作人员的令牌），请重新登录');
      }
      event.requestContext.authorizer = { ...event.requestContext.authorizer, jwt: { claims, scopes: claims.scope ? claims.scope.split(' ') : [] } } as HttpEvent['requestContext']['authorizer'];
    },
  };
}
