import { Logger } from '@nestjs/common';
import { requestContext } from '../../common/request-context';
import { SpendRefusedError } from '../spend/spend-refused.error';
import { UpstreamThrottledError } from '../upstream-admission';
import { KrogerError } from '../kroger-error';
import { SingleFlight } from '../single-flight';
import { CacheStore, PrefixFlush } from './cache-store';

/** How long one kind of Kroger data stays fresh, and how long it may be served stale if Kroger fails. */
export interface CachePolicy {
  freshMs: number;
  staleIfErrorMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const CACHE_POLICIES = {
  /** Chains and departments change rarely. */
  reference: { freshMs: 12 * HOUR, staleIfErrorMs: 7 * 24 * HOUR },
  /** Store details: hours, departments, address. */
  store: { freshMs: 6 * HOUR, staleIfErrorMs: 7 * 24 * HOUR },
  /** Catalog fields without a store: descriptions, images, sizes. */
  catalog: { freshMs: 2 * HOUR, staleIfErrorMs: 24 * HOUR },
  /** Store-scoped price, stock and aisle. */
  storePrices: { freshMs: 5 * MINUTE, staleIfErrorMs: 6 * HOUR },
  coupons: { freshMs: 10 * MINUTE, staleIfErrorMs: 6 * HOUR },
  /**
   * Kroger's "no such thing" (a 404): remembered briefly, so a repeated unknown id costs nothing,
   * and never served past its time, so a new store is known within minutes.
   */
  absent: { freshMs: 5 * MINUTE, staleIfErrorMs: 0 },
} satisfies Record<string, CachePolicy>;

export interface ReadOptions {
  /** When true (quota nearly spent, breaker open), a stale entry is served without asking Kroger. */
  preferStale?: boolean;
  /** How long an `undefined` answer (Kroger's 404) is kept; by default as long as any other. */
  absentPolicy?: CachePolicy;
}

/**
 * Cached reads with coalescing and stale-while-revalidate: a fresh entry is served as is; a stale
 * one is served at once while one background call refreshes it (for one more fresh period); a miss
 * makes one upstream call however many callers wait. If Kroger is down, out of quota or paused and
 * an unexpired entry exists, it is served and the request is marked stale (Age and Warning on REST).
 */
export class ReadCache {
  private readonly logger = new Logger('KrogerCache');
  private readonly flights = new SingleFlight<unknown>();
  hits = 0;
  misses = 0;
  staleServed = 0;

  constructor(
    private readonly store: CacheStore,
    private readonly now: () => number = Date.now,
  ) {}

  async read<T>(key: string, policy: CachePolicy, fetch: () => Promise<T>, options: ReadOptions = {}): Promise<T> {
    try {
      return await this.readOnce(key, policy, fetch, options);
    } catch (error) {
      // A coalesced call failed on another caller's spent budget or window, not ours: make the call ourselves.
      if (isSomeoneElsesRefusal(error)) return this.readOnce(key, policy, fetch, options);
      throw error;
    }
  }

  private async readOnce<T>(
    key: string,
    policy: CachePolicy,
    fetch: () => Promise<T>,
    options: ReadOptions,
  ): Promise<T> {
    const entry = await this.store.get<T>(key).catch(() => undefined);
    const now = this.now();
    if (entry && entry.freshUntil > now) {
      this.hits += 1;
      return entry.value;
    }
    if (entry && options.preferStale) return this.serveStale(entry.value, entry.storedAt);
    if (entry && now < entry.freshUntil + policy.freshMs) {
      // Stale-while-revalidate, for one more fresh period: answer now, refresh once in the background.
      // The refresh serves everyone, so it is the service's spend (the reserve), not this caller's.
      void requestContext
        .runAsService(() => this.refresh(key, policy, fetch, options))
        .catch((error: unknown) => this.logger.warn({ err: error, key }, 'Background refresh failed'));
      return this.serveStale(entry.value, entry.storedAt);
    }
    this.misses += 1;
    try {
      return await this.refresh(key, policy, fetch, options);
    } catch (error) {
      // Stale-if-error: an old answer beats none while Kroger is down, out of quota or paused.
      if (entry && isOutage(error)) return this.serveStale(entry.value, entry.storedAt);
      throw error;
    }
  }

  private refresh<T>(key: string, policy: CachePolicy, fetch: () => Promise<T>, options: ReadOptions): Promise<T> {
    return this.flights.run(key, async () => {
      const value = await fetch();
      const storedAt = this.now();
      const kept = value === undefined && options.absentPolicy ? options.absentPolicy : policy;
      await this.store
        .set(key, {
          value,
          storedAt,
          freshUntil: storedAt + kept.freshMs,
          expiresAt: storedAt + kept.freshMs + kept.staleIfErrorMs,
        })
        .catch((error: unknown) => this.logger.warn({ err: error }, 'Cache write failed'));
      return value;
    }) as Promise<T>;
  }

  /** Drops cached answers whose key starts with `prefix` (`products.search`, `locations.get?locationId=`). */
  flush(prefix: string, limit: number): Promise<PrefixFlush> {
    return this.store.deleteByPrefix(prefix, limit);
  }

  stats() {
    return {
      ...this.store.stats(),
      hits: this.hits,
      misses: this.misses,
      staleServed: this.staleServed,
      inFlight: this.flights.size,
    };
  }

  private serveStale<T>(value: T, storedAt: number): T {
    this.staleServed += 1;
    requestContext.markStale((this.now() - storedAt) / 1000);
    return value;
  }
}

function isSomeoneElsesRefusal(error: unknown): boolean {
  return (
    (error instanceof SpendRefusedError || error instanceof UpstreamThrottledError) &&
    requestContext.payer() !== error.payer
  );
}

const OUTAGES = new Set(['unavailable', 'timeout', 'circuit_open', 'quota_exhausted']);

function isOutage(error: unknown): boolean {
  return error instanceof KrogerError && OUTAGES.has(error.failure);
}

/** A cache key from an operation and its parameters, independent of parameter order and case of codes. */
export function cacheKey(operation: string, params: Record<string, unknown>): string {
  const normalized = Object.keys(params)
    .filter((k) => params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => {
      const value = params[k];
      return `${k}=${Array.isArray(value) ? [...(value as unknown[])].map(String).sort().join(',') : String(value)}`;
    })
    .join('&');
  return `${operation}?${normalized}`;
}
