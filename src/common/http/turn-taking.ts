import type { NextFunction, Request, Response } from 'express';
import { AsyncResource } from 'node:async_hooks';

/** Requests started per event-loop turn: measured, 16 costs 0.60x the CPU of starting each on arrival, 64 0.55x, 2 1.2x. */
export const REQUESTS_PER_TURN = 16;

/**
 * Express middleware, right after the HTTP metrics (so their latency includes the wait; the log
 * line's responseTime, taken later, does not): starts requests in arrival order, at most
 * REQUESTS_PER_TURN per event-loop turn, from a check-phase callback (setImmediate) instead of
 * from inside the socket read that parsed them.
 *
 * Why, measured (issue #15):
 * - Latency under a crowd. One poll phase reads every socket with a request waiting and used to run
 *   each of those requests up to its first I/O: at 200 connections a turn could carry 150 requests
 *   at about 0.7 ms each, 100 ms and more.
 *   A request waiting on the database (the cart view) got its answer only in the next such turn,
 *   so it paid two or three turns where a cached read paid one: cart p50 over 250 ms while searches
 *   took under 5 ms. Between two batches the loop now polls I/O, so a database answer is taken up
 *   within one batch of its arrival.
 * - CPU. The same cached search costs about 0.6x the main-thread CPU when requests start in batches
 *   from setImmediate than when each runs inside its socket's read callback (one process, the two
 *   toggled in alternating turns). A bare `http` server shows no consistent difference: the saving
 *   is in the framework's chain of promises and middleware running for many requests together.
 *
 * Nothing is refused and no order changes; with no crowd a request waits only for the rest of the
 * current poll phase. A request whose client left while it waited is not started. Each request
 * keeps the async context it arrived in (AsyncResource.bind), so request-scoped storage set up later
 * in the chain is never shared between requests of a batch.
 */
export function takeTurns(): (req: Request, res: Response, next: NextFunction) => void {
  const waiting: { start: () => void; req: Request; res: Response }[] = [];
  const startBatch = () => {
    const starting = waiting.splice(0, REQUESTS_PER_TURN);
    if (waiting.length > 0) setImmediate(startBatch);
    for (const { start, req, res } of starting) {
      if (req.socket.destroyed) continue;
      // Express catches what its handlers throw. Should anything escape, the chain may be half run:
      // that request's connection is dropped (a second next() could answer twice), the rest start.
      try {
        start();
      } catch {
        res.destroy();
      }
    }
  };
  return (req, res, next) => {
    waiting.push({ start: AsyncResource.bind(() => next()), req, res });
    if (waiting.length === 1) setImmediate(startBatch);
  };
}
