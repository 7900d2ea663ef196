/**
 * Attacks where the spend budget meets the other defences (found by reviewing the merged parts
 * together): an idempotency key must not freeze a budget refusal, an operator's share must reach
 * the user's credentials, and a revoked token must stop counting as its user at once.
 */
import request from 'supertest';
import { bearer, linkAccount } from '../support/accounts';
import { TEST_ADMIN_KEY, TestApp, TestDatabase } from '../support/test-app';
import { RETURN_TO, startLinkableApp } from '../support/shoppers';

const admin = { 'X-Admin-Key': TEST_ADMIN_KEY };
const item = { items: [{ productId: '0001111041700', quantity: 1, modality: 'PICKUP' }] };

describe('Spend budgets together with idempotency, shares and revocation (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let accessToken: string;
  let userId: string;

  beforeAll(async () => {
    ({ database, service } = await startLinkableApp({
      // 5% of 40 cart writes: two adds per user; the client share stays at its default.
      KROGER_QUOTA_LIMITS: 'cart=40',
      KROGER_USER_SHARE_PERCENT: '5',
    }));
    ({ accessToken } = await linkAccount(service.url, { returnTo: RETURN_TO }));
    userId = (await request(service.url).get('/api/v1/me').set(bearer(accessToken)).expect(200)).body.userId;
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  const add = (key: string) =>
    request(service.url).post('/api/v1/cart/items').set(bearer(accessToken)).set('Idempotency-Key', key).send(item);

  it('retries a key refused by the budget once an operator raised the share, instead of replaying the 429', async () => {
    await add('spend-key-1').expect(201);
    await add('spend-key-2').expect(201);
    const refused = await add('spend-key-3').expect(429);
    expect(refused.body.code).toBe('quota.user_exhausted');

    await request(service.url)
      .put(`/api/v1/admin/users/${userId}/kroger-share`)
      .set(admin)
      .send({ sharePercent: 100 })
      .expect(200);
    const retried = await add('spend-key-3').expect(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('charges nothing to a user for calls made with their token after it was revoked', async () => {
    const { accessToken: token } = await linkAccount(service.url, {
      returnTo: RETURN_TO,
      email: 'jordan@example.com',
    });
    const owner = (await request(service.url).get('/api/v1/me').set(bearer(token)).expect(200)).body.userId;
    const used = async () =>
      (await request(service.url).get(`/api/v1/admin/users/${owner}/kroger-spend`).set(admin).expect(200)).body
        .endpoints as { endpoint: string; used: number }[];

    await request(service.url).get('/api/v1/locations?zipCode=45202').set(bearer(token)).expect(200);
    const before = (await used()).find((e) => e.endpoint === 'locations')?.used;
    expect(before).toBe(1);
    await request(service.url).post('/api/v1/auth/logout').set(bearer(token)).send({}).expect(204);
    // Store search needs no sign-in: the revoked token now counts as its address, not its user.
    await request(service.url).get('/api/v1/locations?zipCode=45240').set(bearer(token)).expect(200);
    expect((await used()).find((e) => e.endpoint === 'locations')?.used).toBe(1);
  });
});
