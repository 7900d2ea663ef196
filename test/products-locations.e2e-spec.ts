import request from 'supertest';
import { bearer, linkAccount } from './support/accounts';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

describe('Products, stores, chains and departments over REST (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(
      baseEnv(database, { ALLOWED_RETURN_URLS: 'https://app.example.com/kroger/done', JOBS_ENABLED: 'false' }),
    );
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  const api = () => request(service.url);

  it('names each invalid field and its rule', async () => {
    const res = await api()
      .get('/api/v1/products?term=mi&limit=80&locationId=123&fulfillment=teleport&ids=12')
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'fulfillment.0',
      'ids.0',
      'limit',
      'locationId',
      'term',
    ]);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'term', rule: 'minLength', message: 'term must be 3 to 100 characters' },
        { field: 'locationId', rule: 'pattern', message: 'locationId must be 8 letters or digits, e.g. 01400943' },
        {
          field: 'ids.0',
          rule: 'barcode_length',
          message:
            'ids.0 must be a PLU (4-5 digits), UPC-E (6-8), EAN-8 (8), UPC-A (11-12), EAN-13 (13) or GTIN-14 (14)',
        },
        { field: 'limit', rule: 'maximum', message: 'limit must be between 1 and 50' },
      ]),
    );
    const words = await api().get('/api/v1/products').query({ term: 'a b c d e f g h i' }).expect(400);
    expect(words.body.errors[0]).toMatchObject({ field: 'term', rule: 'maxWords' });
    const nothing = await api().get('/api/v1/products').expect(400);
    expect(nothing.body.errors.map((e: { field: string }) => e.field)).toEqual(['term', 'brand']);
    const stores = await api().get('/api/v1/locations?zipCode=4520&radiusInMiles=500').expect(400);
    expect(stores.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['radiusInMiles', 'zipCode']);
  });

  it('returns prices, aisles, stock and fulfillment at a store, and none without one', async () => {
    const atStore = await api().get('/api/v1/products?term=milk&locationId=01400943&limit=10').expect(200);
    expect(atStore.body.pagination).toMatchObject({ start: 0, limit: 10 });
    const priced = atStore.body.data.filter((p: { price?: unknown }) => p.price);
    expect(priced.length).toBeGreaterThan(5);
    expect(priced[0]).toMatchObject({
      locationId: '01400943',
      price: { regular: expect.any(Number), current: expect.any(Number) },
      aisle: { number: expect.any(String) },
    });
    expect(priced[0].productUrl).toMatch(/^https:\/\/www\.kroger\.com\/p\//);
    const anywhere = await api().get('/api/v1/products?term=milk&limit=5').expect(200);
    expect(anywhere.body.data.every((p: { price?: unknown; aisle?: unknown }) => !p.price && !p.aisle)).toBe(true);

    const ralphs = await api().get('/api/v1/products?term=milk&locationId=70300193&limit=3').expect(200);
    expect(ralphs.body.data[0].productUrl).toMatch(/^https:\/\/www\.ralphs\.com\/p\//);
    const one = await api().get('/api/v1/products/0001111041700?locationId=01400943').expect(200);
    expect(one.body).toMatchObject({
      productId: '0001111041700',
      name: 'Kroger 2% Reduced Fat Milk',
      allergens: ['Milk'],
    });
    expect((await api().get('/api/v1/products/0009999999999').expect(404)).body.code).toBe('product.not_found');
    expect((await api().get('/api/v1/products/123').expect(400)).body.errors[0].field).toBe('id');
  });

  it("defaults the store to a signed-in user's preferred store", async () => {
    const account = await linkAccount(service.url, { returnTo: 'https://app.example.com/kroger/done' });
    await api().get('/api/v1/me/preferred-location').set(bearer(account.accessToken)).expect(404);
    const unknown = await api()
      .put('/api/v1/me/preferred-location')
      .set(bearer(account.accessToken))
      .send({ locationId: '01499999' })
      .expect(422);
    expect(unknown.body.code).toBe('location.not_found');
    const set = await api()
      .put('/api/v1/me/preferred-location')
      .set(bearer(account.accessToken))
      .send({ locationId: '01600569' })
      .expect(200);
    expect(set.body).toMatchObject({ locationId: '01600569', name: 'Kroger - Brewers Yard' });
    const res = await api().get('/api/v1/products?term=bread&limit=3').set(bearer(account.accessToken)).expect(200);
    expect(res.body.data[0]).toMatchObject({ locationId: '01600569', price: expect.any(Object) });
    expect(res.headers['cache-control']).toBe('private, max-age=60');
    await api().delete('/api/v1/me/preferred-location').set(bearer(account.accessToken)).expect(204);
    const after = await api().get('/api/v1/products?term=bread&limit=3').set(bearer(account.accessToken)).expect(200);
    expect(after.body.data[0].price).toBeUndefined();
  });

  it('finds stores near a ZIP, nearest first, with hours and open-now', async () => {
    const res = await api().get('/api/v1/locations?zipCode=45202&limit=5').expect(200);
    expect(res.body.data[0]).toMatchObject({
      locationId: '01400513',
      name: 'Kroger - Kroger On the Rhine',
      hours: { timezone: 'America/New_York', openNow: expect.any(Boolean) },
    });
    const distances = res.body.data.map((s: { distanceMiles: number }) => s.distanceMiles);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    const pharmacies = await api().get('/api/v1/locations?latLong=39.7376,-104.9176&department=09&limit=3').expect(200);
    expect(
      pharmacies.body.data.every((s: { departments: { departmentId: string }[] }) =>
        s.departments.some((d) => d.departmentId === '09'),
      ),
    ).toBe(true);
    const store = await api().get('/api/v1/locations/01400943').expect(200);
    expect(store.body.address).toMatchObject({ line1: '1212 W Kemper Rd', zipCode: '45240' });
    await api().head('/api/v1/locations/01400943').expect(204);
    await api().head('/api/v1/locations/01499999').expect(404);
    expect((await api().get('/api/v1/locations/01499999').expect(404)).body.code).toBe('location.not_found');
  });

  it('lists and looks up chains and departments', async () => {
    const chains = await api().get('/api/v1/chains').expect(200);
    expect(chains.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'RALPHS', displayName: 'Ralphs', domain: 'ralphs.com' }),
      ]),
    );
    expect((await api().get('/api/v1/chains/ralphs').expect(200)).body.name).toBe('RALPHS');
    await api().get('/api/v1/chains/NOPE').expect(404);
    expect((await api().get('/api/v1/departments/09').expect(200)).body).toEqual({
      departmentId: '09',
      name: 'Pharmacy',
    });
    await api().get('/api/v1/departments/ZZ').expect(404);
    await api().get('/api/v1/departments/ABC').expect(400);
  });

  it('answers 304 to a matching If-None-Match, with cache headers', async () => {
    const first = await api().get('/api/v1/chains').expect(200);
    expect(first.headers['cache-control']).toBe('public, max-age=3600');
    expect(first.headers.etag).toMatch(/^W\//);
    const again = await api().get('/api/v1/chains').set('If-None-Match', first.headers.etag).expect(304);
    expect(again.text).toBe('');
    const search = await api().get('/api/v1/products?term=eggs&locationId=01400943');
    await api()
      .get('/api/v1/products?term=eggs&locationId=01400943')
      .set('If-None-Match', search.headers.etag)
      .expect(304);
  });
});
