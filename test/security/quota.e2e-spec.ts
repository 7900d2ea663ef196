/**
 * Attacks on the fair sharing of Kroger's daily quotas and on the rate limits. Each test is an
 * attack a hostile client can make; each failed before per-user spend budgets and per-client rate
 * limits existed.
 *
 * Small numbers stand in for Kroger's: the products limit is 200 calls, 10% is kept in reserve, and
 * a user (or an anonymous address) may take 10% of what the others left: the first user 18 calls
 * (10% of 180), the next one 16 (10% of 180 - 18). The sandbox itself refuses products calls after
 * 60, as Kroger would, so an unlimited attacker starves everyone else.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { KrogerEnvironmentInfo } from '../../src/kroger/kroger-environment';
import { bearer, linkAccount } from '../support/accounts';
import { SandboxControl } from '../support/sandbox-control';
import { baseEnv, Env, startApp, TestApp, TestDatabase } from '../support/test-app';
import { describeWithPostgres, useRealPostgres } from '../support/real-postgres';

const RETURN_TO = 'https://app.example.com/kroger/done';
const SHARES: Env = {
  ALLOWED_RETURN_URLS: RETURN_TO,
  JOBS_ENABLED: 'false',
  KROGER_QUOTA_LIMITS: 'products=200',
  KROGER_RESERVE_PERCENT: '10',
  KROGER_USER_SHARE_PERCENT: '10',
  KROGER_CLIENT_SHARE_PERCENT: '10',
  KROGER_ANONYMOUS_SHARE_PERCENT: '10',
  KROGER_ANONYMOUS_POOL_PERCENT: '50',
};
/** 10% of (200 - 10% reserve): what one user may cause when alone. */
const FIRST_SHARE = 18;
/** 10% of (180 - 18): what the next user may still cause. */
const NEXT_SHARE = 16;

/** One service on its own database, and the sandbox it talks to. */
async function scenario(env: Env = {}) {
  const database = await TestDatabase.create();
  const service = await startApp(baseEnv(database, { ...SHARES, ...env }));
  const sandbox = new SandboxControl(service.app.get(KrogerEnvironmentInfo).describe().baseUrl);
  await sandbox.send('PUT', '/quotas', { limits: { products: 60 }, reset: true });
  return {
    service,
    sandbox,
    productCalls: async () => (await sandbox.calls('/v1/products', 'GET')).length,
    close: async () => {
      await service.close();
      await database.drop();
    },
  };
}

async function personalToken(url: string, email: string): Promise<string> {
  const { accessToken } = await linkAccount(url, { email, returnTo: RETURN_TO });
  const res = await request(url)
    .post('/api/v1/me/tokens')
    .set(bearer(accessToken))
    .send({ name: 'assistant', scopes: ['read'] })
    .expect(201);
  return res.body.token as string;
}

const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

/** POSTs JSON-RPC messages to /mcp in one HTTP request, as a batch. */
async function mcpBatch(url: string, token: string, terms: string[]) {
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      ...bearer(token),
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': '2025-03-26',
    },
    body: JSON.stringify(
      terms.map((term, i) => ({
        jsonrpc: '2.0',
        id: i + 1,
        method: 'tools/call',
        params: { name: 'search_products', arguments: { term } },
      })),
    ),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const search = (url: string, term: string, headers: Record<string, string> = {}) =>
  request(url).get('/api/v1/products').query({ term, limit: 5 }).set(headers);

describe('Attack: one user spends the whole daily Kroger quota through MCP batches', () => {
  let s: Awaited<ReturnType<typeof scenario>>;
  let attacker: string;
  let victim: string;
  beforeAll(async () => {
    s = await scenario();
    attacker = await personalToken(s.service.url, 'shopper@example.com');
    victim = (await linkAccount(s.service.url, { email: 'pat@example.com', returnTo: RETURN_TO })).accessToken;
  });
  afterAll(() => s?.close());

  it('refuses a batch of 100 tool calls whole, before any Kroger call', async () => {
    await s.sandbox.send('DELETE', '/requests');
    const terms = Array.from({ length: 100 }, () => unique('batch'));
    const { status, body } = await mcpBatch(s.service.url, attacker, terms);
    expect(status).toBe(400);
    expect(body).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 } });
    expect(await s.productCalls()).toBe(0);
  });

  it('stops the attacker at their share, says so in words, and another user keeps getting cache misses answered', async () => {
    await s.sandbox.send('DELETE', '/requests');
    const texts: string[] = [];
    for (let batch = 0; batch < 10; batch += 1) {
      const { status, body } = await mcpBatch(
        s.service.url,
        attacker,
        Array.from({ length: 10 }, () => unique('mcp')),
      );
      expect(status).toBe(200);
      for (const answer of body) texts.push(answer.result.isError ? answer.result.content[0].text : 'ok');
    }
    expect(texts.filter((t) => t === 'ok')).toHaveLength(FIRST_SHARE);
    expect(await s.productCalls()).toBe(FIRST_SHARE);
    const refusal = texts.find((t) => t !== 'ok')!;
    expect(refusal).toMatch(/share of today's Kroger products calls/);
    expect(refusal).toMatch(/renews in about \d+ h/);

    // Another user's searches still reach Kroger (misses, not cache hits) and answer 200.
    for (let i = 0; i < 3; i += 1) await search(s.service.url, unique('victim'), bearer(victim)).expect(200);
    expect(await s.productCalls()).toBe(FIRST_SHARE + 3);
  });
});

describe('Attack: one user spends the quota over REST with unique search terms', () => {
  let s: Awaited<ReturnType<typeof scenario>>;
  let attacker: string;
  let victim: string;
  beforeAll(async () => {
    s = await scenario();
    attacker = (await linkAccount(s.service.url, { email: 'riley@example.com', returnTo: RETURN_TO })).accessToken;
    victim = (await linkAccount(s.service.url, { email: 'jordan@example.com', returnTo: RETURN_TO })).accessToken;
  });
  afterAll(() => s?.close());

  it('answers 429 quota.user_exhausted with Retry-After once the share is spent; cached answers stay free', async () => {
    const statuses: number[] = [];
    const terms: string[] = [];
    let refusal: request.Response | undefined;
    for (let i = 0; i < 25; i += 1) {
      terms.push(unique('rest'));
      const res = await search(s.service.url, terms[i], bearer(attacker));
      statuses.push(res.status);
      if (res.status !== 200) refusal ??= res;
    }
    expect(statuses.filter((st) => st === 200)).toHaveLength(FIRST_SHARE);
    expect(statuses.slice(FIRST_SHARE)).toEqual(Array(25 - FIRST_SHARE).fill(429));
    expect(refusal!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refusal!.body.code).toBe('quota.user_exhausted');
    const retryAfter = Number(refusal!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(23 * 3600);
    expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
    expect(await s.productCalls()).toBe(FIRST_SHARE);

    // What was already fetched is still served, and costs nothing.
    await search(s.service.url, terms[0], bearer(attacker)).expect(200);
    expect(await s.productCalls()).toBe(FIRST_SHARE);
  });

  it('leaves the next user their share of what is left: 200 on every cache miss until then', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < NEXT_SHARE + 2; i += 1)
      statuses.push((await search(s.service.url, unique('victim'), bearer(victim))).status);
    expect(statuses.slice(0, NEXT_SHARE)).toEqual(Array(NEXT_SHARE).fill(200));
    expect(statuses.slice(NEXT_SHARE)).toEqual([429, 429]);
  });
});

describe('Attack: a client-chosen X-Forwarded-For and spreading over routes', () => {
  const spoofed = () => ({ 'X-Forwarded-For': `203.0.113.${Math.floor(Math.random() * 250) + 1}` });

  it('does not reset the rate limit with a new X-Forwarded-For on every request', async () => {
    const s = await scenario({ THROTTLE_LIMIT: '8', THROTTLE_TTL_SECONDS: '60' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i += 1)
        statuses.push((await request(s.service.url).get('/api/v1/chains').set(spoofed())).status);
      expect(statuses.slice(0, 8)).toEqual(Array(8).fill(200));
      expect(statuses.slice(8)).toEqual([429, 429]);
    } finally {
      await s.close();
    }
  });

  it('does not reset an anonymous address`s Kroger share with a new X-Forwarded-For', async () => {
    const s = await scenario();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < FIRST_SHARE + 4; i += 1)
        statuses.push((await search(s.service.url, unique('anon'), spoofed())).status);
      expect(statuses.filter((st) => st === 200)).toHaveLength(FIRST_SHARE);
      expect(statuses.slice(FIRST_SHARE)).toEqual([429, 429, 429, 429]);
      expect(await s.productCalls()).toBe(FIRST_SHARE);
    } finally {
      await s.close();
    }
  });

  it('counts one rate limit per user across all routes, not one per route', async () => {
    const s = await scenario({ THROTTLE_LIMIT: '8', THROTTLE_TTL_SECONDS: '60' });
    try {
      const { accessToken } = await linkAccount(s.service.url, { returnTo: RETURN_TO });
      const routes = ['/api/v1/chains', '/api/v1/departments', '/api/v1/me', '/api/v1/chains'];
      const statuses: number[] = [];
      for (let i = 0; i < 10; i += 1)
        statuses.push(
          (
            await request(s.service.url)
              .get(routes[i % routes.length])
              .set(bearer(accessToken))
          ).status,
        );
      expect(statuses.slice(0, 8)).toEqual(Array(8).fill(200));
      expect(statuses.slice(8)).toEqual([429, 429]);
    } finally {
      await s.close();
    }
  });

  it('limits an expensive route tighter than the rest, per client', async () => {
    const s = await scenario({ THROTTLE_EXPENSIVE_LIMIT: '3' });
    try {
      const { accessToken } = await linkAccount(s.service.url, { returnTo: RETURN_TO });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await search(s.service.url, 'milk', bearer(accessToken))).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      // Cheap routes are not held back by it.
      await request(s.service.url).get('/api/v1/chains').set(bearer(accessToken)).expect(200);
    } finally {
      await s.close();
    }
  });
});

describeWithPostgres('Attack: spreading the spend over two instances (PostgreSQL)', () => {
  let releasePostgres: () => void = () => undefined;
  let database: TestDatabase;
  let first: TestApp;
  let second: TestApp;
  let sandbox: SandboxControl;

  beforeAll(async () => {
    releasePostgres = await useRealPostgres();
    database = await TestDatabase.create();
    first = await startApp(baseEnv(database, SHARES));
    // The second instance talks to the first one's sandbox, as two instances share one Kroger.
    const krogerUrl = first.app.get(KrogerEnvironmentInfo).describe().baseUrl;
    second = await startApp(baseEnv(database, { ...SHARES, KROGER_ENV: 'sandbox', KROGER_BASE_URL: krogerUrl }));
    sandbox = new SandboxControl(krogerUrl);
    await sandbox.send('PUT', '/quotas', { limits: { products: 60 }, reset: true });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await database?.drop();
    releasePostgres();
  });

  it('shares one user`s spend across both instances, even for concurrent requests', async () => {
    const { accessToken } = await linkAccount(first.url, { returnTo: RETURN_TO });
    await sandbox.send('DELETE', '/requests');
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        search((i % 2 ? first : second).url, unique('two'), bearer(accessToken)).then((res) => res.status),
      ),
    );
    expect(statuses.filter((st) => st === 200)).toHaveLength(FIRST_SHARE);
    expect(statuses.filter((st) => st === 429)).toHaveLength(30 - FIRST_SHARE);
    expect(await sandbox.calls('/v1/products', 'GET')).toHaveLength(FIRST_SHARE);
  });
});
