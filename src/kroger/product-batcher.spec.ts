import { ProductBatcher } from './product-batcher';

const STORE = '01400943';

function recordingBatcher(refuse: (payer: string) => boolean = () => false) {
  const calls: { ids: string[]; locationId?: string }[] = [];
  const admitted: string[] = [];
  let currentPayer = '';
  const batcher = new ProductBatcher(
    async (ids, locationId) => {
      calls.push({ ids, locationId });
      return ids.filter((id) => id !== 'missing').map((productId) => ({ productId, locationId }));
    },
    async () => {
      const payer = currentPayer;
      admitted.push(payer);
      if (refuse(payer)) throw new Error(`refused ${payer}`);
    },
  );
  // The admission runs in the caller's context; here the payer it would read is set around load().
  const load = (id: string, locationId: string | undefined, payer: string) => {
    currentPayer = payer;
    return batcher.load(id, locationId, payer);
  };
  return { calls, admitted, load };
}

describe('ProductBatcher', () => {
  it('merges concurrent lookups per store into calls of at most 50 ids and answers each caller', async () => {
    const { calls, load } = recordingBatcher();
    const ids = Array.from({ length: 120 }, (_, i) => String(i).padStart(13, '0'));
    // The same id twice within one window is fetched once.
    const duplicate = load(ids[0], STORE, 'user:1');
    const results = await Promise.all([
      ...ids.map((id) => load(id, STORE, 'user:1')),
      load('missing', undefined, 'user:1'),
      load(ids[1], undefined, 'user:1'),
    ]);
    expect((await duplicate)?.productId).toBe(ids[0]);
    expect(results.slice(0, 120).map((r) => r?.productId)).toEqual(ids);
    expect(results[120]).toBeUndefined();
    expect(results[121]).toEqual({ productId: ids[1], locationId: undefined });
    expect(calls.filter((c) => c.locationId === STORE).map((c) => c.ids.length)).toEqual([50, 50, 20]);
    expect(calls.filter((c) => c.locationId === undefined)).toHaveLength(1);
  });

  it('rejects every caller of a failed call', async () => {
    const batcher = new ProductBatcher<{ productId: string }>(
      () => Promise.reject(new Error('down')),
      () => Promise.resolve(),
    );
    await expect(Promise.all([batcher.load('a', undefined, ''), batcher.load('b', undefined, '')])).rejects.toThrow(
      'down',
    );
  });

  it('merges different payers into one call and asks each payer once per call', async () => {
    const { calls, admitted, load } = recordingBatcher();
    await Promise.all([
      load('a', STORE, 'user:1'),
      load('b', STORE, 'user:1'),
      load('c', STORE, 'user:2'),
      load('d', STORE, 'address:203.0.113.7'),
    ]);
    expect(calls).toEqual([{ ids: ['a', 'b', 'c', 'd'], locationId: STORE }]);
    expect(admitted).toEqual(['user:1', 'user:2', 'address:203.0.113.7']);
  });

  it('fails only the refused payer`s lookups; the others still go out', async () => {
    const { calls, load } = recordingBatcher((payer) => payer === 'user:spent');
    const [mine, theirs, shared] = await Promise.allSettled([
      load('a', STORE, 'user:1'),
      load('b', STORE, 'user:spent'),
      load('a', STORE, 'user:spent'),
    ]);
    expect(mine).toMatchObject({ status: 'fulfilled', value: { productId: 'a' } });
    expect(theirs).toMatchObject({ status: 'rejected', reason: new Error('refused user:spent') });
    expect(shared).toMatchObject({ status: 'rejected' });
    expect(calls).toEqual([{ ids: ['a'], locationId: STORE }]);
  });

  describe('announced lookups', () => {
    const batcherWaiting = (maxWaitMs: number) => {
      const calls: string[][] = [];
      const batcher = new ProductBatcher(
        async (ids) => {
          calls.push(ids);
          return ids.map((productId) => ({ productId }));
        },
        () => Promise.resolve(),
        { idleMs: 10, maxWaitMs },
      );
      /** A request of `client` on its way (announced); `arrive` lets it reach its lookup of one id. */
      const request = (client: string) => {
        let release = () => undefined as void;
        let go!: (id: string) => void;
        const answer = batcher.announce(
          client,
          // The rest of the request: it keeps the announced context across its awaits, as a request does.
          async () => {
            const id = await new Promise<string>((resolve) => (go = resolve));
            batcher.arrived();
            return batcher.load(id, STORE, client);
          },
          (r) => (release = r),
        );
        return {
          arrive: (id: string) => {
            go(id);
            return answer;
          },
          end: () => release(),
        };
      };
      return { calls, request };
    };

    it('wait for the rest of a client`s announced requests, past the idle time, and send them in one call', async () => {
      const { calls, request } = batcherWaiting(60_000);
      const first = request('credential:screen');
      const second = request('credential:screen');
      const a = first.arrive('a');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(calls).toEqual([]);
      await Promise.all([a, second.arrive('b')]);
      expect(calls).toEqual([['a', 'b']]);
    });

    it('never hold a lookup back for another client`s requests still on their way', async () => {
      const { calls, request } = batcherWaiting(60_000);
      const busy = request('address:198.51.100.9');
      const mine = request('credential:mine');
      // Answered after the idle time, while the other client's request has not arrived.
      await expect(mine.arrive('a')).resolves.toEqual({ productId: 'a' });
      expect(calls).toEqual([['a']]);
      busy.end();
    });
  });

  it('sends nothing when every payer is refused', async () => {
    const { calls, load } = recordingBatcher(() => true);
    await expect(load('a', STORE, 'user:1')).rejects.toThrow('refused');
    expect(calls).toEqual([]);
  });
});
