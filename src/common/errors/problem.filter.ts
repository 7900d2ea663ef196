import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { MethodNotAllowedError } from '../http/request-errors';
import type { RouteTable } from '../http/route-table';
import { requestIdOf } from '../request-id';
import { DomainError } from './domain-error';
import { mapPrismaError } from './prisma-errors';
import { PROBLEM_CONTENT_TYPE, ProblemDocument, problemType } from './problem';

/**
 * The single exit for errors on HTTP: every exception becomes RFC 9457 problem+json with the
 * request id. Anything not meant for clients becomes an opaque 500 and is logged here instead.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  /** `routes`: when given, a path that exists under other methods is a 405 with Allow, not a 404. */
  constructor(
    private readonly throttleWindowSeconds: number,
    private readonly routes?: RouteTable,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const error = this.toDomainError(exception, request);

    if (error.status >= 500 && error.code === 'internal') {
      this.logger.error({ err: exception, path: request.path }, 'Unhandled error');
    }
    if (response.headersSent) {
      response.end();
      return;
    }

    const { extensions, errors, upstream, retryAfter, headers } = error.options;
    const body: ProblemDocument = {
      ...extensions,
      type: problemType(error.code),
      title: error.title,
      status: error.status,
      detail: error.detail,
      code: error.code,
      requestId: requestIdOf(request),
      instance: request.originalUrl.split('?')[0],
      ...(errors ? { errors } : {}),
      ...(upstream ? { upstream } : {}),
    };
    // A route's cache headers were set for its answer, not for an error: no one may keep a problem.
    response.setHeader('Cache-Control', 'no-store');
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    // The throttler guard has already set the exact Retry-After of its window; keep that one.
    if (retryAfter !== undefined && !response.getHeader('Retry-After'))
      response.setHeader('Retry-After', String(Math.max(0, Math.ceil(retryAfter))));
    response.status(error.status).type(PROBLEM_CONTENT_TYPE);
    if (request.method === 'HEAD') response.end();
    else response.send(JSON.stringify(body));
  }

  private toDomainError(exception: unknown, request: Request): DomainError {
    if (exception instanceof DomainError) return exception;
    if (exception instanceof NotFoundException) {
      const wrongMethod = this.methodNotAllowed(request);
      if (wrongMethod) return wrongMethod;
    }
    if (exception instanceof ThrottlerException) {
      return new DomainError('request.throttled', 429, 'Too many requests', 'Request rate limit exceeded; slow down.', {
        retryAfter: this.throttleWindowSeconds,
      });
    }
    const prisma = mapPrismaError(exception);
    if (prisma) return prisma;
    if (exception instanceof HttpException) return fromHttpException(exception);
    const parserError = fromBodyParserError(exception);
    if (parserError) return parserError;
    return new DomainError(
      'internal',
      500,
      'Internal server error',
      'An unexpected error occurred; it has been logged.',
    );
  }

  /**
   * Routing found nothing for this method. A handler's own 404 cannot land here: its route matched,
   * so its method is among the allowed ones.
   */
  private methodNotAllowed(request: Request): MethodNotAllowedError | undefined {
    const allowed = this.routes?.allowedMethods(request.path);
    if (!Array.isArray(allowed) || allowed.length === 0 || allowed.includes(request.method)) return undefined;
    return new MethodNotAllowedError(request.method, request.path, allowed);
  }
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'request.bad_request',
  401: 'auth.unauthenticated',
  403: 'auth.forbidden',
  404: 'route.not_found',
  405: 'request.method_not_allowed',
  406: 'request.not_acceptable',
  409: 'resource.conflict',
  413: 'request.too_large',
  415: 'request.unsupported_media_type',
  422: 'request.unprocessable',
  501: 'request.not_implemented',
  503: 'service.unavailable',
};

function fromHttpException(exception: HttpException): DomainError {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const message =
    typeof body === 'string'
      ? body
      : typeof (body as { message?: unknown }).message === 'string'
        ? (body as { message: string }).message
        : exception.message;
  const title = (HttpStatus[status] ?? 'Error')
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/^\w/, (c) => c.toUpperCase());
  const detail =
    status === 404 && /^Cannot /.test(message) ? `No route matches ${message.replace(/^Cannot /, '')}.` : message;
  return new DomainError(
    CODES_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'request.error'),
    status,
    title,
    detail,
  );
}

/** body-parser reports malformed or oversized bodies as plain errors with a `type`. */
function fromBodyParserError(exception: unknown): DomainError | undefined {
  const e = exception as { type?: string; status?: number } | undefined;
  if (!e || typeof e.type !== 'string' || typeof e.status !== 'number') return undefined;
  switch (e.type) {
    case 'entity.parse.failed':
      return new DomainError('request.malformed_body', 400, 'Malformed body', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new DomainError('request.too_large', 413, 'Payload too large', 'The request body is too large.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new DomainError(
        'request.unsupported_media_type',
        415,
        'Unsupported media type',
        'The body encoding is not supported.',
      );
    default:
      return e.status < 500
        ? new DomainError('request.bad_request', e.status, 'Bad request', 'The request body could not be read.')
        : undefined;
  }
}
