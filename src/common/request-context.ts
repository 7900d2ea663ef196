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
  /** Kroger calls this request caused (each attempt, retries included) and their total time, for its log line. */
  kroger?: { calls: number; ms: number };
  /** The MCP tool a tools/call request ran (a registered name; `batch` when several), for metrics and logs. */
  mcpTool?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();
/**
 * The context of each HTTP request, for code that runs when the response ends (its log line, its
 * metrics), and the response it answers with, for headers set from deep in the call stack. Kept on
 * the request and on the context themselves rather than in WeakMaps: a WeakMap entry per request is
 * an ephemeron, and under load V8's full GCs spent most of their pause on those.
 */
const CONTEXT = Symbol('requestContext');
const RESPONSE = Symbol('response');
type WithContext = Request & { [CONTEXT]?: RequestContext };
type WithResponse = RequestContext & { [RESPONSE]?: Response };

export const requestContext = {
  middleware(this: void, req: Request, res: Response, next: NextFunction): void {
    // A symbol key: JSON.stringify and Object.entries skip it, so the response is never logged with the context.
    const context: WithResponse = { [RESPONSE]: res };
    (req as WithContext)[CONTEXT] = context;
    storage.run(context, next);
  },

  /** Records that the answer includes data this many seconds old that could not be refreshed. */
  markStale(ageSeconds: number): void {
    const context = storage.getStore();
    if (!context) return;
    context.staleAgeSeconds = Math.max(context.staleAgeSeconds ?? 0, Math.floor(ageSeconds));
    // Said now, while the headers can still change: the oldest age wins when several parts were stale.
    const res = (context as WithResponse)[RESPONSE];
    if (res && !res.headersSent) {
      res.setHeader('Age', String(context.staleAgeSeconds));
      res.setHeader('Warning', '110 - "Response is Stale"');
    }
  },

  /** Names the caller of the current request (set where it is authenticated, before any Kroger call). */
  identify(caller: Caller): void {
    const context = storage.getStore();
    if (context) context.caller = caller;
  },

  /** The context a request ran with (read when its response is finished, outside its async scope). */
  of(req: Request): RequestContext | undefined {
    return (req as WithContext)[CONTEXT];
  },

  /** Counts one Kroger call (attempt) made for the current request. */
  noteKrogerCall(ms: number): void {
    const context = storage.getStore();
    if (!context) return;
    context.kroger ??= { calls: 0, ms: 0 };
    context.kroger.calls += 1;
    context.kroger.ms += ms;
  },

  /** Names the MCP tool the current request runs. */
  noteMcpTool(name: string): void {
    const context = storage.getStore();
    if (context) context.mcpTool = context.mcpTool === undefined || context.mcpTool === name ? name : 'batch';
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
