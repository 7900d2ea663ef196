import { ThrottlerStorage } from '@nestjs/throttler';
import { DomainError } from '../common/errors/domain-error';
import { requestContext } from '../common/request-context';
import { SpendBudget } from './spend/spend-budget';

/** Catalogue reads whose upstream calls are counted per caller and window. */
export type CountedRead = 'products.byId' | 'products.search';

/**
 * The caller has caused as many catalogue calls to Kroger in this window as one caller may. Carries
 * the payer, so a caller that merely shared someone else's refused call makes its own (ReadCache).
 */
export class UpstreamThrottledError extends DomainError {
  constructor(
    readonly payer: string,
    limit: number,
    windowSeconds: number,
    retryAfterSeconds: number,
  ) {
    super(
      'request.throttled',
      429,
      'Too many requests',
      `At most ${limit} product reads that reach Kroger per ${windowSeconds} s; answers already cached stay available.`,
      { retryAfter: retryAfterSeconds },
    );
    this.name = 'UpstreamThrottledError';
  }
}

/**
 * Whether the current caller may cause a catalogue call to Kroger. Asked only when the cache cannot
 * answer (and once per caller per batched by-id call), so limits count upstream calls, not requests:
 * a list screen reading 100 cached details is never refused, 100 uncached ones cost the two calls
 * they cause, and a 20-term bulk search counts like the searches that missed the cache.
 * - Per window: THROTTLE_EXPENSIVE_LIMIT calls per THROTTLE_TTL_SECONDS and kind of read, in the
 *   throttler's storage (Redis when configured, so instances share it).
 * - Per day: the caller's share of Kroger's products quota (SpendBudget), charged here for batched
 *   lookups, whose one call serves several callers; other calls are charged where they are sent.
 */
export class UpstreamAdmission {
  constructor(
    private readonly spend: SpendBudget,
    private readonly counters: ThrottlerStorage,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async admit(read: CountedRead, options: { chargeSpend: boolean }): Promise<void> {
    const payer = requestContext.payer();
    // The service's own work (jobs, background refreshes) has no caller and no limit.
    if (!payer) return;
    const key = `upstream:${read}:${payer}`;
    const window = await this.counters.increment(key, this.windowMs, this.limit, this.windowMs, 'default');
    if (window.isBlocked)
      throw new UpstreamThrottledError(
        payer,
        this.limit,
        Math.round(this.windowMs / 1000),
        Math.max(1, window.timeToBlockExpire),
      );
    if (options.chargeSpend) await this.spend.charge('products', { write: false, asCustomer: false });
  }
}
