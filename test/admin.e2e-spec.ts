import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { KrogerEnvironmentInfo } from '../src/kroger/kroger-environment';
import { bearer, linkAccount } from './support/accounts';
import { SandboxControl } from './support/sandbox-control';
import { baseEnv, startApp, TEST_ADMIN_KEY, TestApp, TestDatabase } from './support/test-app';

const RETURN_TO = 'https://app.example.com/kroger/done';
const admin = { 'X-Admin-Key': TEST_ADMIN_KEY };
const TOKEN_PATH = '/v1/connect/oauth2/token';

describe('Admin API for operators (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let sandbox: SandboxControl;

  /** A user linked to one of the sandbox's seeded Kroger customers, with a new session. */
  const newUser = async (email: string) => {
    const { accessToken } = await linkAccount(service.url, { returnTo: RETURN_TO, email });
    const me = await request(service.url).get('/api/v1/me').set(bearer(accessToken)).expect(200);
    return { accessToken, userId: me.body.userId as string };
  };
  const auditOf = async (type: string, userId?: string) =>
    (
      await request(service.url)
        .get('/api/v1/admin/audit-events')
        .query({ type, ...(userId ? { userId } : {}) })
        .set(admin)
        .expect(200)
    ).body.data as { type: string; userId: string | null; detail: Record<string, unknown> }[];
  const search = (token: string, term: string) =>
    request(service.url).get('/api/v1/products').query({ term, limit: 5 }).set(bearer(token));

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(
      baseEnv(database, { ALLOWED_RETURN_URLS: RETURN_TO, JOBS_ENABLED: 'false', KROGER_BREAKER_THRESHOLD: '2' }),
    );
    sandbox = new SandboxControl(service.app.get(KrogerEnvironmentInfo).describe().baseUrl);
  });
  afterEach(() => sandbox.send('DELETE', '/faults'));
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('refuses every admin route without the key (401) and with a wrong one (403), as problem+json', async () => {
    const document = (await request(service.url).get('/docs/openapi.json').expect(200)).body;
    const routes = Object.entries(document.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap(
      ([path, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => operation.tags?.includes('admin'))
          .map(([method, operation]) => ({ method, path: path.replace(/\{[^}]+\}/g, randomUUID()), operation })),
    );
    const paths = routes.map((route) => `${route.method} ${route.path.replace(/[0-9a-f-]{36}/g, ':id')}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'get /api/v1/admin/users',
        'get /api/v1/admin/users/:id',
        'post /api/v1/admin/users/:id/kroger-link/refresh',
        'post /api/v1/admin/users/:id/revoke-access',
        'post /api/v1/admin/kroger/breakers/:id/reset',
        'get /api/v1/admin/kroger/quotas',
        'post /api/v1/admin/kroger/cache/flush',
      ]),
    );
    for (const { method, path } of routes) {
      const call = (headers: Record<string, string>) => {
        const sent = (request(service.url) as any)[method](path).set(headers) as request.Test;
        return ['post', 'put', 'patch'].includes(method) ? sent.send({}) : sent;
      };
      // HEAD answers carry no body: its status is what is checked.
      const codeOf = (res: request.Response) => (method === 'head' ? undefined : res.body.code);
      const missing = await call({});
      expect([method, path, missing.status, codeOf(missing)]).toEqual([
        method,
        path,
        401,
        method === 'head' ? undefined : 'admin.key_required',
      ]);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      const wrong = await call({ 'X-Admin-Key': 'not-the-admin-key-0000000000' });
      expect([method, path, wrong.status, codeOf(wrong)]).toEqual([
        method,
        path,
        403,
        method === 'head' ? undefined : 'admin.key_invalid',
      ]);
    }
  });

  it('pages the audit trail by cursor; a cursor that is no event id is a 400 naming cursor, not a 500', async () => {
    const first = await request(service.url).get('/api/v1/admin/audit-events?limit=1').set(admin).expect(200);
    expect(first.body.pagination.limit).toBe(1);
    for (const cursor of ['abc', '1e5', '99999999999999999999']) {
      const bad = await request(service.url).get(`/api/v1/admin/audit-events?cursor=${cursor}`).set(admin).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    }
  });

  it('finds a user by id or by Kroger profile id, with the link status', async () => {
    const { userId } = await newUser('shopper@example.com');
    const byId = (await request(service.url).get(`/api/v1/admin/users/${userId}`).set(admin).expect(200)).body;
    expect(byId).toMatchObject({
      userId,
      krogerLink: { status: 'ACTIVE', refreshFailures: 0, lastRefreshError: null, profileId: expect.any(String) },
    });
    expect(JSON.stringify(byId)).not.toMatch(/token"\s*:\s*"/i);
    const byProfile = await request(service.url)
      .get('/api/v1/admin/users')
      .query({ krogerProfileId: byId.krogerLink.profileId })
      .set(admin)
      .expect(200);
    expect(byProfile.body).toEqual({ data: [byId], pagination: { start: 0, limit: 50, total: 1 } });
    const unknown = await request(service.url).get('/api/v1/admin/users').query({ userId: randomUUID() }).set(admin);
    expect(unknown.body).toEqual({ data: [], pagination: { start: 0, limit: 50, total: 0 } });
    await request(service.url).get(`/api/v1/admin/users/${randomUUID()}`).set(admin).expect(404);
    const both = await request(service.url)
      .get('/api/v1/admin/users')
      .query({ userId, krogerProfileId: byId.krogerLink.profileId })
      .set(admin)
      .expect(400);
    expect(both.body.code).toBe('request.validation_failed');
  });

  it('forces a refresh (one token call at Kroger), shows why one failed and when it is retried, and audits it', async () => {
    const { userId } = await newUser('riley@example.com');
    const refresh = () => request(service.url).post(`/api/v1/admin/users/${userId}/kroger-link/refresh`).set(admin);
    const tokenCalls = async () => (await sandbox.calls(TOKEN_PATH)).length;

    const before = await tokenCalls();
    const done = (await refresh().expect(200)).body;
    expect(done).toMatchObject({ outcome: 'refreshed', user: { userId, krogerLink: { status: 'ACTIVE' } } });
    expect(await tokenCalls()).toBe(before + 1);

    await sandbox.faults([{ path: TOKEN_PATH, status: 503, count: 10 }]);
    const failed = (await refresh().expect(200)).body;
    expect(failed).toMatchObject({
      outcome: 'failed',
      user: {
        krogerLink: { status: 'ACTIVE', refreshFailures: 1, lastRefreshError: expect.stringMatching(/^kroger\./) },
      },
    });
    expect(new Date(failed.user.krogerLink.nextRefreshAt).getTime()).toBeGreaterThan(Date.now());
    await sandbox.send('DELETE', '/faults');

    // Kroger revokes the grant: the refresh is refused and the operator sees why.
    await sandbox.send('POST', '/grants/revoke', { email: 'riley@example.com' });
    const refused = (await refresh().expect(200)).body;
    expect(refused).toMatchObject({
      outcome: 'refused',
      user: {
        krogerLink: { status: 'REAUTH_REQUIRED', lastRefreshError: expect.stringMatching(/^kroger\.bad_request/) },
      },
    });

    const audited = await auditOf('admin.link_refresh_forced', userId);
    expect(audited.map((event) => event.detail.outcome)).toEqual(['refused', 'failed', 'refreshed']);
    await request(service.url).post(`/api/v1/admin/users/${randomUUID()}/kroger-link/refresh`).set(admin).expect(404);
  });

  it("revokes a user's sessions and personal tokens at once, leaves other users alone, and audits it", async () => {
    const { accessToken, userId } = await newUser('pat@example.com');
    const other = await newUser('jordan@example.com');
    const pat = (
      await request(service.url)
        .post('/api/v1/me/tokens')
        .set(bearer(accessToken))
        .send({ name: 'MCP desktop', scopes: ['read'] })
        .expect(201)
    ).body.token as string;
    await request(service.url).get('/api/v1/me').set(bearer(pat)).expect(200);

    const revoked = await request(service.url)
      .post(`/api/v1/admin/users/${userId}/revoke-access`)
      .set(admin)
      .expect(200);
    expect(revoked.body).toEqual({ sessions: 1, apiTokens: 1, mcpGrants: 0 });
    await request(service.url).get('/api/v1/me').set(bearer(accessToken)).expect(401);
    await request(service.url).get('/api/v1/me').set(bearer(pat)).expect(401);
    await request(service.url).get('/api/v1/me').set(bearer(other.accessToken)).expect(200);
    // The Kroger link stays: signing in again needs no new consent.
    const user = (await request(service.url).get(`/api/v1/admin/users/${userId}`).set(admin).expect(200)).body;
    expect(user.krogerLink.status).toBe('ACTIVE');
    expect((await auditOf('admin.access_revoked', userId))[0].detail).toEqual({
      sessions: 1,
      apiTokens: 1,
      mcpGrants: 0,
    });
    await request(service.url).post(`/api/v1/admin/users/${randomUUID()}/revoke-access`).set(admin).expect(404);
  });

  it('shows the quota ledger, flushes cached answers by prefix, and resets a tripped breaker (audited)', async () => {
    const { accessToken } = await newUser('shopper@example.com');
    const term = `flush ${randomUUID().slice(0, 8)}`;
    const productCalls = async () => (await sandbox.calls('/v1/products')).length;

    const calls = await productCalls();
    await search(accessToken, term).expect(200);
    await search(accessToken, term).expect(200);
    expect(await productCalls()).toBe(calls + 1);
    const quotas = (await request(service.url).get('/api/v1/admin/kroger/quotas').set(admin).expect(200)).body.data;
    expect(quotas.find((q: { endpoint: string }) => q.endpoint === 'products').used).toBeGreaterThanOrEqual(1);

    const flush = (prefix: string) =>
      request(service.url).post('/api/v1/admin/kroger/cache/flush').set(admin).send({ prefix });
    expect((await flush('locations.get?').expect(200)).body).toEqual({ deleted: 0, complete: true });
    await search(accessToken, term).expect(200);
    expect(await productCalls()).toBe(calls + 1);
    const flushed = (await flush('products.search?').expect(200)).body;
    expect(flushed).toEqual({ deleted: expect.any(Number), complete: true });
    expect(flushed.deleted).toBeGreaterThanOrEqual(1);
    await search(accessToken, term).expect(200);
    expect(await productCalls()).toBe(calls + 2);
    expect((await auditOf('admin.cache_flushed'))[0].detail).toMatchObject({ prefix: 'products.search?' });
    await flush('x').expect(400);

    // Two failures trip the products breaker: searches are refused without asking Kroger.
    await sandbox.faults([{ path: '/v1/products', status: 500 }]);
    for (let i = 0; i < 4 && (await search(accessToken, `${term} ${i}`)).status !== 503; i += 1);
    const breaker = (body: any) => body.breakers.find((b: { api: string }) => b.api === 'products');
    expect(breaker((await request(service.url).get('/api/v1/admin/kroger').set(admin)).body).state).toBe('open');
    await sandbox.send('DELETE', '/faults');
    const reset = await request(service.url)
      .post('/api/v1/admin/kroger/breakers/products/reset')
      .set(admin)
      .expect(200);
    expect(reset.body).toMatchObject({ api: 'products', state: 'closed', consecutiveFailures: 0 });
    await search(accessToken, `${term} after reset`).expect(200);
    expect((await auditOf('admin.breaker_reset'))[0].detail).toEqual({ api: 'products', from: 'open' });
    await request(service.url).post('/api/v1/admin/kroger/breakers/bogus/reset').set(admin).expect(400);
  });
});
