import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { DEFAULT_CLIENTS } from '../sandbox/registry';
import { startSandbox, RunningSandbox } from '../sandbox/sandbox';
import { bearer, linkAccount } from './support/accounts';
import { LoopbackBalancer } from './support/loopback-balancer';
import { describeWithPostgres, useRealPostgres } from './support/real-postgres';
import { redisAvailable, startRedis } from './support/redis-server';
import { SandboxControl } from './support/sandbox-control';
import { RunningService, runService, waitForPort } from './support/service-process';
import { baseEnv, Env, freePort, TEST_ADMIN_KEY, TestDatabase } from './support/test-app';

const RETURN_TO = 'https://app.example.com/kroger/done';
const ORANGES = '0000000003107';
const TOKEN_PATH = '/v1/connect/oauth2/token';
/** Requests per client per minute: above what one test sends, so only the rate-limit test meets it. */
const THROTTLE_LIMIT = 150;

describe('docker-compose.yml (no Docker engine here: its shape is checked)', () => {
  const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true });

  it('runs two instances on one PostgreSQL and one Redis behind a health-checked balancer, trusting one hop', () => {
    const { services } = compose;
    for (const name of ['api-1', 'api-2']) {
      const api = services[name];
      expect(api.environment).toMatchObject({
        DATABASE_URL: expect.stringContaining('@postgres:5432/'),
        REDIS_URL: 'redis://redis:6379',
        TRUST_PROXY: '1',
      });
      expect(api.ports).toBeUndefined(); // only the balancer is reachable, so one trusted hop is the truth
      expect(api.healthcheck.test.join(' ')).toContain('/health/ready');
    }
    // Only one instance migrates; the other waits until it is healthy.
    expect(services['api-2'].environment.DATABASE_MIGRATE_ON_START).toBe('false');
    expect(services['api-2'].depends_on['api-1'].condition).toBe('service_healthy');
    expect(services.lb.depends_on).toEqual({
      'api-1': { condition: 'service_healthy' },
      'api-2': { condition: 'service_healthy' },
    });
    const caddyfile = readFileSync(join(__dirname, '..', 'deploy', 'Caddyfile'), 'utf8');
    expect(caddyfile).toMatch(/reverse_proxy api-1:3000 api-2:3000/);
    expect(caddyfile).toMatch(/health_uri \/health\/ready/);
    expect(services.lb.volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
  });
});

/** Two built instances as processes, on one PostgreSQL and one Redis, behind a loopback balancer. */
(redisAvailable ? describeWithPostgres : describe.skip)('Scale-out: two instances as processes (e2e)', () => {
  let releasePostgres: () => void = () => undefined;
  let redis: { url: string; stop: () => void };
  let database: TestDatabase;
  let kroger: RunningSandbox;
  let sandbox: SandboxControl;
  const backends: { port: number }[] = [];
  const instances: RunningService[] = [];
  let balancer: LoopbackBalancer;
  let url: string;
  let token: string;
  let userId: string;
  let jordan: { token: string; userId: string };

  const start = async (env: Env) => {
    const running = runService(env);
    instances.push(running);
    backends.push({ port: await waitForPort(running, Date.now() + 90_000) });
  };
  const direct = (index: number) => `http://127.0.0.1:${backends[index].port}`;
  const get = (base: string, path: string) => fetch(`${base}${path}`, { headers: bearer(token) });

  beforeAll(async () => {
    releasePostgres = await useRealPostgres();
    redis = await startRedis();
    database = await TestDatabase.create();
    balancer = new LoopbackBalancer(backends, await freePort());
    url = await balancer.start();
    // One Kroger for both instances, which knows the balancer's callback (the service's public address).
    const clients = DEFAULT_CLIENTS.map((client) => ({
      ...client,
      redirectUris: [...client.redirectUris, `${url}/api/v1/auth/kroger/callback`],
    }));
    kroger = await startSandbox({ port: 0, host: '127.0.0.1', controlSurface: true, clients });
    sandbox = new SandboxControl(kroger.baseUrl);
    const env = baseEnv(database, {
      PUBLIC_BASE_URL: url,
      REDIS_URL: redis.url,
      TRUST_PROXY: 'loopback',
      KROGER_ENV: 'sandbox',
      KROGER_BASE_URL: kroger.baseUrl,
      ALLOWED_RETURN_URLS: RETURN_TO,
      // The scheduled jobs run on both instances, the token refresh every second, as in production
      // but faster: work they share must still be done once.
      JOBS_ENABLED: 'true',
      LINK_REFRESH_INTERVAL_SECONDS: '1',
      THROTTLE_LIMIT: String(THROTTLE_LIMIT),
      THROTTLE_EXPENSIVE_LIMIT: String(THROTTLE_LIMIT),
      // The start-up line names the port bound (PORT=0); warnings would name any failure.
      LOG_LEVEL: 'info',
    });
    // As in docker-compose.yml: the first instance migrates, the second starts once it is ready.
    await start(env);
    await start({ ...env, DATABASE_MIGRATE_ON_START: 'false' });
    token = (await linkAccount(url, { returnTo: RETURN_TO, email: 'riley@example.com' })).accessToken;
    userId = ((await (await get(url, '/api/v1/me')).json()) as { userId: string }).userId;
    const jordanToken = (await linkAccount(url, { returnTo: RETURN_TO, email: 'jordan@example.com' })).accessToken;
    const me = await fetch(`${url}/api/v1/me`, { headers: bearer(jordanToken) });
    jordan = { token: jordanToken, userId: ((await me.json()) as { userId: string }).userId };
  }, 180_000);

  const sql = async (text: string, values: unknown[]) => {
    const db = new Client({ connectionString: database.env.DATABASE_URL });
    await db.connect();
    try {
      return (await db.query(text, values)).rows as Record<string, unknown>[];
    } finally {
      await db.end();
    }
  };
  afterAll(async () => {
    for (const running of instances) running.child.kill('SIGKILL');
    await balancer?.close();
    await kroger?.close();
    await database?.drop();
    redis?.stop();
    releasePostgres();
  });

  it('lets a user linked through the balancer (authorize on one instance, callback on the other) use either', async () => {
    for (const index of [0, 1]) {
      const me = await get(direct(index), '/api/v1/me');
      expect(me.status).toBe(200);
      expect(((await me.json()) as { userId: string }).userId).toBe(userId);
    }
  });

  it('shares the read cache: a search cached by one instance costs the other no Kroger call', async () => {
    const term = `scale ${randomUUID().slice(0, 8)}`;
    await sandbox.send('DELETE', '/requests');
    for (const index of [0, 1, 0, 1])
      expect((await get(direct(index), `/api/v1/products?term=${encodeURIComponent(term)}&limit=5`)).status).toBe(200);
    expect(await sandbox.calls('/v1/products')).toHaveLength(1);
  });

  it('counts one rate limit per client across both instances, the client known from the balancer`s X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < THROTTLE_LIMIT + 2; i += 1) {
      const res = await fetch(`${direct(i % 2)}/api/v1/chains`, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array<number>(THROTTLE_LIMIT).fill(200), 429, 429]);
    // Another client (address) is not affected.
    expect((await fetch(`${url}/api/v1/chains`, { headers: { 'X-Forwarded-For': '203.0.113.8' } })).status).toBe(200);
  });

  it('refreshes an expired Kroger token once across both instances, however many requests need it', async () => {
    // Cleared first: the refresh job (every second, on both instances) may be the one that refreshes.
    await sandbox.send('DELETE', '/requests');
    await sql(`update "KrogerLink" set "accessTokenExpiresAt" = now() - interval '1 minute' where "userId" = $1`, [
      userId,
    ]);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => get(direct(i % 2), '/api/v1/me/profile').then((res) => res.status)),
    );
    expect(answers).toEqual(Array<number>(12).fill(200));
    const refreshes = (await sandbox.calls(TOKEN_PATH, 'POST')).length;
    expect(refreshes).toBe(1);
  });

  it('runs the scheduled refresh once across both instances: a link about to expire is refreshed by one of them', async () => {
    await sandbox.send('DELETE', '/requests');
    const [before] = await sql(`select "lastRefreshedAt" from "KrogerLink" where "userId" = $1`, [jordan.userId]);
    // Due for the job: in use today, its access token expiring within five minutes.
    await sql(
      `update "KrogerLink" set "accessTokenExpiresAt" = now() + interval '2 minutes', "lastUsedAt" = now() where "userId" = $1`,
      [jordan.userId],
    );
    let after: Record<string, unknown> | undefined;
    for (let i = 0; i < 100; i += 1) {
      [after] = await sql(`select "lastRefreshedAt", "accessTokenExpiresAt" from "KrogerLink" where "userId" = $1`, [
        jordan.userId,
      ]);
      if (String(after.lastRefreshedAt) !== String(before.lastRefreshedAt)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(String(after!.lastRefreshedAt)).not.toBe(String(before.lastRefreshedAt));
    // Several more sweeps on both instances find nothing due: still exactly one refresh.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await sandbox.calls(TOKEN_PATH, 'POST')).toHaveLength(1);
  });

  it('shares Kroger spend budgets: a user who spent their share through one instance is refused by the other', async () => {
    const share = await fetch(`${url}/api/v1/admin/users/${jordan.userId}/kroger-share`, {
      method: 'PUT',
      headers: { 'X-Admin-Key': TEST_ADMIN_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sharePercent: 0.05 }),
    });
    expect(share.status).toBe(200);
    await sandbox.send('DELETE', '/requests');
    const search = (index: number) =>
      fetch(`${direct(index)}/api/v1/products?term=${encodeURIComponent(`spend ${randomUUID().slice(0, 8)}`)}`, {
        headers: bearer(jordan.token),
      }).then((res) => res.status);
    const statuses: number[] = [];
    while (statuses.length < 60 && !statuses.includes(429)) statuses.push(await search(statuses.length % 2));
    const served = statuses.filter((status) => status === 200).length;
    expect(served).toBeGreaterThanOrEqual(2);
    expect(statuses.slice(-1)).toEqual([429]);
    // Both instances now refuse, and Kroger saw exactly the calls that were served.
    expect([await search(0), await search(1)]).toEqual([429, 429]);
    expect(await sandbox.calls('/v1/products')).toHaveLength(served);
  });

  it('loses no retried request and no cart line when one instance is killed (SIGKILL)', async () => {
    const term = `kill ${randomUUID().slice(0, 8)}`;
    await get(url, `/api/v1/products?term=${encodeURIComponent(term)}&limit=5`);
    await sandbox.send('DELETE', '/requests');
    const keys: string[] = [];
    const writes: number[] = [];
    const reads: number[] = [];
    const one = async (i: number) => {
      if (i % 5 === 0) {
        const key = `scale-${randomUUID()}`;
        keys.push(key);
        const res = await fetch(`${url}/api/v1/cart/items`, {
          method: 'POST',
          headers: { ...bearer(token), 'Content-Type': 'application/json', 'Idempotency-Key': key },
          body: JSON.stringify({ items: [{ upc: ORANGES, quantity: 1, modality: 'PICKUP' }] }),
        });
        writes.push(res.status);
      } else reads.push((await get(url, `/api/v1/products?term=${encodeURIComponent(term)}&limit=5`)).status);
    };
    let sent = 0;
    const worker = async () => {
      while (sent < 100) {
        const i = sent++;
        if (i === 40) instances[1].child.kill('SIGKILL');
        await one(i);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    await instances[1].exited;
    // Reads all answered; a write cut off mid-flight on the killed instance is never done twice: its
    // retry answers 409 idempotency.in_progress until the cart recovery job settles it (UNKNOWN).
    expect(reads.filter((status) => status !== 200)).toEqual([]);
    expect(writes.filter((status) => status !== 201 && status !== 409)).toEqual([]);
    expect(writes.filter((status) => status === 409).length).toBeLessThanOrEqual(4);
    expect(balancer.stats.failed).toBe(0);
    expect(balancer.stats.retried).toBeGreaterThan(0);

    // Kroger got each add at most once. The ledger records a line (SENT) before Kroger is called, so it
    // holds every add Kroger got; lines the killed instance left SENT (behind the 409s) are what the
    // recovery job marks UNKNOWN; every add a client saw succeed is ACCEPTED.
    const adds = (await sandbox.calls('/v1/cart/add')).length;
    const interrupted = writes.filter((status) => status === 409).length;
    expect(adds).toBeLessThanOrEqual(keys.length);
    const cart = (await (await get(url, '/api/v1/cart')).json()) as {
      items: { upc: string; quantity: number; status: string }[];
    };
    const lines = cart.items.filter((item) => item.upc === ORANGES);
    const quantity = (status?: string) =>
      lines.filter((line) => !status || line.status === status).reduce((sum, line) => sum + line.quantity, 0);
    // Every add a client saw succeed is ACCEPTED; so may be one whose instance died after Kroger
    // accepted it and before its answer was stored (its retry hears 409 until recovery settles the key).
    const succeeded = writes.filter((status) => status === 201).length;
    expect(quantity('ACCEPTED')).toBeGreaterThanOrEqual(succeeded);
    expect(quantity('ACCEPTED')).toBeLessThanOrEqual(succeeded + interrupted);
    // A write killed before its ledger line was written has none (and Kroger never got it).
    expect(quantity() - quantity('ACCEPTED')).toBeLessThanOrEqual(interrupted);
    expect(adds).toBeGreaterThanOrEqual(quantity('ACCEPTED'));
    expect(adds).toBeLessThanOrEqual(quantity());
  });
});
