import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { basicCredentialsOf, headerOf, sameSecret } from '../common/http/credentials';
import { PROBLEM_CONTENT_TYPE, problemType } from '../common/errors/problem';
import { requestIdOf } from '../common/request-id';

/**
 * Who may read Swagger UI and the OpenAPI document when DOCS_ACCESS is `admin` (production's
 * default): a client sending the admin key in X-Admin-Key, or a browser signing in with HTTP
 * basic, as DOCS_USERNAME / DOCS_PASSWORD or as `admin` with the admin key as the password.
 * Swagger is served outside Nest's routes, so this answers its own problem+json.
 */
export function docsAccessGuard(config: Pick<AppConfig, 'auth' | 'docs'>): RequestHandler {
  const adminKey = config.auth.adminApiKey;
  const basic = config.docs.basic;
  return (req: Request, res: Response, next: NextFunction) => {
    const given = basicCredentialsOf(req);
    const allowed =
      sameSecret(headerOf(req, 'x-admin-key'), adminKey) ||
      (given !== undefined &&
        ((basic !== undefined &&
          sameSecret(given.username, basic.username) &&
          sameSecret(given.password, basic.password)) ||
          (given.username === 'admin' && sameSecret(given.password, adminKey))));
    if (allowed) {
      next();
      return;
    }
    const requestId = requestIdOf(req);
    res.status(401);
    res.setHeader('WWW-Authenticate', 'Basic realm="API documentation", charset="UTF-8"');
    res.setHeader('Cache-Control', 'no-store');
    res.type(PROBLEM_CONTENT_TYPE).send(
      JSON.stringify({
        type: problemType('docs.credentials_required'),
        title: 'Credentials required',
        status: 401,
        detail: 'The API documentation needs the admin key (X-Admin-Key) or the documentation sign-in.',
        code: 'docs.credentials_required',
        requestId,
      }),
    );
  };
}
