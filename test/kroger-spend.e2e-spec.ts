import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bearer, linkAccount } from './support/accounts';
import { baseEnv, startApp, TEST_ADMIN_KEY, TestApp, TestDatabase } from './support/test-app';
import { RETURN_TO, startLinkableApp } from './support/shoppers';

const admin = { 'X-Admin-Key': TEST_ADMIN_KEY };
const search = (url: string, token: string) =>
  request(url)
    .get('/api/v1/products')
    .query({ term: `spend ${randomUUID().slice(0, 8)}`, limit: 5 })
    .set(bearer(token));

describe('Kroger spend for operators (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let token: string;
  let userId: string;

  beforeAll(async () => {
    ({ database, service } = await startLinkableApp({
      KROGER_QUOTA_LIMITS: 'products=100',
      KROGER_RESERVE_PERCENT: '0',
      KROGER_USER_SHARE_PERCENT: '5',
      KROGER_CLIENT_SHARE_PERCENT: '100',
    }));
    token = (await linkAccount(service.url, { returnTo: RETURN_TO })).accessToken;
    userId = (await request(service.url).get('/api/v1/me').set(bearer(token)).expect(200)).body.userId;
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('shows a user`s spend per endpoint and per client, and lists the biggest spenders', async () => {
    for (let i = 0; i < 3; i += 1) await search(service.url, token).expect(200);
    const spend = (await request(service.url).get(`/api/v1/admin/users/${userId}/kroger-spend`).set(admin).expect(200))
      .body;
    expect(spend).toMatchObject({ userId, sharePercent: 5, shareOverridden: false });
    expect(spend.endpoints).toEqual([{ endpoint: 'products', used: 3, allowance: 5, windowEnd: expect.any(String) }]);
    expect(spend.clients).toEqual([
      { client: expect.stringMatching(/^session:/), endpoint: 'products', used: 3, windowEnd: expect.any(String) },
    ]);
    const top = (await request(service.url).get('/api/v1/admin/kroger-spend').set(admin).expect(200)).body;
    expect(top.data).toContainEqual({
      userId,
      endpoint: 'products',
      used: 3,
      allowance: 5,
      windowEnd: expect.any(String),
    });
  });

  it('lets an operator raise a user`s share (audited), and reset it', async () => {
    await search(service.url, token).expect(200);
    await search(service.url, token).expect(200);
    await search(service.url, token).expect(429);

    const raised = await request(service.url)
      .put(`/api/v1/admin/users/${userId}/kroger-share`)
      .set(admin)
      .send({ sharePercent: 10 })
      .expect(200);
    expect(raised.body).toMatchObject({ sharePercent: 10, shareOverridden: true });
    await search(service.url, token).expect(200);
    const events = await request(service.url)
      .get('/api/v1/admin/audit-events')
      .query({ type: 'kroger_share.changed', userId })
      .set(admin)
      .expect(200);
    expect(events.body.data[0].detail).toEqual({ fromPercent: null, toPercent: 10 });

    const reset = await request(service.url)
      .delete(`/api/v1/admin/users/${userId}/kroger-share`)
      .set(admin)
      .expect(200);
    expect(reset.body).toMatchObject({ sharePercent: 5, shareOverridden: false });
    await search(service.url, token).expect(429);
  });

  it('refuses shares out of range and users that do not exist', async () => {
    for (const sharePercent of [0, 101, 2.555, '10'])
      await request(service.url)
        .put(`/api/v1/admin/users/${userId}/kroger-share`)
        .set(admin)
        .send({ sharePercent })
        .expect(400);
    const missing = await request(service.url)
      .put(`/api/v1/admin/users/${randomUUID()}/kroger-share`)
      .set(admin)
      .send({ sharePercent: 10 })
      .expect(404);
    expect(missing.body.code).toBe('user.not_found');
    await request(service.url).get(`/api/v1/admin/users/${userId}/kroger-spend`).expect(401);
  });
});

describe('Behind a trusted proxy (e2e)', () => {
  it('counts each client the proxy names apart', async () => {
    const database = await TestDatabase.create();
    const service = await startApp(
      baseEnv(database, { TRUST_PROXY: 'loopback', THROTTLE_LIMIT: '3', THROTTLE_TTL_SECONDS: '60' }),
    );
    try {
      const from = (address: string) => request(service.url).get('/api/v1/chains').set('X-Forwarded-For', address);
      for (let i = 0; i < 3; i += 1) await from('198.51.100.1').expect(200);
      await from('198.51.100.1').expect(429);
      await from('198.51.100.2').expect(200);
    } finally {
      await service.close();
      await database.drop();
    }
  });
});
