import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** Per-request facts gathered deep in the call stack and rendered at the edge (e.g. staleness). */
export interface RequestContext {
  /** Set when any part of the answer came from a stale cache entry: the oldest age in seconds. */
  staleAgeSeconds?: number;
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
};
