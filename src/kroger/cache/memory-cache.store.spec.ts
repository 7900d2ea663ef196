import { MemoryCacheStore } from './memory-cache.store';

const entry = (value: unknown, expiresAt = Number.MAX_SAFE_INTEGER) => ({
  value,
  storedAt: 0,
  freshUntil: expiresAt,
  expiresAt,
});

describe('MemoryCacheStore', () => {
  it('evicts the least recently used entry beyond the entry bound', async () => {
    const store = new MemoryCacheStore(2, 1_000_000);
    await store.set('a', entry(1));
    await store.set('b', entry(2));
    await store.get('a');
    await store.set('c', entry(3));
    expect(await store.get('b')).toBeUndefined();
    expect((await store.get('a'))?.value).toBe(1);
    expect(store.stats()).toMatchObject({ entries: 2, evictions: 1 });
  });

  it('stays under the byte bound', async () => {
    const store = new MemoryCacheStore(1000, 2_000);
    for (let i = 0; i < 50; i += 1) await store.set(`k${i}`, entry('x'.repeat(100)));
    expect(store.stats().bytes).toBeLessThanOrEqual(2_000);
    expect(store.stats().entries).toBeLessThan(50);
  });

  it('drops expired entries', async () => {
    let now = 0;
    const store = new MemoryCacheStore(10, 10_000, () => now);
    await store.set('a', entry(1, 100));
    now = 100;
    expect(await store.get('a')).toBeUndefined();
  });
});
