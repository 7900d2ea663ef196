import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../../config/app-config';
import { REQUEST_ID_HEADER, resolveRequestId } from '../request-id';
import { redact, redactString } from './redact';

/**
 * Structured JSON logs: one line per request with its id, and the same id on every line logged
 * while handling it. Headers are reduced to a harmless allowlist; everything else is scrubbed.
 * `destination` defaults to stdout (stdio MCP passes stderr).
 */
export function loggerOptions(config: AppConfig, destination?: DestinationStream): Params {
  const options: Options = {
    level: config.logLevel,
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
    serializers: {
      req: (req: { id: string; method: string; url: string; headers: Record<string, string> }) => ({
        id: req.id,
        method: req.method,
        url: redactString(req.url),
        userAgent: req.headers['user-agent'],
      }),
      // pino's standard serializer reports null until headers are flushed; the raw response knows.
      res: (res: { statusCode: number | null; raw?: ServerResponse }) => ({
        statusCode: res.raw?.statusCode ?? res.statusCode,
      }),
      err: (err: unknown) => redact(err),
    },
    formatters: { log: (object: Record<string, unknown>) => redact(object) as Record<string, unknown> },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  };
  return { pinoHttp: destination ? [options, destination] : options };
}
