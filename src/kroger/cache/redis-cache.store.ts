import type Redis from 'ioredis';
import { openRedis } from '../../common/redis-client';
import { CacheEntry, CacheStore, PrefixFlush } from './cache-store';

/** Keys asked of Redis per SCAN step: small steps keep Redis responsive for everyone else. */
const SCAN_COUNT = 500;
/** SCAN MATCH is a glob: a prefix is matched literally. */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/** Shared cache for several instances. Redis bounds memory itself (configure maxmemory + an LRU policy). */
export class RedisCacheStore implements CacheStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = 'kroger-cache:',
  ) {
    this.redis = openRedis(url, { maxRetriesPerRequest: 1 });
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

  /** SCAN, not KEYS: never blocks Redis; stops after `limit` deletions (the caller asks again). */
  async deleteByPrefix(prefix: string, limit: number): Promise<PrefixFlush> {
    const match = `${globEscape(this.prefix + prefix)}*`;
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', SCAN_COUNT);
      cursor = next;
      const batch = keys.slice(0, limit - deleted);
      if (batch.length > 0) deleted += await this.redis.unlink(...batch);
      if (batch.length < keys.length || (deleted >= limit && cursor !== '0')) return { deleted, complete: false };
    } while (cursor !== '0');
    return { deleted, complete: true };
  }

  stats() {
    return { kind: 'redis' };
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
