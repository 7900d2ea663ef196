import { requestContext } from '../../common/request-context';
import { KrogerError } from '../kroger-error';
import { SpendRefusedError } from '../spend/spend-refused.error';
import { MemoryCacheStore } from './memory-cache.store';
import { ReadCache } from './read-cache';

describe('ReadCache', () => {
  let now: number;
  let cache: ReadCache;
  const policy = { freshMs: 1000, staleIfErrorMs: 10_000 };
  const outage = () => new KrogerError({ failure: 'unavailable', retryable: true, api: 'products' });
  beforeEach(() => {
    now = 0;
    cache = new ReadCache(new MemoryCacheStore(100, 1_000_000, () => now), () => now);
  });

  it('shares one upstream call among concurrent misses and serves fresh entries without one', async () => {
    const fetch = jest.fn(async () => 'v1');
    expect(
      await Promise.all([
        cache.read('k', policy, fetch),
        cache.read('k', policy, fetch),
        cache.read('k', policy, fetch),
      ]),
    ).toEqual(['v1', 'v1', 'v1']);
    now = 999;
    expect(await cache.read('k', policy, fetch)).toBe('v1');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('serves a stale entry at once and refreshes it once in the background', async () => {
    await cache.read('k', policy, async () => 'old');
    now = 1500;
    let answer!: (value: string) => void;
    const fetch = jest.fn(() => new Promise<string>((resolve) => (answer = resolve)));
    expect(await cache.read('k', policy, fetch)).toBe('old');
    expect(await cache.read('k', policy, fetch)).toBe('old');
    expect(fetch).toHaveBeenCalledTimes(1);
    answer('new');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.read('k', policy, fetch)).toBe('new');
  });

  it('falls back to an old entry when Kroger is down, but not when Kroger says not found', async () => {
    await cache.read('k', policy, async () => 'old');
    now = 5000;
    expect(await cache.read('k', policy, () => Promise.reject(outage()))).toBe('old');
    const notFound = new KrogerError({ failure: 'not_found', retryable: false, api: 'products' });
    await expect(cache.read('k', policy, () => Promise.reject(notFound))).rejects.toBe(notFound);
    now = 11_001;
    await expect(cache.read('k', policy, () => Promise.reject(outage()))).rejects.toBeInstanceOf(KrogerError);
  });

  it('keeps a "not found" only as long as the absent policy says, and never serves it stale', async () => {
    const absentPolicy = { freshMs: 100, staleIfErrorMs: 0 };
    const fetch = jest.fn(async (): Promise<string | undefined> => undefined);
    expect(await cache.read('k', policy, fetch, { absentPolicy })).toBeUndefined();
    now = 99;
    expect(await cache.read('k', policy, fetch, { absentPolicy })).toBeUndefined();
    expect(fetch).toHaveBeenCalledTimes(1);
    now = 100;
    fetch.mockResolvedValueOnce('found');
    expect(await cache.read('k', policy, fetch, { absentPolicy })).toBe('found');
    // A found value keeps the normal policy.
    now = 1099;
    expect(await cache.read('k', policy, fetch, { absentPolicy })).toBe('found');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('prefers an old entry over a call when asked (quota low, breaker open)', async () => {
    await cache.read('k', policy, async () => 'old');
    now = 5000;
    const fetch = jest.fn(async () => 'new');
    expect(await cache.read('k', policy, fetch, { preferStale: true })).toBe('old');
    expect(fetch).not.toHaveBeenCalled();
    expect(cache.stats()).toMatchObject({ staleServed: 1 });
  });

  it('makes its own call when a shared one failed on another caller`s spent budget, not on its own', async () => {
    const spent = { userId: 'spent', address: '203.0.113.1' };
    const fresh = { userId: 'fresh', address: '203.0.113.2' };
    const fetch = jest.fn(async () => {
      if (requestContext.caller()?.userId === 'spent') throw new SpendRefusedError('user:spent', 'products', 60, false);
      return 'v1';
    });
    const [first, second] = await Promise.allSettled([
      requestContext.runAs(spent, () => cache.read('k', policy, fetch)),
      requestContext.runAs(fresh, () => cache.read('k', policy, fetch)),
    ]);
    expect(first).toMatchObject({ status: 'rejected', reason: { code: 'quota.user_exhausted' } });
    expect(second).toEqual({ status: 'fulfilled', value: 'v1' });
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
