import Redis from 'ioredis';
import { CacheEntry, CacheStore } from './cache-store';

/** Shared cache for several instances. Redis bounds memory itself (configure maxmemory + an LRU policy). */
export class RedisCacheStore implements CacheStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = 'kroger-cache:',
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1 });
  }

  async get<T>(key: string): Promise<CacheEntry<T> | undefined> {
    const raw = await this.redis.get(this.prefix + key);
    return raw ? (JSON.parse(raw) as CacheEntry<T>) : undefined;
  }

  async set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
    const ttl = Math.max(1, entry.expiresAt - Date.now());
    await this.redis.set(this.prefix + key, JSON.stringify(entry), 'PX', ttl);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  stats() {
    return { kind: 'redis' };
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
