import { ArgumentsHost, BadRequestException, NotFoundException } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ThrottlerException } from '@nestjs/throttler';
import express from 'express';
import type { RequestHandler } from 'express';
import { RouteTable } from '../http/route-table';
import { DomainError } from './domain-error';
import { ProblemFilter } from './problem.filter';

/** A minimal express-like response that records what the filter sends. */
function capture(method = 'GET') {
  const sent: { status?: number; type?: string; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const response = {
    headersSent: false,
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
    getHeader: (name: string) => sent.headers[name],
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(value: string) {
      sent.type = value;
      return this;
    },
    send: (body: string) => (sent.body = JSON.parse(body)),
    end: () => undefined,
  };
  const request = { id: 'req-1', method, originalUrl: '/api/v1/things?x=1', path: '/api/v1/things', headers: {} };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
  return { sent, host };
}

describe('ProblemFilter', () => {
  const filter = new ProblemFilter(60);

  it('renders a domain error as RFC 9457 problem+json with its code, extensions and Retry-After', () => {
    const { sent, host } = capture();
    filter.catch(
      new DomainError('link.reauth_required', 401, 'Kroger link expired', 'Link your Kroger account again.', {
        extensions: { reauthorizeUrl: '/api/v1/auth/kroger/authorize' },
        retryAfter: 2.2,
      }),
      host,
    );
    expect(sent.status).toBe(401);
    expect(sent.type).toBe('application/problem+json');
    expect(sent.headers['Retry-After']).toBe('3');
    expect(sent.body).toEqual({
      type: 'urn:problem:kroger-backend:link.reauth_required',
      title: 'Kroger link expired',
      status: 401,
      detail: 'Link your Kroger account again.',
      code: 'link.reauth_required',
      requestId: 'req-1',
      instance: '/api/v1/things',
      reauthorizeUrl: '/api/v1/auth/kroger/authorize',
    });
  });

  it('hides unexpected errors behind an opaque 500 that still carries the request id', () => {
    const { sent, host } = capture();
    filter.catch(new TypeError('cannot read secretThing of undefined'), host);
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ code: 'internal', requestId: 'req-1' });
    expect(JSON.stringify(sent.body)).not.toContain('secretThing');
  });

  it('maps Nest HTTP exceptions, throttling, body-parser and Prisma errors', () => {
    const cases: [unknown, number, string][] = [
      [new NotFoundException('Cannot GET /x'), 404, 'route.not_found'],
      [new BadRequestException('nope'), 400, 'request.bad_request'],
      [new ThrottlerException(), 429, 'request.throttled'],
      [
        Object.assign(new Error('Unexpected token'), { type: 'entity.parse.failed', status: 400 }),
        400,
        'request.malformed_body',
      ],
      [
        Object.assign(new Error('unique'), { name: 'PrismaClientKnownRequestError', code: 'P2002' }),
        409,
        'resource.conflict',
      ],
      [
        Object.assign(new Error('gone'), { name: 'PrismaClientKnownRequestError', code: 'P2025' }),
        404,
        'resource.not_found',
      ],
      [
        Object.assign(new Error('down'), { name: 'PrismaClientKnownRequestError', code: 'P1001' }),
        503,
        'database.unavailable',
      ],
    ];
    for (const [error, status, code] of cases) {
      const { sent, host } = capture();
      filter.catch(error, host);
      expect({ status: sent.status, code: (sent.body as { code: string }).code }).toEqual({ status, code });
    }
  });

  it("answers the pool's connect timeouts (overload) 503 database.busy with Retry-After, other plain errors 500", () => {
    for (const message of [
      'timeout exceeded when trying to connect',
      'Connection terminated due to connection timeout',
    ]) {
      const { sent, host } = capture();
      filter.catch(new Error(message), host);
      expect({ status: sent.status, retryAfter: sent.headers['Retry-After'], type: sent.type }).toEqual({
        status: 503,
        retryAfter: '1',
        type: 'application/problem+json',
      });
      expect(sent.body).toMatchObject({ code: 'database.busy', requestId: 'req-1' });
    }
    const { sent, host } = capture();
    filter.catch(new Error('timeout exceeded when trying to connect to the moon'), host);
    expect(sent.status).toBe(500);
  });

  it('turns a route-not-found on a path known under other methods into 405 with Allow', () => {
    const app = express();
    const listThings: RequestHandler = (_req, res) => res.end();
    Reflect.defineMetadata(METHOD_METADATA, 0, listThings); // as Nest marks a controller method
    app.get('/api/v1/things', listThings);
    const withRoutes = new ProblemFilter(60, new RouteTable(app, { corsAnswersOptions: false }));

    const wrongMethod = capture('DELETE');
    withRoutes.catch(new NotFoundException('Cannot DELETE /api/v1/things'), wrongMethod.host);
    expect(wrongMethod.sent.status).toBe(405);
    expect(wrongMethod.sent.headers.Allow).toBe('GET, HEAD');
    expect(wrongMethod.sent.body).toMatchObject({ code: 'request.method_not_allowed' });

    // A handler's own 404 on its route stays a 404.
    const handlersOwn = capture('GET');
    withRoutes.catch(new NotFoundException('No such thing'), handlersOwn.host);
    expect(handlersOwn.sent.status).toBe(404);
  });
});
