import { CacheEntry, CacheStore, PrefixFlush } from './cache-store';

interface Slot {
  entry: CacheEntry;
  bytes: number;
}

/**
 * An LRU bounded by entry count and by approximate bytes (the JSON size of each value, measured
 * once on write). A Map keeps insertion order, so re-inserting on read keeps recency cheaply.
 */
export class MemoryCacheStore implements CacheStore {
  private readonly slots = new Map<string, Slot>();
  private bytes = 0;
  private evictions = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get<T>(key: string): Promise<CacheEntry<T> | undefined> {
    const slot = this.slots.get(key);
    if (!slot) return Promise.resolve(undefined);
    if (slot.entry.expiresAt <= this.now()) {
      this.remove(key, slot);
      return Promise.resolve(undefined);
    }
    this.slots.delete(key);
    this.slots.set(key, slot);
    return Promise.resolve(slot.entry as CacheEntry<T>);
  }

  set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
    const bytes = key.length * 2 + Buffer.byteLength(JSON.stringify(entry.value) ?? '', 'utf8');
    if (bytes > this.maxBytes) return Promise.resolve();
    const previous = this.slots.get(key);
    if (previous) this.remove(key, previous);
    this.slots.set(key, { entry, bytes });
    this.bytes += bytes;
    while (this.slots.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldestKey, oldest] = this.slots.entries().next().value as [string, Slot];
      this.remove(oldestKey, oldest);
      this.evictions += 1;
    }
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    const slot = this.slots.get(key);
    if (slot) this.remove(key, slot);
    return Promise.resolve();
  }

  deleteByPrefix(prefix: string, limit: number): Promise<PrefixFlush> {
    let deleted = 0;
    for (const [key, slot] of this.slots) {
      if (!key.startsWith(prefix)) continue;
      if (deleted === limit) return Promise.resolve({ deleted, complete: false });
      this.remove(key, slot);
      deleted += 1;
    }
    return Promise.resolve({ deleted, complete: true });
  }

  stats() {
    return { kind: 'memory', entries: this.slots.size, bytes: this.bytes, evictions: this.evictions };
  }

  private remove(key: string, slot: Slot): void {
    this.slots.delete(key);
    this.bytes -= slot.bytes;
  }
}
