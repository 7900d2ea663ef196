import { jsonBytes, openMemoryAccount } from '../../common/memory-accounts';
import { CacheEntry, CacheStore, PrefixFlush } from './cache-store';

interface Slot {
  entry: CacheEntry;
  bytes: number;
}

/**
 * An LRU bounded by entry count and by approximate bytes: the JSON size of each value, measured
 * once on write, plus what is later kept alive for it (answers built from it and their serialized
 * bytes, charged through memory-accounts.ts). A Map keeps insertion order, so re-inserting on read
 * keeps recency cheaply.
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
    const bytes = key.length * 2 + jsonBytes(entry.value);
    if (bytes > this.maxBytes) return Promise.resolve();
    const previous = this.slots.get(key);
    if (previous) this.remove(key, previous);
    const slot: Slot = { entry, bytes };
    this.slots.set(key, slot);
    this.bytes += bytes;
    if (typeof entry.value === 'object' && entry.value !== null)
      openMemoryAccount(entry.value, (kept) => this.charge(key, slot, kept));
    this.evictBeyondBounds();
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

  /** Memory kept for a slot's value; once the slot is gone, what it kept goes with the value. */
  private charge(key: string, slot: Slot, bytes: number): void {
    if (this.slots.get(key) !== slot) return;
    slot.bytes += bytes;
    this.bytes += bytes;
    this.evictBeyondBounds();
  }

  private evictBeyondBounds(): void {
    while (this.slots.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldestKey, oldest] = this.slots.entries().next().value as [string, Slot];
      this.remove(oldestKey, oldest);
      this.evictions += 1;
    }
  }

  private remove(key: string, slot: Slot): void {
    this.slots.delete(key);
    this.bytes -= slot.bytes;
  }
}
