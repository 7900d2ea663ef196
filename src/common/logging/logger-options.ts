import type { Request } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../../config/app-config';
import { channelOf, routeTemplateOf } from '../http/route-template';
import { requestContext } from '../request-context';
import { REQUEST_ID_HEADER, resolveRequestId } from '../request-id';
import { LogLevels } from './log-levels';
import { redact, redactField, redactString } from './redact';
import { userIdHash } from './user-hash';

/**
 * Structured JSON logs: one line per request with its id, route template, status, duration, the
 * caller's user id hash and the Kroger calls it caused, and the same id on every line logged while
 * handling it (Kroger calls included). Headers are reduced to a harmless allowlist; everything else
 * is scrubbed. Levels per module come from `levels`, which operators change at run time.
 * `destination` defaults to stdout (stdio MCP passes stderr).
 */
export function loggerOptions(config: AppConfig, levels: LogLevels, destination?: DestinationStream): Params {
  const options: Options = {
    // Every line reaches the hook, which applies the current per-module levels.
    level: 'trace',
    hooks: {
      logMethod(args, method, level) {
        const first: unknown = args[0];
        const context = first && typeof first === 'object' ? (first as { context?: unknown }).context : undefined;
        if (levels.allows(level, context)) method.apply(this, args);
      },
    },
    messageKey: 'msg',
    base: { service: 'kroger-backend', version: config.version },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = resolveRequestId(req);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' },
    // `line` is pino-http's own object, built for this one log line: added to rather than copied.
    customSuccessObject: (req, _res, line: object) => Object.assign(line, requestFacts(req as Request)),
    customErrorObject: (req, _res, _error, line: object) => Object.assign(line, requestFacts(req as Request)),
    // Our serializers read the raw request and response: pino-http's wrappers would first copy every
    // header and field into an object of their own, per request, for the few fields kept here.
    wrapSerializers: false,
    serializers: {
      req: (req: Request) => ({
        id: req.id,
        method: req.method,
        url: redactString(req.originalUrl ?? req.url),
        userAgent: req.headers['user-agent'],
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: (err: unknown) => redact(pino.stdSerializers.err(err as Error)),
    },
    // No pino `redact` paths: `req` and `res` lines carry only the fields their serializers keep (no
    // headers), `err` goes through redact(), and every other field is redacted by name and value here.
    formatters: { log: redactFields },
  };
  return { pinoHttp: destination ? [options, destination] : options };
}

/**
 * pino formats a line before its serializers run: `res` and `err` are still the raw objects there,
 * and their serializers above keep only safe, redacted fields. Walking a raw ServerResponse here cost
 * more than the rest of a cached request's logging.
 */
const SERIALIZED = new Set(['res', 'err']);

function redactFields(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object))
    out[key] = SERIALIZED.has(key) ? value : redactField(key, value, 1);
  return out;
}

/** What the request line adds to pino-http's: what operators filter and sum by. */
function requestFacts(req: Request): Record<string, unknown> {
  const context = requestContext.of(req);
  const route = routeTemplateOf(req);
  const userId = context?.caller?.userId;
  return {
    route,
    channel: channelOf(route),
    ...(context?.mcpTool ? { tool: context.mcpTool } : {}),
    ...(userId ? { userHash: userIdHash(userId) } : {}),
    kroger: { calls: context?.kroger?.calls ?? 0, ms: Math.round(context?.kroger?.ms ?? 0) },
  };
}
