import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig, QuotaApi } from '../config/app-config';
import { QuotaUsageRepository } from './quota-usage.repository';

/** Quota buckets: Kroger's limited endpoints, plus unlimited ones that are still counted. */
export type QuotaEndpoint = QuotaApi | 'carts' | 'coupons' | 'collections' | 'courier' | 'token';

const WINDOW_MS = 24 * 60 * 60 * 1000;
const FLUSH_INTERVAL_MS = 250;
/** Below this share of the daily budget, cached reads stop refreshing early. */
const LOW_BUDGET_SHARE = 0.05;

interface Bucket {
  /** Calls counted in the database for the current window (as of the last flush). */
  recorded: number;
  /** Calls made here and not yet flushed. */
  pending: number;
  windowEnd: number;
  exhaustedUntil: number;
  /** A 429 seen here that other instances have not been told about yet. */
  exhaustionPending: boolean;
}

export interface QuotaBudget {
  endpoint: QuotaEndpoint;
  limit: number | null;
  used: number;
  remaining: number | null;
  windowEnd: string | null;
  exhaustedUntil: string | null;
}

/**
 * Counts every upstream call per Kroger endpoint in Postgres, so all instances share one budget.
 * Counting is in memory on the hot path and flushed every 250 ms in one upsert per endpoint; each
 * flush reads back the shared total and any exhaustion another instance recorded.
 */
@Injectable()
export class QuotaLedger implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('KrogerQuota');
  private readonly buckets = new Map<QuotaEndpoint, Bucket>();
  private readonly limits: Record<QuotaApi, number>;
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly usage: QuotaUsageRepository,
    config: ConfigService<AppConfig, true>,
  ) {
    this.limits = config.get('kroger.gateway.dailyLimits', { infer: true });
  }

  async onModuleInit(): Promise<void> {
    const rows = await this.usage.findAll();
    const now = Date.now();
    for (const row of rows) {
      const live = row.windowEnd.getTime() > now;
      this.buckets.set(row.endpoint as QuotaEndpoint, {
        recorded: live ? row.count : 0,
        pending: 0,
        windowEnd: live ? row.windowEnd.getTime() : 0,
        exhaustedUntil: row.exhaustedUntil?.getTime() ?? 0,
        exhaustionPending: false,
      });
    }
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  limitOf(endpoint: QuotaEndpoint): number | null {
    return endpoint in this.limits ? this.limits[endpoint as QuotaApi] : null;
  }

  /** Seconds until calls may resume, when Kroger said 429 (here or on another instance). */
  exhaustedFor(endpoint: QuotaEndpoint, now = Date.now()): number | undefined {
    const bucket = this.buckets.get(endpoint);
    return bucket && bucket.exhaustedUntil > now ? Math.ceil((bucket.exhaustedUntil - now) / 1000) : undefined;
  }

  count(endpoint: QuotaEndpoint): void {
    this.bucket(endpoint).pending += 1;
  }

  /** After a 429: no calls until Retry-After, or until the window ends when Kroger gives none. */
  markExhausted(endpoint: QuotaEndpoint, retryAfterSeconds: number | undefined): void {
    const bucket = this.bucket(endpoint);
    const now = Date.now();
    bucket.exhaustedUntil =
      retryAfterSeconds !== undefined ? now + retryAfterSeconds * 1000 : Math.max(bucket.windowEnd, now + 60_000);
    bucket.exhaustionPending = true;
    this.logger.warn(`Kroger quota exhausted for ${endpoint} until ${new Date(bucket.exhaustedUntil).toISOString()}`);
    void this.flush();
  }

  /** Calls counted in Kroger's current window, as this instance knows them. */
  usedOf(endpoint: QuotaEndpoint, now = Date.now()): number {
    const bucket = this.buckets.get(endpoint);
    if (!bucket) return 0;
    return bucket.windowEnd > now ? bucket.recorded + bucket.pending : bucket.pending;
  }

  /** When Kroger's current window for the endpoint ends, if one is open. */
  windowEndOf(endpoint: QuotaEndpoint, now = Date.now()): number | undefined {
    const bucket = this.buckets.get(endpoint);
    return bucket && bucket.windowEnd > now ? bucket.windowEnd : undefined;
  }

  isLow(endpoint: QuotaEndpoint): boolean {
    const limit = this.limitOf(endpoint);
    if (limit === null) return false;
    const bucket = this.bucket(endpoint);
    return limit - (bucket.recorded + bucket.pending) < limit * LOW_BUDGET_SHARE;
  }

  budgets(): QuotaBudget[] {
    const endpoints: QuotaEndpoint[] = [
      'products',
      'locations',
      'chains',
      'departments',
      'cart',
      'identity',
      'carts',
      'coupons',
      'collections',
      'courier',
      'token',
    ];
    const now = Date.now();
    return endpoints.map((endpoint) => {
      const bucket = this.buckets.get(endpoint);
      const used = bucket && bucket.windowEnd > now ? bucket.recorded + bucket.pending : (bucket?.pending ?? 0);
      const limit = this.limitOf(endpoint);
      return {
        endpoint,
        limit,
        used,
        remaining: limit === null ? null : Math.max(0, limit - used),
        windowEnd: bucket && bucket.windowEnd > now ? new Date(bucket.windowEnd).toISOString() : null,
        exhaustedUntil: bucket && bucket.exhaustedUntil > now ? new Date(bucket.exhaustedUntil).toISOString() : null,
      };
    });
  }

  /** Writes pending counts; serialized so two flushes never double-count. */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .then(() => this.flushNow())
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Quota flush failed'));
    return this.flushing;
  }

  private bucket(endpoint: QuotaEndpoint): Bucket {
    let bucket = this.buckets.get(endpoint);
    if (!bucket)
      this.buckets.set(
        endpoint,
        (bucket = { recorded: 0, pending: 0, windowEnd: 0, exhaustedUntil: 0, exhaustionPending: false }),
      );
    return bucket;
  }

  private async flushNow(): Promise<void> {
    for (const [endpoint, bucket] of this.buckets) {
      const pending = bucket.pending;
      // Only calls start a window (as at Kroger): a bucket merely looked at writes nothing.
      if (pending === 0 && !bucket.exhaustionPending) continue;
      const exhaustedUntil = bucket.exhaustedUntil > Date.now() ? new Date(bucket.exhaustedUntil) : null;
      bucket.exhaustionPending = false;
      const now = new Date();
      const windowEnd = new Date(now.getTime() + WINDOW_MS);
      try {
        // A window starts with its first call and ends 24 hours later; an ended window restarts.
        const row = await this.usage.addCalls({
          api: apiOf(endpoint),
          endpoint,
          calls: pending,
          exhaustedUntil,
          now,
          windowEnd,
        });
        // Counted as pending until written: while the write is in flight the calls stay in usedOf().
        bucket.pending -= pending;
        bucket.recorded = row.count;
        bucket.windowEnd = row.windowEnd.getTime();
        bucket.exhaustedUntil = Math.max(bucket.exhaustedUntil, row.exhaustedUntil?.getTime() ?? 0);
      } catch (error) {
        bucket.exhaustionPending = exhaustedUntil !== null;
        throw error;
      }
    }
  }
}

export type KrogerApi = 'products' | 'locations' | 'cart' | 'identity' | 'coupons' | 'collections' | 'courier' | 'auth';

/** The Kroger API an endpoint belongs to (Locations has three endpoints with separate limits). */
const API_OF_ENDPOINT: Record<QuotaEndpoint, KrogerApi> = {
  products: 'products',
  locations: 'locations',
  chains: 'locations',
  departments: 'locations',
  cart: 'cart',
  carts: 'cart',
  identity: 'identity',
  coupons: 'coupons',
  collections: 'collections',
  courier: 'courier',
  token: 'auth',
};

export function apiOf(endpoint: QuotaEndpoint): KrogerApi {
  return API_OF_ENDPOINT[endpoint];
}
