/**
 * Wrong store context must not pass silently (issue 12): an unknown store id is an error that says
 * what to do, non-retail locations are neither offered nor accepted as stores, and a store search
 * needs a place to start from. Over REST and MCP.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import request from 'supertest';
import { KrogerEnvironmentInfo } from '../src/kroger/kroger-environment';
import { bearer, linkAccount } from './support/accounts';
import { SandboxControl } from './support/sandbox-control';
import { baseEnv, startApp, TEST_ADMIN_KEY, TestApp, TestDatabase } from './support/test-app';

const RETURN_TO = 'https://app.example.com/kroger/done';
const SHED = '540FC500'; // Kroger - Forecast Shed, 1014 Vine St, Cincinnati 45202: no departments, no phone
const SHED_POINT = '39.106758,-84.513951';

type Problem = { code: string; detail: string; errors?: { field: string; rule: string }[] };
type ToolText = { text: string }[];

describe('Store context over REST and MCP (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let sandbox: SandboxControl;

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(baseEnv(database, { ALLOWED_RETURN_URLS: RETURN_TO, JOBS_ENABLED: 'false' }));
    sandbox = new SandboxControl(service.app.get(KrogerEnvironmentInfo).describe().baseUrl);
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  const api = () => request(service.url);
  const krogerCalls = async (path = '/v1/') => (await sandbox.calls(path)).length;
  const expectUnknownStore = (body: Problem, locationId: string) => {
    expect(body.code).toBe('location.not_found');
    expect(body.detail).toContain(locationId);
    expect(body.detail).toContain('GET /api/v1/locations?zipCode=');
    expect(body.detail).toContain('find_stores');
    expect(body.errors).toEqual([expect.objectContaining({ field: 'locationId', rule: 'exists' })]);
  };

  describe('REST', () => {
    it('answers an unknown store id with 422 location.not_found before asking Kroger for products', async () => {
      const productCalls = await krogerCalls('/v1/products');
      const search = await api().get('/api/v1/products?term=milk&locationId=01499998').expect(422);
      expectUnknownStore(search.body, '01499998');
      const byId = await api().get('/api/v1/products/0001111041700?locationId=01499998').expect(422);
      expectUnknownStore(byId.body, '01499998');
      const several = await api()
        .get('/api/v1/products')
        .query({ ids: '0001111041700', locationId: '01499998' })
        .expect(422);
      expect(several.body.code).toBe('location.not_found');
      expect(await krogerCalls('/v1/products')).toBe(productCalls);
      // The unknown answer is remembered: asking again costs Kroger nothing.
      expect(await krogerCalls('/v1/locations/01499998')).toBe(1);

      const store = await api().get('/api/v1/locations/01499998').expect(404);
      expectUnknownStore(store.body, '01499998');
    });

    it('costs no extra Kroger call for a cached search at a store once the store is known', async () => {
      const locationCalls = await krogerCalls('/v1/locations');
      const first = await api().get('/api/v1/products?term=pasta&locationId=01400513&limit=5').expect(200);
      expect(first.body.data[0].locationId).toBe('01400513');
      expect(await krogerCalls('/v1/locations/01400513')).toBe(1);
      const productId = first.body.data[0].productId as string;
      // The store is known now: checking it again for another request asks Kroger nothing.
      await api().get(`/api/v1/products/${productId}?locationId=01400513`).expect(200);
      expect(await krogerCalls('/v1/locations')).toBe(locationCalls + 1);
      const before = await krogerCalls();
      const again = await api().get('/api/v1/products?term=pasta&locationId=01400513&limit=5').expect(200);
      expect(again.body.data).toEqual(first.body.data);
      expect((await api().get(`/api/v1/products/${productId}?locationId=01400513`).expect(200)).body.locationId).toBe(
        '01400513',
      );
      expect(await krogerCalls()).toBe(before);
    });

    it('refuses a preferred store Kroger does not know, or one that is not a store', async () => {
      const { accessToken } = await linkAccount(service.url, { returnTo: RETURN_TO, email: 'pat@example.com' });
      const put = (locationId: string) =>
        api().put('/api/v1/me/preferred-location').set(bearer(accessToken)).send({ locationId });
      expectUnknownStore((await put('01499997').expect(422)).body, '01499997');
      const shed = await put(SHED).expect(422);
      expect(shed.body).toMatchObject({ code: 'location.not_a_store', status: 422 });
      expect(shed.body.detail).toContain('Forecast Shed');
      expect(shed.body.detail).toContain('GET /api/v1/locations?zipCode=');
      await api().get('/api/v1/me/preferred-location').set(bearer(accessToken)).expect(404);
      await put('01400943').expect(200);
    });

    it('leaves non-retail locations out of store search, still filling the page, and marks them by id', async () => {
      const shed = await api().get(`/api/v1/locations/${SHED}`).expect(200);
      expect(shed.body).toMatchObject({ locationId: SHED, name: 'Kroger - Forecast Shed', retail: false });
      // The shed is the nearest location to its own coordinates: without the rule it would come first.
      const near = await api().get(`/api/v1/locations?latLong=${SHED_POINT}&radiusInMiles=5&limit=5`).expect(200);
      expect(near.body.data).toHaveLength(5);
      expect(near.body.data.map((s: { locationId: string }) => s.locationId)).not.toContain(SHED);
      expect(near.body.data.every((s: { retail: boolean }) => s.retail)).toBe(true);
      const byZip = await api().get('/api/v1/locations?zipCode=45202&limit=50').expect(200);
      expect(byZip.body.data.map((s: { locationId: string }) => s.locationId)).not.toContain(SHED);
    });

    it('requires a starting point for store search instead of returning arbitrary stores', async () => {
      for (const query of ['', '?chain=KROGER', '?radiusInMiles=5&limit=3']) {
        const res = await api().get(`/api/v1/locations${query}`).expect(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'zipCode', rule: 'anyOf' })]);
      }
    });

    it("charges unknown store ids to the caller's Kroger budget, so a burst of them stops at the share", async () => {
      const { accessToken } = await linkAccount(service.url, { returnTo: RETURN_TO, email: 'jordan@example.com' });
      const { userId } = (await api().get('/api/v1/me').set(bearer(accessToken)).expect(200)).body;
      await api()
        .put(`/api/v1/admin/users/${userId}/kroger-share`)
        .set({ 'X-Admin-Key': TEST_ADMIN_KEY })
        .send({ sharePercent: 0.5 })
        .expect(200);
      const lookups = await krogerCalls('/v1/locations/QQ');
      const statuses: number[] = [];
      for (let n = 0; n < 12; n += 1) {
        const res = await api()
          .get(`/api/v1/products?term=milk&locationId=QQ${String(n).padStart(6, '0')}`)
          .set(bearer(accessToken));
        statuses.push(res.status);
        if (res.status === 429) expect(res.body.code).toBe('quota.user_exhausted');
      }
      const answered = statuses.filter((s) => s === 422).length;
      expect(answered).toBeGreaterThan(0);
      expect(statuses).toEqual([...Array<number>(answered).fill(422), ...Array<number>(12 - answered).fill(429)]);
      expect(await krogerCalls('/v1/locations/QQ')).toBe(lookups + answered);
    });
  });

  describe('MCP', () => {
    let client: Client;
    let accessToken: string;

    beforeAll(async () => {
      ({ accessToken } = await linkAccount(service.url, { returnTo: RETURN_TO, email: 'riley@example.com' }));
      const pat = (
        await api()
          .post('/api/v1/me/tokens')
          .set(bearer(accessToken))
          .send({ name: 'mcp', scopes: ['read', 'profile:write'] })
          .expect(201)
      ).body.token as string;
      client = new Client({ name: 'e2e', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${service.url}/mcp`), { requestInit: { headers: bearer(pat) } }),
      );
    });
    afterAll(async () => {
      await client?.close();
    });

    const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args });

    it('answers an unknown store id with a tool error that says how to find a store', async () => {
      for (const [name, args] of [
        ['search_products', { term: 'milk', locationId: '01499996' }],
        ['get_product', { productId: '0001111041700', locationId: '01499996' }],
        ['get_products', { productIds: ['0001111041700'], locationId: '01499996' }],
        ['set_preferred_store', { locationId: '01499996' }],
      ] as const) {
        const result = await call(name, args);
        expect({ name, isError: result.isError }).toEqual({ name, isError: true });
        const text = (result.content as ToolText)[0].text;
        expect(text).toContain('01499996');
        expect(text).toContain('find_stores');
      }
    });

    it('asks for a ZIP code when find_stores has no starting point and no preferred store', async () => {
      const result = await call('find_stores', {});
      expect(result.isError).toBe(true);
      expect((result.content as ToolText)[0].text).toMatch(/ZIP code/);
    });

    it('refuses a shed as the preferred store and never offers one', async () => {
      const shed = await call('set_preferred_store', { locationId: SHED });
      expect(shed.isError).toBe(true);
      expect((shed.content as ToolText)[0].text).toContain('non-retail');
      const byId = await call('get_store', { locationId: SHED });
      expect(byId.structuredContent).toMatchObject({ store: { locationId: SHED, retail: false } });
      expect((byId.content as ToolText)[0].text).toContain('not a store to shop at');
      const near = await call('find_stores', { latLong: SHED_POINT, radiusInMiles: 10, limit: 10 });
      const stores = (near.structuredContent as { stores: { locationId: string; retail: boolean }[] }).stores;
      expect(stores).toHaveLength(10);
      expect(stores.map((s) => s.locationId)).not.toContain(SHED);
      expect(stores.every((s) => s.retail)).toBe(true);
    });

    it('searches around the preferred store when find_stores has no starting point, and says so', async () => {
      expect((await call('set_preferred_store', { locationId: '01400513' })).isError).toBeFalsy();
      const result = await call('find_stores', { limit: 3 });
      expect(result.isError).toBeFalsy();
      const found = result.structuredContent as {
        stores: { locationId: string; distanceMiles: number }[];
        nearPreferredStore: { locationId: string };
      };
      expect(found.nearPreferredStore).toEqual({ locationId: '01400513', name: 'Kroger - Kroger On the Rhine' });
      expect(found.stores[0]).toMatchObject({ locationId: '01400513', distanceMiles: 0 });
      expect(found.stores.map((s) => s.locationId)).not.toContain(SHED);
      expect((result.content as ToolText)[0].text).toMatch(/^Near your preferred store Kroger - Kroger On the Rhine/);
    });
  });

  it('checks the store of a coupon search on the partner tier', async () => {
    const partnerDatabase = await TestDatabase.create();
    const partner = await startApp(
      baseEnv(partnerDatabase, { ALLOWED_RETURN_URLS: RETURN_TO, JOBS_ENABLED: 'false', KROGER_API_TIER: 'partner' }),
    );
    try {
      const { accessToken } = await linkAccount(partner.url, { returnTo: RETURN_TO });
      const unknown = await request(partner.url)
        .get('/api/v1/coupons?locationId=01499995')
        .set(bearer(accessToken))
        .expect(422);
      expectUnknownStore(unknown.body, '01499995');
      await request(partner.url).get('/api/v1/coupons?locationId=01400943').set(bearer(accessToken)).expect(200);
    } finally {
      await partner.close();
      await partnerDatabase.drop();
    }
  });
});
