import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError } from '../errors/domain-error';
import { exceedsJsonNesting } from './json-nesting';
import {
  BodyTooDeepError,
  BodyTooLargeError,
  MalformedBodyError,
  UnsupportedBodyEncodingError,
} from './request-errors';

export interface RequestBodyLimits {
  /** Largest body read, in bytes, counted after decompression. */
  maxBytes: number;
  /** Deepest nesting of arrays and objects a body may have. */
  maxDepth: number;
}

/** The largest legitimate body (25 cart items, an MCP call) is a few KB, nested 6 levels at most. */
export const REQUEST_BODY_LIMITS: RequestBodyLimits = { maxBytes: 256 * 1024, maxDepth: 32 };

/** Thrown from body-parser's `verify` hook, which runs on the raw bytes before JSON.parse. */
class NestingTooDeep extends Error {}
class NotUtf8 extends Error {}

/**
 * The JSON body parser, whose every refusal is a problem the filter renders: 413 too large,
 * 400 too deep or malformed, 415 for encodings and media types we do not read. The nesting limit
 * is enforced on the raw bytes, so a hostile document never becomes objects.
 */
export function createBodyParser(limits: RequestBodyLimits): RequestHandler {
  const parseJson = withProblems(
    json({
      type: JSON_TYPES,
      limit: limits.maxBytes,
      // `null` or `"x"` is valid JSON: the contract then says what shape it wanted, rather than
      // the parser calling it malformed.
      strict: false,
      verify: (_req, _res, body, charset) => {
        // RFC 8259 §8.1; and the byte scan below is only sound for UTF-8.
        if (charset !== 'utf-8' && charset !== 'utf8') throw new NotUtf8();
        if (exceedsJsonNesting(body, limits.maxDepth)) throw new NestingTooDeep();
      },
    }),
    limits,
    'JSON',
  );
  return function readJsonBody(req: Request, res: Response, next: NextFunction): void {
    // Most requests (every GET) announce no body, and the parser would find none: skip its work.
    if (req.headers['transfer-encoding'] === undefined && req.headers['content-length'] === undefined) return next();
    parseJson(req, res, (error?: unknown) => (error ? next(error) : refuseOtherMediaTypes(req, next)));
  };
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Every body this API takes is JSON. A body of another type would otherwise be ignored and the
 * request validated as if it had none ("locationId must be present"): 415 says what is wrong.
 */
function refuseOtherMediaTypes(req: Request, next: NextFunction): void {
  if (!hasBody(req) || req.is(JSON_TYPES)) return next();
  next(new UnsupportedBodyEncodingError('Request bodies must be JSON: send Content-Type: application/json.'));
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function withProblems(parser: RequestHandler, limits: RequestBodyLimits, format: string): RequestHandler {
  return function parseBody(req: Request, res: Response, next: NextFunction): void {
    parser(req, res, (error?: unknown) => next(error ? toProblem(error, limits, format) : undefined));
  };
}

/** body-parser's errors carry a `type`; their messages may quote the body, so none is passed on. */
function toProblem(error: unknown, limits: RequestBodyLimits, format: string): unknown {
  if (error instanceof NestingTooDeep) return new BodyTooDeepError(limits.maxDepth);
  if (error instanceof NotUtf8) return new UnsupportedBodyEncodingError('JSON bodies must be encoded as UTF-8.');
  const { type, status } = error as { type?: unknown; status?: unknown };
  switch (type) {
    case 'entity.too.large':
      return new BodyTooLargeError(limits.maxBytes);
    case 'parameters.too.many':
      return new MalformedBodyError('The form has too many fields.');
    case 'querystring.parse.rangeError':
      return new BodyTooDeepError(limits.maxDepth);
    case 'entity.parse.failed':
      return new MalformedBodyError(`The request body is not valid ${format}${parsePosition(error)}.`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedBodyEncodingError('The body is compressed or encoded in a way this API does not read.');
  }
  if (typeof status === 'number' && status < 500) {
    return new DomainError('request.bad_request', 400, 'Bad request', 'The request body could not be read.');
  }
  return error;
}

/** V8 reports where JSON parsing failed; that is useful and quotes nothing of the body. */
function parsePosition(error: unknown): string {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  return match ? ` (error at character ${match[1]})` : '';
}
