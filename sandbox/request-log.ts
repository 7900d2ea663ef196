import type { NextFunction, Request, Response } from 'express';
import type { Clock } from './clock';

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  /** null when the sandbox dropped the connection instead of answering. */
  status: number | null;
  clientId: string | null;
  customer: string | null;
  time: string;
}

const MAX_ENTRIES = 100_000;
const who = new WeakMap<Request, { clientId?: string; customer?: string }>();

/** What the sandbox received, so tests and benchmarks can count upstream calls. */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly clock: Clock) {}

  middleware = (req: Request, res: Response, next: NextFunction): void => {
    const time = new Date(this.clock.now()).toISOString();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const identity = who.get(req) ?? {};
      if (this.entries.length >= MAX_ENTRIES) this.entries.splice(0, MAX_ENTRIES / 10);
      this.entries.push({
        method: req.method,
        path: req.originalUrl.split('?')[0],
        query: { ...(req.query as Record<string, unknown>) },
        status: res.writableFinished || res.headersSent ? res.statusCode : null,
        clientId: identity.clientId ?? null,
        customer: identity.customer ?? null,
        time,
      });
    };
    res.on('finish', record);
    res.on('close', record);
    next();
  };

  attachClient(req: Request, clientId: string): void {
    who.set(req, { ...who.get(req), clientId });
  }

  attachCustomer(req: Request, customer: string): void {
    who.set(req, { ...who.get(req), customer });
  }

  list(filter: { method?: string; path?: string } = {}): LoggedRequest[] {
    return this.entries.filter(
      (e) =>
        (!filter.method || e.method === filter.method.toUpperCase()) &&
        (!filter.path || e.path.startsWith(filter.path)),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
