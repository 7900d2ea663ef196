import request from 'supertest';
import { KrogerEnvironmentInfo } from '../src/kroger/kroger-environment';
import { bearer, linkAccount } from './support/accounts';
import { describeWithPostgres, useRealPostgres } from './support/real-postgres';
import { redisAvailable, startRedis } from './support/redis-server';
import { baseEnv, Env, startApp, TestApp, TestDatabase } from './support/test-app';

const RETURN_TO = 'https://app.example.com/kroger/done';
const ORANGES = '0000000003107';
/** CartWriteLimiter's default: 30 cart writes per user per minute. */
const LIMIT = 30;

/** Two instances on one PostgreSQL, with or without Redis: the cart write limit is one limit, not one each. */
describeWithPostgres.each([
  ['PostgreSQL', false],
  ['Redis', true],
])('The per-user cart write limit across two instances (%s) (e2e)', (_name, withRedis) => {
  const maybe = withRedis && !redisAvailable ? it.skip : it;
  let releasePostgres: () => void = () => undefined;
  let redis: { url: string; stop: () => void } | undefined;
  let database: TestDatabase;
  let instances: TestApp[] = [];

  beforeAll(async () => {
    if (withRedis && !redisAvailable) return;
    releasePostgres = await useRealPostgres();
    redis = withRedis ? await startRedis() : undefined;
    database = await TestDatabase.create();
    const env: Env = { ALLOWED_RETURN_URLS: RETURN_TO, JOBS_ENABLED: 'false', REDIS_URL: redis?.url };
    const first = await startApp(baseEnv(database, env));
    const krogerUrl = first.app.get(KrogerEnvironmentInfo).describe().baseUrl;
    instances = [
      first,
      await startApp(baseEnv(database, { ...env, KROGER_ENV: 'sandbox', KROGER_BASE_URL: krogerUrl })),
    ];
  });
  afterAll(async () => {
    for (const instance of instances.reverse()) await instance.close();
    await database?.drop();
    redis?.stop();
    releasePostgres();
  });

  maybe('refuses the write after the limit whichever instance takes it, and leaves other users alone', async () => {
    const [first, second] = instances;
    const shopper = (await linkAccount(first.url, { returnTo: RETURN_TO, email: 'riley@example.com' })).accessToken;
    const other = (await linkAccount(second.url, { returnTo: RETURN_TO, email: 'jordan@example.com' })).accessToken;
    const add = (instance: TestApp, token: string) =>
      request(instance.url)
        .post('/api/v1/cart/items')
        .set(bearer(token))
        .send({ items: [{ upc: ORANGES, quantity: 1, modality: 'PICKUP' }] });

    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i += 1) statuses.push((await add(instances[i % 2], shopper)).status);
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(201), 429, 429]);
    const refused = await add(first, shopper).expect(429);
    expect(refused.body.code).toBe('cart.rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    await add(second, other).expect(201);
  });
});
