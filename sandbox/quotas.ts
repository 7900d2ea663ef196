import type { Clock } from './clock';

/**
 * Kroger's daily limits (KROGER_API.md §8.1): per API, and for Locations per endpoint. A window
 * starts with its first call and ends 24 hours later on the sandbox clock. Partner-only APIs
 * (carts, coupons) and the authorization server have none.
 */
export type QuotaKey = 'products' | 'locations' | 'chains' | 'departments' | 'cart' | 'identity';

export const DEFAULT_LIMITS: Record<QuotaKey, number> = {
  products: 10_000,
  locations: 1_600,
  chains: 1_600,
  departments: 1_600,
  cart: 5_000,
  identity: 5_000,
};

export const QUOTA_API_CODES: Record<QuotaKey, string> = {
  products: 'PRODUCT',
  locations: 'LOCATION',
  chains: 'LOCATION',
  departments: 'LOCATION',
  cart: 'CART',
  identity: 'IDENTITY',
};

const WINDOW_MS = 24 * 60 * 60 * 1000;

export class Quotas {
  private limits: Record<QuotaKey, number> = { ...DEFAULT_LIMITS };
  private windows = new Map<QuotaKey, { startedAt: number; used: number }>();

  constructor(private readonly clock: Clock) {}

  /** Counts one call; returns seconds until the window resets when the quota is exhausted. */
  take(key: QuotaKey): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window || now >= window.startedAt + WINDOW_MS) {
      window = { startedAt: now, used: 0 };
      this.windows.set(key, window);
    }
    if (window.used >= this.limits[key]) {
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000)) };
    }
    window.used += 1;
    return { ok: true };
  }

  configure(limits: Partial<Record<QuotaKey, number>>, resetCounters: boolean): void {
    for (const [key, value] of Object.entries(limits)) {
      if (key in DEFAULT_LIMITS && Number.isInteger(value) && value >= 0) this.limits[key as QuotaKey] = value;
    }
    if (resetCounters) this.windows.clear();
  }

  reset(): void {
    this.limits = { ...DEFAULT_LIMITS };
    this.windows.clear();
  }

  describe(): Record<QuotaKey, { limit: number; used: number; resetsAt: string | null }> {
    const now = this.clock.now();
    return Object.fromEntries(
      (Object.keys(DEFAULT_LIMITS) as QuotaKey[]).map((key) => {
        const window = this.windows.get(key);
        const live = window && now < window.startedAt + WINDOW_MS;
        return [
          key,
          {
            limit: this.limits[key],
            used: live ? window.used : 0,
            resetsAt: live ? new Date(window.startedAt + WINDOW_MS).toISOString() : null,
          },
        ];
      }),
    ) as Record<QuotaKey, { limit: number; used: number; resetsAt: string | null }>;
  }
}
