import { ProductBatcher } from './product-batcher';

describe('ProductBatcher', () => {
  it('merges concurrent lookups per store into calls of at most 50 ids and answers each caller', async () => {
    const calls: { ids: string[]; locationId?: string }[] = [];
    const batcher = new ProductBatcher(async (ids, locationId) => {
      calls.push({ ids, locationId });
      return ids.filter((id) => id !== 'missing').map((productId) => ({ productId, locationId }));
    });
    const ids = Array.from({ length: 120 }, (_, i) => String(i).padStart(13, '0'));
    // The same id twice within one window is fetched once.
    const duplicate = batcher.load(ids[0], '01400943');
    const results = await Promise.all([
      ...ids.map((id) => batcher.load(id, '01400943')),
      batcher.load('missing'),
      batcher.load(ids[1]),
    ]);
    expect((await duplicate)?.productId).toBe(ids[0]);
    expect(results.slice(0, 120).map((r) => r?.productId)).toEqual(ids);
    expect(results[120]).toBeUndefined();
    expect(results[121]).toEqual({ productId: ids[1], locationId: undefined });
    const storeCalls = calls.filter((c) => c.locationId === '01400943');
    expect(storeCalls.map((c) => c.ids.length)).toEqual([50, 50, 20]);
    expect(calls.filter((c) => c.locationId === undefined)).toHaveLength(1);
  });

  it('rejects every caller of a failed batch', async () => {
    const batcher = new ProductBatcher<{ productId: string }>(() => Promise.reject(new Error('down')));
    await expect(Promise.all([batcher.load('a'), batcher.load('b')])).rejects.toThrow('down');
  });

  it('never merges one payer`s lookups with another`s, so each call is charged to who caused it', async () => {
    const calls: string[][] = [];
    const batcher = new ProductBatcher(async (ids) => {
      calls.push(ids);
      return ids.map((productId) => ({ productId }));
    });
    await Promise.all([batcher.load('a', undefined, 'user:1'), batcher.load('b', undefined, 'user:2')]);
    expect(calls.sort()).toEqual([['a'], ['b']]);
  });
});
