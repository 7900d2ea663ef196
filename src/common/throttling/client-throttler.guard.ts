import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { ThrottlerException, ThrottlerStorage } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { payerOf, requestContext } from '../request-context';
import { ClientIdentity } from './client-identity';
import { EXPENSIVE_ROUTE } from './expensive-route.decorator';

/** Metadata keys of @nestjs/throttler's @SkipThrottle() and @Throttle({ default: ... }), which routes keep using. */
export const SKIP_METADATA = 'THROTTLER:SKIPdefault';
export const LIMIT_METADATA = 'THROTTLER:LIMITdefault';
export const TTL_METADATA = 'THROTTLER:TTLdefault';

interface Limit {
  limit: number;
  ttlMs: number;
}

/**
 * Rate limits per client, not per route: one budget per user (or per address when anonymous)
 * across every route, plus a tighter one per route where a route says so (@ExpensiveRoute(), or
 * @Throttle({ default: { limit, ttl } })). A JSON-RPC batch counts as its number of messages.
 * Names the caller in the request context, for Kroger spend.
 */
@Injectable()
export class ClientThrottlerGuard implements CanActivate {
  private readonly client: Limit;
  private readonly expensiveLimit: number;
  private readonly maxBatch: number;

  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    private readonly reflector: Reflector,
    private readonly identity: ClientIdentity,
    config: ConfigService<AppConfig, true>,
  ) {
    const { ttlSeconds, limit, expensiveLimit } = config.get('throttle', { infer: true });
    this.client = { limit, ttlMs: ttlSeconds * 1000 };
    this.expensiveLimit = expensiveLimit;
    this.maxBatch = config.get('mcp.maxBatch', { infer: true });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const caller = await this.identity.identify(req);
    requestContext.identify(caller);
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(SKIP_METADATA, targets)) return true;

    const tracker = payerOf(caller);
    const cost = this.costOf(req);
    await this.hit(`client:${tracker}`, this.client, cost, res, true);
    const route = this.routeLimit(targets);
    if (route)
      await this.hit(`route:${context.getClass().name}.${context.getHandler().name}:${tracker}`, route, cost, res);
    return true;
  }

  /** A JSON-RPC batch is that many requests (an oversized one, refused by /mcp, still costs a full batch). */
  private costOf(req: Request): number {
    const body: unknown = req.body;
    return Array.isArray(body) ? Math.min(Math.max(body.length, 1), this.maxBatch) : 1;
  }

  private routeLimit(targets: Parameters<Reflector['getAllAndOverride']>[1]): Limit | undefined {
    const limit = this.reflector.getAllAndOverride<number | undefined>(LIMIT_METADATA, targets);
    if (typeof limit === 'number') {
      const ttl = this.reflector.getAllAndOverride<number | undefined>(TTL_METADATA, targets);
      return { limit, ttlMs: typeof ttl === 'number' ? ttl : this.client.ttlMs };
    }
    if (this.reflector.getAllAndOverride<boolean>(EXPENSIVE_ROUTE, targets))
      return { limit: this.expensiveLimit, ttlMs: this.client.ttlMs };
    return undefined;
  }

  private async hit(key: string, { limit, ttlMs }: Limit, cost: number, res: Response, headers = false): Promise<void> {
    let record = await this.storage.increment(key, ttlMs, limit, ttlMs, 'default');
    for (let i = 1; i < cost && !record.isBlocked; i += 1)
      record = await this.storage.increment(key, ttlMs, limit, ttlMs, 'default');
    if (headers) {
      res.setHeader('X-RateLimit-Limit', String(limit));
      res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - record.totalHits)));
      res.setHeader('X-RateLimit-Reset', String(record.timeToExpire));
    }
    if (record.isBlocked) {
      res.setHeader('Retry-After', String(Math.max(1, record.timeToBlockExpire)));
      throw new ThrottlerException();
    }
  }
}
