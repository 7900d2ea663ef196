import type { KrogerApi } from './quota-ledger';
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  /** When an open breaker lets a probe through. */
  retryAt: number | null;
}

/**
 * One breaker per Kroger API. Closed: calls flow. After `threshold` consecutive failures it opens
 * and refuses calls for `cooldownMs`; then one probe is let through (half-open): success closes it,
 * failure opens it again.
 */
export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a call may go out now. Admits exactly one probe once the cooldown is over. */
  tryAcquire(): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open' && this.now() - this.openedAt >= this.cooldownMs) {
      this.state = 'half-open';
      this.probeInFlight = false;
    }
    if (this.state === 'half-open' && !this.probeInFlight) {
      this.probeInFlight = true;
      return true;
    }
    return false;
  }

  /** An acquired call that was never sent: a half-open breaker admits another probe. */
  release(): void {
    if (this.state === 'half-open') this.probeInFlight = false;
  }

  recordSuccess(): void {
    this.state = 'closed';
    this.failures = 0;
    this.probeInFlight = false;
  }

  recordFailure(): void {
    this.failures += 1;
    if (this.state === 'half-open' || this.failures >= this.threshold) {
      this.state = 'open';
      this.openedAt = this.now();
      this.probeInFlight = false;
    }
  }

  /** An operator's reset: calls flow again and the failure count starts over. */
  reset(): void {
    this.recordSuccess();
  }

  /** Seconds until a probe is allowed (for Retry-After), 0 when calls flow. */
  retryAfterSeconds(): number {
    if (this.state !== 'open') return 0;
    return Math.max(1, Math.ceil((this.openedAt + this.cooldownMs - this.now()) / 1000));
  }

  snapshot(): BreakerSnapshot {
    return {
      state: this.state === 'open' && this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : this.state,
      consecutiveFailures: this.failures,
      retryAt: this.state === 'open' ? this.openedAt + this.cooldownMs : null,
    };
  }
}

export const KROGER_APIS: readonly KrogerApi[] = [
  'products',
  'locations',
  'cart',
  'identity',
  'coupons',
  'collections',
  'courier',
  'auth',
];

export interface BreakerStatus extends Omit<BreakerSnapshot, 'retryAt'> {
  api: KrogerApi;
  retryAt: string | null;
}

/**
 * The owner of the breakers, one per Kroger API: the transport asks it before each call, the
 * client before serving stale answers, and the admin API for their state.
 */
export class KrogerBreakers {
  private readonly breakers: Record<KrogerApi, CircuitBreaker>;

  constructor(threshold: number, cooldownMs: number, now: () => number = Date.now) {
    this.breakers = Object.fromEntries(
      KROGER_APIS.map((api) => [api, new CircuitBreaker(threshold, cooldownMs, now)]),
    ) as Record<KrogerApi, CircuitBreaker>;
  }

  of(api: KrogerApi): CircuitBreaker {
    return this.breakers[api];
  }

  /** Closes one API's breaker in this process only: breakers are per instance, like the failures they count. */
  reset(api: KrogerApi): void {
    this.breakers[api].reset();
  }

  statuses(): BreakerStatus[] {
    return KROGER_APIS.map((api) => {
      const { retryAt, ...snapshot } = this.breakers[api].snapshot();
      return { api, ...snapshot, retryAt: retryAt ? new Date(retryAt).toISOString() : null };
    });
  }
}
