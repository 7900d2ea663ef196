import { DomainError } from '../common/errors/domain-error';

/**
 * Cart writes per user per minute (in this instance). Protects Kroger's cart quota from one runaway
 * client or assistant, whatever channel it uses.
 */
export class CartWriteLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit = 30,
    private readonly windowMs = 60_000,
  ) {}

  take(userId: string, now = Date.now()): void {
    const recent = (this.hits.get(userId) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      throw new DomainError(
        'cart.rate_limited',
        429,
        'Too many cart changes',
        `At most ${this.limit} cart changes per minute; slow down.`,
        {
          retryAfter: Math.ceil((recent[0] + this.windowMs - now) / 1000),
        },
      );
    }
    recent.push(now);
    this.hits.set(userId, recent);
    if (this.hits.size > 100_000) this.hits.clear();
  }
}
