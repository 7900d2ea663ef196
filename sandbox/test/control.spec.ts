import http from 'node:http';
import { DEFAULT_CUSTOMERS } from '../registry';
import { startSandbox, RunningSandbox } from '../sandbox';
import { appToken, call, control, customerTokens, PUBLIC } from './support';

/** A raw request, so dropped connections show up as socket errors rather than retries. */
function rawRequest(
  sandbox: RunningSandbox,
  path: string,
  token: string,
  method = 'GET',
  body?: string,
): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      `${sandbox.baseUrl}${path}`,
      {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Connection: 'close' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body);
  });
}

describe('sandbox control surface', () => {
  let sandbox: RunningSandbox;
  let token: string;
  beforeAll(async () => (sandbox = await startSandbox()));
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await control(sandbox, 'POST', '/reset');
    token = await appToken(sandbox);
  });

  describe('quotas', () => {
    it('answers 429 with Retry-After once a daily quota is spent, until 24 h after its first call', async () => {
      await control(sandbox, 'PUT', '/quotas', { limits: { products: 2 }, reset: true });
      expect((await call(sandbox, token, '/v1/products?filter.term=milk')).status).toBe(200);
      expect((await call(sandbox, token, '/v1/products/0001111041700')).status).toBe(200);
      const exhausted = await call(sandbox, token, '/v1/products?filter.term=milk');
      expect(exhausted.status).toBe(429);
      expect(Number(exhausted.headers.get('retry-after'))).toBeGreaterThan(86_000);
      expect(exhausted.body).toEqual({
        errors: {
          timestamp: expect.any(Number),
          code: 'PRODUCT-4290-429',
          reason: expect.stringContaining('simulated'),
        },
      });
      // Other APIs keep their own budgets.
      expect((await call(sandbox, token, '/v1/chains')).status).toBe(200);
      expect((await control(sandbox, 'GET', '/quotas')).body!.products).toMatchObject({ limit: 2, used: 2 });

      await control(sandbox, 'POST', '/clock', { advanceSeconds: 24 * 3600 });
      const fresh = await appToken(sandbox);
      expect((await call(sandbox, fresh, '/v1/products?filter.term=milk')).status).toBe(200);
    });

    it('counts each Locations endpoint separately', async () => {
      await control(sandbox, 'PUT', '/quotas', { limits: { locations: 1, chains: 1 }, reset: true });
      expect((await call(sandbox, token, '/v1/locations/01400943')).status).toBe(200);
      expect((await call(sandbox, token, '/v1/locations/01400943', { method: 'HEAD' })).status).toBe(429);
      expect((await call(sandbox, token, '/v1/chains')).status).toBe(200);
      expect((await call(sandbox, token, '/v1/departments')).status).toBe(200);
    });

    it('is reset by POST /reset', async () => {
      await control(sandbox, 'PUT', '/quotas', { limits: { products: 0 } });
      expect((await call(sandbox, token, '/v1/products?filter.term=milk')).status).toBe(429);
      await control(sandbox, 'POST', '/reset');
      const fresh = await appToken(sandbox);
      expect((await call(sandbox, fresh, '/v1/products?filter.term=milk')).status).toBe(200);
    });
  });

  describe('faults', () => {
    it('injects a status for the next N matching requests, with Retry-After', async () => {
      await control(sandbox, 'PUT', '/faults', {
        rules: [{ path: '/v1/products', status: 503, count: 2, retryAfter: 7 }],
      });
      const first = await call(sandbox, token, '/v1/products?filter.term=milk');
      expect(first.status).toBe(503);
      expect(first.headers.get('retry-after')).toBe('7');
      expect((await call(sandbox, token, '/v1/products?filter.term=milk')).status).toBe(503);
      expect((await call(sandbox, token, '/v1/products?filter.term=milk')).status).toBe(200);
      expect((await call(sandbox, token, '/v1/chains')).status).toBe(200);
    });

    it('injects at a rate, matching a method and a regular expression', async () => {
      await control(sandbox, 'PUT', '/faults', {
        rules: [{ method: 'GET', path: '^/v1/products/\\d+$', status: 500, rate: 0.5 }],
      });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i += 1) statuses.push((await call(sandbox, token, '/v1/products/0001111041700')).status);
      const failures = statuses.filter((s) => s === 500).length;
      expect(failures).toBeGreaterThan(8);
      expect(failures).toBeLessThan(32);
      expect((await call(sandbox, token, '/v1/products?filter.term=milk')).status).toBe(200);
    });

    it('delays responses', async () => {
      await control(sandbox, 'PUT', '/faults', { rules: [{ path: '/v1/chains', delayMs: 300, count: 1 }] });
      const started = Date.now();
      expect((await call(sandbox, token, '/v1/chains')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('drops the connection before reading the request: nothing happens', async () => {
      const { accessToken } = await customerTokens(sandbox, PUBLIC, 'cart.basic:write');
      await control(sandbox, 'PUT', '/faults', { rules: [{ path: '/v1/cart/add', drop: 'before', count: 1 }] });
      const res = await rawRequest(
        sandbox,
        '/v1/cart/add',
        accessToken,
        'PUT',
        JSON.stringify({ items: [{ upc: '0001111041700', quantity: 1 }] }),
      );
      expect(res.error).toMatch(/ECONNRESET|socket hang up/);
      expect(sandbox.context.carts.get('shopper@example.com')).toBeUndefined();
    });

    it('drops the connection after handling the request: the add happened, the caller cannot know', async () => {
      const { accessToken } = await customerTokens(sandbox, PUBLIC, 'cart.basic:write');
      await control(sandbox, 'PUT', '/faults', { rules: [{ path: '/v1/cart/add', drop: 'after', count: 1 }] });
      const res = await rawRequest(
        sandbox,
        '/v1/cart/add',
        accessToken,
        'PUT',
        JSON.stringify({ items: [{ upc: '0001111041700', quantity: 1 }] }),
      );
      expect(res.error).toMatch(/ECONNRESET|socket hang up/);
      expect(sandbox.context.carts.get('shopper@example.com')!.items[0].quantity).toBe(1);
      const logged = (await control(sandbox, 'GET', '/requests?path=/v1/cart/add')).body!;
      expect(logged.requests[0]).toMatchObject({ method: 'PUT', status: null, customer: 'shopper@example.com' });
    });

    it('refuses malformed rules', async () => {
      const res = await control(sandbox, 'PUT', '/faults', { rules: [{ path: '/v1', rate: 2, status: 500 }] });
      expect(res.status).toBe(400);
      expect(res.body!.error).toBe('rules[0]: rate must be between 0 and 1');
    });
  });

  it('records every /v1 request with status, client and customer, and clears on demand', async () => {
    await call(sandbox, token, '/v1/products?filter.term=milk');
    await call(sandbox, token, '/v1/products?filter.term=x');
    const log = (await control(sandbox, 'GET', '/requests?path=/v1/products')).body!;
    expect(log.count).toBe(2);
    expect(log.requests[0]).toMatchObject({
      method: 'GET',
      path: '/v1/products',
      query: { 'filter.term': 'milk' },
      status: 200,
      clientId: 'sandbox-public-app',
      customer: null,
    });
    expect(log.requests[1].status).toBe(400);
    expect((await control(sandbox, 'GET', '/requests?path=/v1/connect')).body!.count).toBe(1);
    await control(sandbox, 'DELETE', '/requests');
    expect((await control(sandbox, 'GET', '/requests')).body!.count).toBe(0);
  });

  it('registers shoppers who can sign in, each a distinct customer, until the next reset', async () => {
    const added = await control(sandbox, 'POST', '/customers', { email: 'shopper42@example.com', firstName: 'Ada' });
    expect(added).toMatchObject({ status: 201, body: { email: 'shopper42@example.com', password: 'sandbox' } });
    const other = await control(sandbox, 'POST', '/customers', { email: 'shopper43@example.com' });
    expect(other.body!.profileId).not.toBe(added.body!.profileId);
    const tokens = await customerTokens(sandbox, PUBLIC, 'profile.compact', 'shopper42@example.com');
    const profile = await call(sandbox, tokens.accessToken, '/v1/identity/profile');
    expect(profile.body!.data.id).toBe(added.body!.profileId);

    expect((await control(sandbox, 'POST', '/customers', { email: 'SHOPPER42@example.com' })).status).toBe(409);
    expect((await control(sandbox, 'POST', '/customers', { email: 'shopper@example.com' })).status).toBe(409);
    const bad = await control(sandbox, 'POST', '/customers', { email: 'not an email' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'email must be an email address' } });
    expect((await control(sandbox, 'POST', '/customers', { email: 'a@b.c', lastName: '' })).status).toBe(400);

    expect((await control(sandbox, 'POST', '/customers', { email: 'a@b' })).status).toBe(400);
    expect(DEFAULT_CUSTOMERS.map((c) => c.email)).not.toContain('shopper42@example.com');

    await control(sandbox, 'POST', '/reset');
    expect((await control(sandbox, 'POST', '/customers', { email: 'Shopper42@example.com' })).body!.profileId).toBe(
      added.body!.profileId,
    );
    // The seeded shoppers outlive a reset.
    expect((await customerTokens(sandbox, PUBLIC, 'profile.compact', 'pat@example.com')).accessToken).toEqual(
      expect.any(String),
    );
  });

  it('is absent when the sandbox runs without it', async () => {
    const quiet = await startSandbox({ controlSurface: false });
    try {
      expect((await fetch(`${quiet.baseUrl}/__sandbox/requests`)).status).toBe(404);
    } finally {
      await quiet.close();
    }
  });

  it('starts the catalog index in well under 2 s', () => {
    console.log(`sandbox start-up: ${sandbox.startupMs} ms`);
    expect(sandbox.startupMs).toBeGreaterThan(0);
  });
});
