import { billTo, chargeMemory } from '../../common/memory-accounts';
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

describe('MemoryCacheStore: memory kept for an entry counts against its byte bound', () => {
  it('adds what is charged to a held value to its entry, and evicts by the total', async () => {
    const store = new MemoryCacheStore(1000, 1_000);
    const a = { name: 'a' };
    const b = { name: 'b' };
    await store.set('a', entry(a));
    await store.set('b', entry(b));
    const before = store.stats().bytes;
    chargeMemory(a, 300);
    expect(store.stats().bytes).toBe(before + 300);

    // `a` keeping 680 bytes more takes the store past its bound (a fits alone): the least recently used goes.
    await store.get('a');
    chargeMemory(a, 680);
    expect(store.stats().bytes).toBeLessThanOrEqual(1_000);
    expect(await store.get('b')).toBeUndefined();
    expect((await store.get('a'))?.value).toBe(a);
  });

  it('bills what is built from a value to its entry, and ignores charges once the entry is gone', async () => {
    const store = new MemoryCacheStore(1000, 100_000);
    const value = { name: 'page' };
    const answer = { built: 'from page' };
    await store.set('k', entry(value));
    billTo(answer, value);
    const held = store.stats().bytes;
    chargeMemory(answer, 500);
    expect(store.stats().bytes).toBe(held + 500);

    await store.delete('k');
    chargeMemory(answer, 500);
    chargeMemory(value, 500);
    expect(store.stats().bytes).toBe(0);
  });

  it('a value replaced under its key no longer charges the new entry', async () => {
    const store = new MemoryCacheStore(1000, 100_000);
    const old = { v: 1 };
    await store.set('k', entry(old));
    await store.set('k', entry({ v: 2 }));
    const held = store.stats().bytes;
    chargeMemory(old, 500);
    expect(store.stats().bytes).toBe(held);
  });
});
