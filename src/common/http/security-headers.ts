import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's headers, worked out once: with static options (no per-request nonce) helmet sets the
 * same headers on every response, yet runs a dozen chained middlewares to do it. This asks helmet
 * itself what it sets, then sets exactly that in one step. helmet stays the source of truth: a
 * helmet upgrade or an option change is picked up at start-up, and options that make its answer
 * depend on the request (a function in the CSP) are refused rather than silently frozen.
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  const headers = headersHelmetSets(options);
  return (_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

function headersHelmetSets(options: HelmetOptions): [string, string][] {
  assertStatic(options);
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: unknown) {
      headers.set(name, String(value));
      return recorder;
    },
    removeHeader(name: string) {
      headers.delete(name);
    },
  };
  let called = false;
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error !== undefined) throw new Error('helmet refused these options', { cause: error });
      called = true;
    },
  );
  // helmet's middlewares are synchronous; one that was not would be set per request instead.
  if (!called) throw new Error('helmet did not finish synchronously: its headers cannot be precomputed');
  return [...headers];
}

function assertStatic(options: HelmetOptions): void {
  const csp = options.contentSecurityPolicy;
  const directives = typeof csp === 'object' && csp !== null ? Object.values(csp.directives ?? {}) : [];
  for (const value of directives.flat()) {
    if (typeof value === 'function')
      throw new Error('A CSP directive computed per request cannot be precomputed: use helmet() itself');
  }
}
