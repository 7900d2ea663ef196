import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/**
 * Who a request acts for, as Kroger spend is charged: the user and the client (personal token,
 * session) when signed in, and always the client address (per address when anonymous).
 */
export interface Caller {
  userId?: string;
  /** `token:<id>`, `session:<id>`: the credential that acted for the user. */
  client?: string;
  address: string;
}

/** Per-request facts gathered deep in the call stack and rendered at the edge (e.g. staleness). */
export interface RequestContext {
  /** Set when any part of the answer came from a stale cache entry: the oldest age in seconds. */
  staleAgeSeconds?: number;
  /** Set once the caller is known; absent for the service's own work (jobs, cache refreshes). */
  caller?: Caller;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  middleware(this: void, _req: Request, res: Response, next: NextFunction): void {
    const context: RequestContext = {};
    storage.run(context, () => {
      // Headers must be set before the body goes out; the context is read at that moment.
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
      res.writeHead = ((...args: unknown[]) => {
        if (context.staleAgeSeconds !== undefined && !res.headersSent) {
          res.setHeader('Age', String(context.staleAgeSeconds));
          res.setHeader('Warning', '110 - "Response is Stale"');
        }
        return writeHead(...args);
      }) as typeof res.writeHead;
      next();
    });
  },

  /** Records that the answer includes data this many seconds old that could not be refreshed. */
  markStale(ageSeconds: number): void {
    const context = storage.getStore();
    if (context) context.staleAgeSeconds = Math.max(context.staleAgeSeconds ?? 0, Math.floor(ageSeconds));
  },

  /** Names the caller of the current request (set where it is authenticated, before any Kroger call). */
  identify(caller: Caller): void {
    const context = storage.getStore();
    if (context) context.caller = caller;
  },

  caller(): Caller | undefined {
    return storage.getStore()?.caller;
  },

  /** `user:<id>` or `address:<address>`: whose budgets the current request spends; undefined for the service. */
  payer(): string | undefined {
    const caller = storage.getStore()?.caller;
    return caller && payerOf(caller);
  },

  /** Runs work as the given caller outside HTTP (the stdio MCP server handles one message at a time). */
  runAs<T>(caller: Caller, work: () => T): T {
    return storage.run({ caller }, work);
  },

  /** Runs work for the service itself: nobody is charged (cache refreshes that serve everyone). */
  runAsService<T>(work: () => T): T {
    return storage.run({}, work);
  },
};

export function payerOf(caller: Caller): string {
  return caller.userId ? `user:${caller.userId}` : `address:${caller.address}`;
}
