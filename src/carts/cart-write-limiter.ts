import type Redis from 'ioredis';
import { openRedis } from '../common/redis-client';
import { DomainError } from '../common/errors/domain-error';
import { CartWriteWindowRepository } from './cart-write-window.repository';

/** Where the count lives: shared by every instance, so a user's limit does not grow with the instances. */
export interface CartWriteCounter {
  /** Counts one write; how many there were in the window so far, and when the window ends. */
  countWrite(userId: string, windowMs: number): Promise<{ count: number; endsInMs: number }>;
  close?(): Promise<void>;
}

/** PostgreSQL (the default): one upsert per write. */
export class DatabaseCartWriteCounter implements CartWriteCounter {
  constructor(private readonly windows: CartWriteWindowRepository) {}

  async countWrite(userId: string, windowMs: number) {
    const now = new Date();
    const window = await this.windows.countWrite(userId, now, windowMs);
    return { count: window.count, endsInMs: window.windowStart.getTime() + windowMs - now.getTime() };
  }
}

/** The window starts with the first write (the key's expiry) and counts atomically. */
const COUNT_WRITE = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`;

/** Redis, when REDIS_URL is set: one round trip per write, the window kept as the key's expiry. */
export class RedisCartWriteCounter implements CartWriteCounter {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = openRedis(url, { maxRetriesPerRequest: 1 });
  }

  async countWrite(userId: string, windowMs: number) {
    const [count, endsInMs] = (await this.redis.eval(COUNT_WRITE, 1, `cart-writes:${userId}`, windowMs)) as [
      number,
      number,
    ];
    return { count, endsInMs };
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}

/**
 * Cart writes per user per minute, across all instances. Protects Kroger's cart quota from one
 * runaway client or assistant, whatever channel it uses.
 */
export class CartWriteLimiter {
  constructor(
    private readonly counter: CartWriteCounter,
    private readonly limit = 30,
    private readonly windowMs = 60_000,
  ) {}

  async take(userId: string): Promise<void> {
    const { count, endsInMs } = await this.counter.countWrite(userId, this.windowMs);
    if (count > this.limit) {
      throw new DomainError(
        'cart.rate_limited',
        429,
        'Too many cart changes',
        `At most ${this.limit} cart changes per minute; slow down.`,
        { retryAfter: Math.max(1, Math.ceil(endsInMs / 1000)) },
      );
    }
  }

  close(): Promise<void> {
    return this.counter.close?.() ?? Promise.resolve();
  }
}
