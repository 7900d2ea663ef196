import { KrogerClient } from '../src/kroger/kroger-client';
import { KrogerEnvironmentInfo } from '../src/kroger/kroger-environment';
import { KrogerError } from '../src/kroger/kroger-error';
import { KrogerBreakers } from '../src/kroger/circuit-breaker';
import { QuotaLedger } from '../src/kroger/quota-ledger';
import { PrismaService } from '../src/database/prisma.service';
import { SandboxControl } from './support/sandbox-control';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a KrogerError');
    },
    (error: unknown) => {
      if (!(error instanceof KrogerError)) throw error;
      return error;
    },
  );

describe('Kroger gateway against the sandbox (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let kroger: KrogerClient;
  let sandbox: SandboxControl;

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(
      baseEnv(database, {
        KROGER_TIMEOUT_MS: '400',
        KROGER_RETRY_ATTEMPTS: '3',
        KROGER_RETRY_BUDGET_MS: '3000',
        KROGER_BREAKER_THRESHOLD: '3',
        KROGER_BREAKER_COOLDOWN_SECONDS: '1',
      }),
    );
    kroger = service.app.get(KrogerClient);
    sandbox = new SandboxControl(service.app.get(KrogerEnvironmentInfo).describe().baseUrl);
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await sandbox.reset();
    // Let any breaker opened by an earlier test cool down.
    await new Promise((resolve) => setTimeout(resolve, 1100));
  });

  it('coalesces identical concurrent searches into one products call and one token call', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        kroger.searchProducts({ term: 'peanut butter', locationId: '01400943', limit: 10 }),
      ),
    );
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0].items[0].price?.regular).toBeGreaterThan(0);
    expect(await sandbox.calls('/v1/products')).toHaveLength(1);
    expect((await sandbox.calls('/v1/connect/oauth2/token')).length).toBeLessThanOrEqual(1);
    // Served from cache afterwards.
    await kroger.searchProducts({ limit: 10, locationId: '01400943', term: 'peanut butter' });
    expect(await sandbox.calls('/v1/products')).toHaveLength(1);
  });

  it('batches concurrent by-id lookups into calls of at most 50 ids', async () => {
    const page = await kroger.searchProducts({ term: 'chips', limit: 50 });
    const more = await kroger.searchProducts({ term: 'cereal', limit: 50 });
    const ids = [...page.items, ...more.items].map((p) => p.productId).slice(0, 90);
    await sandbox.send('DELETE', '/requests');
    const found = await Promise.all(ids.map((id) => kroger.getProductsByIds([id])));
    expect(
      found
        .flat()
        .map((p) => p.productId)
        .sort(),
    ).toEqual([...ids].sort());
    const calls = await sandbox.calls('/v1/products');
    expect(calls.length).toBe(2);
    expect(calls.every((c) => c.query['filter.productId'].split(',').length <= 50)).toBe(true);
  });

  it('retries reads through a 5xx storm, then opens the breaker and fails fast', async () => {
    await sandbox.faults([{ path: '/v1/products', status: 500, rate: 1 }]);
    const first = await failureOf(kroger.searchProducts({ term: 'bread', limit: 5 }));
    expect(first.code).toBe('kroger.unavailable');
    expect(first.options.upstream).toMatchObject({ status: 500 });
    expect(await sandbox.calls('/v1/products')).toHaveLength(3);

    const paused = await failureOf(kroger.searchProducts({ term: 'eggs', limit: 5 }));
    expect(paused.code).toBe('kroger.circuit_open');
    expect(paused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await sandbox.calls('/v1/products')).toHaveLength(3);

    // After the cooldown one probe goes through; Kroger is healthy again, so the breaker closes.
    await sandbox.send('DELETE', '/faults');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await kroger.searchProducts({ term: 'eggs', limit: 5 })).items.length).toBeGreaterThan(0);
    expect(service.app.get(KrogerBreakers).of('products').snapshot().state).toBe('closed');
  });

  it('retries a dropped connection and a response slower than the timeout', async () => {
    await sandbox.faults([
      { path: '/v1/locations', drop: 'before', count: 1 },
      { path: '/v1/chains', delayMs: 1000, count: 1 },
    ]);
    expect((await kroger.searchLocations({ zipCode: '45202', limit: 5 })).length).toBeGreaterThan(0);
    expect((await kroger.listChains()).map((c) => c.name)).toContain('KROGER');
    const locationCalls = await sandbox.calls('/v1/locations');
    // (A 401 first is the sandbox reset invalidating our cached application token.)
    expect(locationCalls.map((c) => c.status).filter((status) => status !== 401)).toEqual([null, 200]);
    expect((await sandbox.calls('/v1/chains')).filter((c) => c.status !== 401)).toHaveLength(2);
  });

  it('stops calling an API after a 429 until Retry-After, without retrying', async () => {
    await sandbox.faults([{ path: '/v1/departments', status: 429, retryAfter: 60, count: 1 }]);
    const refused = await failureOf(kroger.listDepartments());
    expect(refused.code).toBe('kroger.quota_exhausted');
    expect(refused.retryAfterSeconds).toBe(60);
    const again = await failureOf(kroger.getDepartment('09'));
    expect(again.code).toBe('kroger.quota_exhausted');
    expect(await sandbox.calls('/v1/departments')).toHaveLength(1);
    // Other endpoints keep their own budget.
    expect((await kroger.listChains()).length).toBeGreaterThan(5);
    const budget = service.app
      .get(QuotaLedger)
      .budgets()
      .find((b) => b.endpoint === 'departments');
    expect(budget?.exhaustedUntil).not.toBeNull();
  });

  it('never retries a write whose outcome is unknown', async () => {
    const auth = await customerAuth();
    await sandbox.faults([{ path: '/v1/cart/add', drop: 'after', count: 1 }]);
    const unknown = await failureOf(
      kroger.addToCart(auth, [{ upc: '0001111041700', quantity: 2, modality: 'PICKUP' }]),
    );
    expect(unknown.code).toBe('kroger.outcome_unknown');
    expect(unknown.status).toBe(502);
    const adds = await sandbox.calls('/v1/cart/add');
    expect(adds).toHaveLength(1);
    expect(adds[0].status).toBeNull();
  });

  it('gets a new application token when Kroger refuses an expired one', async () => {
    await kroger.listChains();
    await sandbox.advanceClock(1801);
    await sandbox.send('DELETE', '/requests');
    expect(await kroger.searchLocations({ zipCode: '43215', limit: 3 })).toHaveLength(3);
    const calls = await sandbox.calls();
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'GET /v1/locations 401',
      'POST /v1/connect/oauth2/token 200',
      'GET /v1/locations 200',
    ]);
  });

  it('starts no quota window without a call: looking at a budget writes nothing', async () => {
    const prisma = service.app.get(PrismaService);
    const ledger = service.app.get(QuotaLedger);
    // Nothing in this file calls the identity API; reads check budgets before any call.
    expect(ledger.isLow('identity')).toBe(false);
    await ledger.flush();
    expect(
      await prisma.quotaUsage.findUnique({ where: { api_endpoint: { api: 'identity', endpoint: 'identity' } } }),
    ).toBeNull();
  });

  it('counts every upstream call in the quota ledger in Postgres', async () => {
    const ledger = service.app.get(QuotaLedger);
    await ledger.flush();
    const before =
      (
        await service.app
          .get(PrismaService)
          .quotaUsage.findUnique({ where: { api_endpoint: { api: 'products', endpoint: 'products' } } })
      )?.count ?? 0;
    await kroger.searchProducts({ term: 'salsa', limit: 3 });
    await kroger.searchProducts({ term: 'ketchup', limit: 3 });
    await ledger.flush();
    const row = await service.app
      .get(PrismaService)
      .quotaUsage.findUnique({ where: { api_endpoint: { api: 'products', endpoint: 'products' } } });
    expect(row!.count - before).toBe((await sandbox.calls('/v1/products')).length);
    expect(row!.windowEnd.getTime() - row!.windowStart.getTime()).toBe(24 * 3600 * 1000);
  });

  async function customerAuth() {
    const { code, verifier } = await sandbox.login({
      clientId: 'sandbox-public-app',
      redirectUri: service.config.kroger.redirectUri,
      scope: 'cart.basic:write profile.compact',
    });
    const tokens = await kroger.exchangeAuthorizationCode(code, verifier);
    expect(tokens.scopes).toEqual(['cart.basic:write', 'profile.compact']);
    return { kind: 'user' as const, accessToken: () => Promise.resolve(tokens.accessToken) };
  }
});
