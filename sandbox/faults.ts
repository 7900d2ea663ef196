import type { NextFunction, Request, Response } from 'express';
import { seededRandom } from './data/random';

/**
 * Injected failures, matched in order against each /v1 request:
 *   { method?, path, status?, rate? | count?, delayMs?, drop?: 'before' | 'after', retryAfter? }
 * `path` is a prefix, or a regular expression when it starts with `^`. `rate` (0..1) picks requests
 * at random (seeded, so runs repeat); `count` takes the next N matches and then retires the rule.
 */
export interface FaultRule {
  method?: string;
  path: string;
  status?: number;
  rate?: number;
  count?: number;
  delayMs?: number;
  drop?: 'before' | 'after';
  retryAfter?: number;
}

export function validateFaultRule(rule: unknown): string | undefined {
  if (!rule || typeof rule !== 'object') return 'each rule must be an object';
  const r = rule as Record<string, unknown>;
  if (typeof r.path !== 'string' || !r.path)
    return 'path is required (a prefix, or a regular expression starting with ^)';
  if (r.path.startsWith('^')) {
    try {
      new RegExp(r.path);
    } catch {
      return `path ${r.path} is not a valid regular expression`;
    }
  }
  if (
    r.status !== undefined &&
    (!Number.isInteger(r.status) || (r.status as number) < 100 || (r.status as number) > 599)
  )
    return 'status must be an HTTP status';
  if (r.rate !== undefined && (typeof r.rate !== 'number' || r.rate < 0 || r.rate > 1))
    return 'rate must be between 0 and 1';
  if (r.count !== undefined && (!Number.isInteger(r.count) || (r.count as number) < 1))
    return 'count must be a positive whole number';
  if (r.delayMs !== undefined && (typeof r.delayMs !== 'number' || r.delayMs < 0 || r.delayMs > 120_000))
    return 'delayMs must be between 0 and 120000';
  if (r.drop !== undefined && r.drop !== 'before' && r.drop !== 'after') return "drop must be 'before' or 'after'";
  if (r.retryAfter !== undefined && (!Number.isInteger(r.retryAfter) || (r.retryAfter as number) < 0))
    return 'retryAfter must be whole seconds';
  if (r.status === undefined && r.delayMs === undefined && r.drop === undefined)
    return 'a rule needs status, delayMs or drop';
  return undefined;
}

interface ActiveRule extends FaultRule {
  matcher: (path: string) => boolean;
  remaining?: number;
}

export class Faults {
  private rules: ActiveRule[] = [];
  private random = seededRandom(7);

  replace(rules: FaultRule[]): void {
    this.random = seededRandom(7);
    this.rules = rules.map((rule) => ({
      ...rule,
      remaining: rule.count,
      matcher: rule.path.startsWith('^')
        ? (
            (re) => (p: string) =>
              re.test(p)
          )(new RegExp(rule.path))
        : (p: string) => p.startsWith(rule.path),
    }));
  }

  list(): FaultRule[] {
    return this.rules.map(({ matcher: _m, remaining, ...rule }) => ({
      ...rule,
      ...(remaining !== undefined ? { count: remaining } : {}),
    }));
  }

  private match(req: Request): ActiveRule | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== req.method) continue;
      if (!rule.matcher(req.originalUrl.split('?')[0])) continue;
      if (rule.remaining !== undefined) {
        if (rule.remaining <= 0) continue;
        rule.remaining -= 1;
      } else if (rule.rate !== undefined && this.random() >= rule.rate) {
        continue;
      }
      return rule;
    }
    return undefined;
  }

  /**
   * Runs before authentication. `drop: 'after'` lets the request take effect and then destroys the
   * socket instead of answering: the caller cannot know the outcome.
   */
  middleware =
    (errorBody: (status: number) => unknown) =>
    (req: Request, res: Response, next: NextFunction): void => {
      const rule = this.match(req);
      if (!rule) return next();
      const act = () => {
        if (rule.drop === 'before') {
          req.socket.destroy();
          return;
        }
        if (rule.drop === 'after') {
          res.locals.dropAfterHandling = true;
          const destroy = () => req.socket.destroy();
          // Swallow the answer: whatever the handler writes, the socket is destroyed instead.
          res.writeHead = () => (destroy(), res);
          res.write = () => (destroy(), true);
          res.end = () => (destroy(), res);
          return next();
        }
        if (rule.status !== undefined) {
          if (rule.retryAfter !== undefined) res.setHeader('Retry-After', String(rule.retryAfter));
          res.status(rule.status).json(errorBody(rule.status));
          return;
        }
        next();
      };
      if (rule.delayMs) setTimeout(act, rule.delayMs);
      else act();
    };
}
