import { METHOD_METADATA } from '@nestjs/common/constants';
import express from 'express';
import type { RequestHandler } from 'express';
import { RouteTable } from './route-table';

/** A handler as Nest registers a controller method: carrying the method's route metadata. */
function endpoint(): RequestHandler {
  const handler: RequestHandler = (_req, res) => res.end();
  Reflect.defineMetadata(METHOD_METADATA, 0, handler);
  return handler;
}

function app() {
  const instance = express();
  // Nest mounts module middleware as a route for every method on every path; it is not an endpoint.
  instance.all('{/*splat}', (_req, _res, next) => next());
  instance.get('/api/v1/products', endpoint());
  instance.get('/api/v1/products/:id', endpoint());
  instance.post('/api/v1/me/tokens', endpoint());
  instance.get('/api/v1/me/tokens', endpoint());
  instance.delete('/api/v1/me/tokens/:id', endpoint());
  instance.all('/mcp', endpoint());
  return instance;
}

describe('RouteTable', () => {
  const routes = new RouteTable(app(), { corsAnswersOptions: false });

  it('lists the methods of every endpoint matching the path, HEAD wherever GET is', () => {
    expect(routes.allowedMethods('/api/v1/me/tokens')).toEqual(['GET', 'HEAD', 'POST']);
    expect(routes.allowedMethods('/api/v1/products')).toEqual(['GET', 'HEAD']);
  });

  it('matches path parameters and a trailing slash as Express does', () => {
    expect(routes.allowedMethods('/api/v1/products/0001111041700')).toEqual(['GET', 'HEAD']);
    expect(routes.allowedMethods('/api/v1/me/tokens/abc/')).toEqual(['DELETE']);
  });

  it('knows no unknown path, catch-all middleware notwithstanding; an all-methods endpoint takes any', () => {
    expect(routes.allowedMethods('/api/v1/nothing')).toEqual([]);
    expect(routes.allowedMethods('/mcp')).toEqual(expect.arrayContaining(['GET', 'POST', 'DELETE', 'PUT']));
  });

  it('adds OPTIONS when CORS answers it', () => {
    const withCors = new RouteTable(app(), { corsAnswersOptions: true });
    expect(withCors.allowedMethods('/api/v1/products')).toEqual(['GET', 'HEAD', 'OPTIONS']);
  });

  it('sees endpoints added after it was made, up to its first use', () => {
    const instance = express();
    const late = new RouteTable(instance, { corsAnswersOptions: false });
    instance.put('/late', endpoint());
    expect(late.allowedMethods('/late')).toEqual(['PUT']);
  });
});
