import { OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

interface Window {
  hits: number;
  endsAt: number;
  blockedUntil: number;
}

/**
 * Counts hits in this process: a fixed window per key and a block once the limit is passed, the
 * same rules as the Redis storage, at a constant cost per hit. (@nestjs/throttler's own in-memory
 * storage keeps one timestamp per hit and filters them all on every request: its cost grows with
 * the limit, and a user allowed thousands of requests a minute paid for each one on every call.)
 */
export class MemoryThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    sweepEveryMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    // Forget finished windows, so memory follows the active clients, not every client ever seen.
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs).unref();
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    const id = `${throttlerName}:${key}`;
    let window = this.windows.get(id);
    if (window && window.blockedUntil > now) return Promise.resolve(this.record(window, now, true));
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    window.hits += 1;
    if (window.hits > limit) {
      window.blockedUntil = now + blockDuration;
      return Promise.resolve(this.record(window, now, true));
    }
    return Promise.resolve(this.record(window, now, false));
  }

  private record(window: Window, now: number, isBlocked: boolean): ThrottlerStorageRecord {
    return {
      totalHits: window.hits,
      timeToExpire: Math.max(0, Math.ceil((window.endsAt - now) / 1000)),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.max(0, Math.ceil((window.blockedUntil - now) / 1000)) : 0,
    };
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, window] of this.windows)
      if (window.endsAt <= now && window.blockedUntil <= now) this.windows.delete(id);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }
}
