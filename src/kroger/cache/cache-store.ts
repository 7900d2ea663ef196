export interface CacheEntry<T = unknown> {
  value: T;
  storedAt: number;
  /** Until then the entry is served without asking Kroger. */
  freshUntil: number;
  /** Until then a stale entry may still be served when Kroger cannot be asked. */
  expiresAt: number;
}

export interface PrefixFlush {
  deleted: number;
  complete: boolean;
}

/** Where cached Kroger reads live: memory by default, Redis when several instances share. */
export interface CacheStore {
  get<T>(key: string): Promise<CacheEntry<T> | undefined>;
  set<T>(key: string, entry: CacheEntry<T>): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes up to `limit` entries whose key starts with `prefix`; `complete` once none is left. */
  deleteByPrefix(prefix: string, limit: number): Promise<PrefixFlush>;
  stats(): { kind: string; entries?: number; bytes?: number; evictions?: number };
  close?(): Promise<void>;
}
