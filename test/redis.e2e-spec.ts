import request from 'supertest';
import { ReadCache } from '../src/kroger/cache/read-cache';
import { RedisCacheStore } from '../src/kroger/cache/redis-cache.store';
import { KrogerClient } from '../src/kroger/kroger-client';
import { KrogerEnvironmentInfo } from '../src/kroger/kroger-environment';
import { SandboxControl } from './support/sandbox-control';
import { redisAvailable, startRedis } from './support/redis-server';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

(redisAvailable ? describe : describe.skip)('Two instances sharing Redis for the cache and rate limits (e2e)', () => {
  let redis: { url: string; stop: () => void };
  let databases: TestDatabase[];
  let first: TestApp;
  let second: TestApp;
  let sandbox: SandboxControl;

  beforeAll(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, THROTTLE_LIMIT: '6', THROTTLE_TTL_SECONDS: '60' };
    databases = [await TestDatabase.create(), await TestDatabase.create()];
    first = await startApp(baseEnv(databases[0], env));
    const krogerUrl = first.app.get(KrogerEnvironmentInfo).describe().baseUrl;
    second = await startApp(baseEnv(databases[1], { ...env, KROGER_ENV: 'sandbox', KROGER_BASE_URL: krogerUrl }));
    sandbox = new SandboxControl(krogerUrl);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    for (const database of databases ?? []) await database.drop();
    redis?.stop();
  });

  it('serves the second instance from the cache the first one filled', async () => {
    await sandbox.send('DELETE', '/requests');
    const a = await first.app
      .get(KrogerClient)
      .searchProducts({ term: 'mayonnaise', locationId: '01400943', limit: 5 });
    const b = await second.app
      .get(KrogerClient)
      .searchProducts({ term: 'mayonnaise', locationId: '01400943', limit: 5 });
    expect(b).toEqual(a);
    expect(await sandbox.calls('/v1/products')).toHaveLength(1);
  });

  it('flushes cached answers by key prefix for every instance (SCAN on Redis)', async () => {
    const search = (app: TestApp, term: string) =>
      app.app.get(KrogerClient).searchProducts({ term, locationId: '01400943', limit: 5 });
    await search(first, 'pickles');
    await search(first, 'relish');
    await first.app.get(KrogerClient).getLocation('01400943');
    await sandbox.send('DELETE', '/requests');
    // Through the second instance (the admin route calls this; its HTTP side is in admin.e2e-spec.ts).
    const flushed = await second.app.get(ReadCache).flush('products.search?', 10_000);
    expect(flushed).toEqual({ deleted: expect.any(Number), complete: true });
    expect(flushed.deleted).toBeGreaterThanOrEqual(2);
    await search(first, 'pickles');
    await first.app.get(KrogerClient).getLocation('01400943');
    // The searches were asked again; the location stayed cached.
    expect(await sandbox.calls('/v1/products')).toHaveLength(1);
    expect(await sandbox.calls('/v1/locations')).toHaveLength(0);
  });

  it('flushes a prefix literally: Redis glob characters in it match only themselves', async () => {
    const store = new RedisCacheStore(redis.url, 'glob-test:');
    const entry = { value: 1, storedAt: 0, freshUntil: Date.now() + 60_000, expiresAt: Date.now() + 60_000 };
    const keys = ['products.search?a', 'products.searchXa', 'a*b?1', 'a*bc1', 'x[1]y', 'x1y', 'q\\w', 'qw'];
    for (const key of keys) await store.set(key, entry);
    for (const prefix of ['products.search?', 'a*b?', 'x[1]', 'q\\'])
      expect([prefix, await store.deleteByPrefix(prefix, 100)]).toEqual([prefix, { deleted: 1, complete: true }]);
    const left = await Promise.all(keys.map(async (key) => ((await store.get(key)) ? key : undefined)));
    expect(left.filter(Boolean)).toEqual(['products.searchXa', 'a*bc1', 'x1y', 'qw']);
    // A limit below what matched leaves the rest for the next request.
    expect(await store.deleteByPrefix('', 3)).toEqual({ deleted: 3, complete: false });
    expect(await store.deleteByPrefix('', 3)).toEqual({ deleted: 1, complete: true });
    await store.close();
  });

  it('counts one rate limit across both instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1)
      statuses.push((await request((i % 2 ? first : second).url).get('/api/v1/chains')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.slice(6)).toEqual([429, 429]);
  });
});
