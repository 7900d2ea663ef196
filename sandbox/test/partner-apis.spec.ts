import { startSandbox, RunningSandbox } from '../sandbox';
import { appToken, call, control, customerTokens, PARTNER, PUBLIC } from './support';

const MILK = '0001111041700';
const errors = (code: string) => ({ errors: expect.objectContaining({ code }) });

describe('sandbox partner APIs: profile checks, loyalty, collections, courier deliveries, infidelities', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => (sandbox = await startSandbox()));
  afterAll(() => sandbox.close());
  beforeEach(() => control(sandbox, 'POST', '/reset'));
  const head = (token: string | undefined, path: string) =>
    fetch(`${sandbox.baseUrl}${path}`, { method: 'HEAD', headers: token ? { Authorization: `Bearer ${token}` } : {} });

  describe('profile exists', () => {
    it('answers HEAD 204/404 and GET invoke/exists true/false with the profile.exists app scope', async () => {
      const app = await appToken(sandbox, PARTNER, 'profile.exists');
      expect((await head(app, '/v1/identity/profile?email=pat%40example.com')).status).toBe(204);
      expect((await head(app, '/v1/identity/profile?email=nobody%40example.com')).status).toBe(404);
      expect((await head(app, '/v1/identity/profile?email=not-an-email')).status).toBe(400);
      const yes = await call(sandbox, app, '/v1/identity/profile/invoke/exists?email=PAT@example.com');
      expect(yes.body).toEqual({ data: { exists: true }, meta: {} });
      const no = await call(sandbox, app, '/v1/identity/profile/invoke/exists?email=nobody@example.com');
      expect(no.body!.data.exists).toBe(false);
      expect((await call(sandbox, app, '/v1/identity/profile/invoke/exists')).body).toEqual(
        errors('IDENTITY-2001-400'),
      );
    });

    it('refuses no token (401), another scope (403) and a public app (403, and the scope cannot be asked for)', async () => {
      expect((await head(undefined, '/v1/identity/profile?email=pat%40example.com')).status).toBe(401);
      const products = await appToken(sandbox, PARTNER, 'product.compact');
      expect((await call(sandbox, products, '/v1/identity/profile/invoke/exists?email=pat@example.com')).status).toBe(
        403,
      );
      await expect(appToken(sandbox, PUBLIC, 'profile.exists')).rejects.toThrow(/token: 400/);
      const publicApp = await appToken(sandbox, PUBLIC);
      const res = await call(sandbox, publicApp, '/v1/identity/profile/invoke/exists?email=pat@example.com');
      expect(res.body).toEqual(errors('IDENTITY-2216'));
    });
  });

  describe('profile scopes', () => {
    it('unlocks name, contact and loyalty fields by scope; /loyalty needs profile.loyalty', async () => {
      const named = await customerTokens(sandbox, PARTNER, 'profile.name');
      const profile = (await call(sandbox, named.accessToken, '/v1/identity/profile')).body!.data;
      expect(profile).toEqual({ id: expect.any(String), firstName: 'Sam', lastName: 'Shopper' });
      expect((await call(sandbox, named.accessToken, '/v1/identity/profile/loyalty')).status).toBe(403);
      const loyal = await customerTokens(sandbox, PARTNER, 'profile.loyalty');
      expect((await call(sandbox, loyal.accessToken, '/v1/identity/profile/loyalty')).body).toEqual({
        data: { loyalty: { cardNumber: '48401234567890' } },
        meta: {},
      });
    });
  });

  describe('collections (modeled)', () => {
    it("lists the customer's own collections, filtered by name and type", async () => {
      const sam = await customerTokens(sandbox, PARTNER, 'collection.basic');
      const all = await call(sandbox, sam.accessToken, '/v1/collections');
      expect(all.status).toBe(200);
      expect(all.body!.data).toHaveLength(3);
      expect(all.body!.data[0]).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Weekly staples',
        type: 'SHOPPING_LIST',
        items: expect.arrayContaining([{ productId: expect.stringMatching(/^\d{13}$/), quantity: expect.any(Number) }]),
      });
      expect(all.body!.meta.pagination.total).toBe(3);
      const tacos = await call(sandbox, sam.accessToken, '/v1/collections?filter.name=taco');
      expect(tacos.body!.data.map((c: { name: string }) => c.name)).toEqual(['Taco night']);
      const favorites = await call(sandbox, sam.accessToken, '/v1/collections?filter.type=FAVORITES');
      expect(favorites.body!.data.map((c: { type: string }) => c.type)).toEqual(['FAVORITES']);
      const pat = await customerTokens(sandbox, PARTNER, 'collection.basic', 'pat@example.com');
      const patIds = (await call(sandbox, pat.accessToken, '/v1/collections')).body!.data.map(
        (c: { id: string }) => c.id,
      );
      expect(patIds).not.toContain(all.body!.data[0].id);
    });

    it('answers 400 for an unknown type, 401 without a token, 403 without the scope or on the public tier', async () => {
      const sam = await customerTokens(sandbox, PARTNER, 'collection.basic:rw');
      expect((await call(sandbox, sam.accessToken, '/v1/collections?filter.type=WISHES')).body).toEqual(
        errors('COLLECTION-2008-400'),
      );
      expect((await call(sandbox, undefined, '/v1/collections')).status).toBe(401);
      const other = await customerTokens(sandbox, PARTNER, 'cart.basic');
      expect((await call(sandbox, other.accessToken, '/v1/collections')).status).toBe(403);
      const app = await appToken(sandbox, PARTNER, 'product.compact');
      expect((await call(sandbox, app, '/v1/collections')).status).toBe(403);
      const publicCustomer = await customerTokens(sandbox, PUBLIC);
      expect((await call(sandbox, publicCustomer.accessToken, '/v1/collections')).body).toEqual(
        errors('COLLECTION-2216'),
      );
    });
  });

  describe('courier deliveries (modeled)', () => {
    it('lists by following action and confirms pickup, then delivery, then refuses (409)', async () => {
      const reader = await appToken(sandbox, PARTNER, 'delivery.basic');
      const waiting = await call(sandbox, reader, '/v1/courier/deliveries?filter.followingAction=CONFIRM_PICKUP');
      expect(waiting.status).toBe(200);
      const delivery = waiting.body!.data[0];
      expect(delivery).toEqual({
        deliveryId: expect.any(String),
        status: 'READY_FOR_PICKUP',
        followingAction: 'CONFIRM_PICKUP',
        orderId: expect.any(String),
        locationId: expect.stringMatching(/^\d{8}$/),
        window: { start: expect.any(String), end: expect.any(String) },
      });
      expect((await call(sandbox, reader, '/v1/courier/deliveries?filter.followingAction=LATER')).status).toBe(400);
      // Reading is not confirming.
      const confirm = (token: string, id: string) =>
        call(sandbox, token, '/v1/courier/deliveries', { method: 'POST', body: { delivery_id: id } });
      expect((await confirm(reader, delivery.deliveryId)).status).toBe(403);
      const writer = await appToken(sandbox, PARTNER, 'delivery.basic:rw');
      expect((await confirm(writer, delivery.deliveryId)).body!.data).toMatchObject({
        status: 'PICKED_UP',
        followingAction: 'CONFIRM_DELIVERY',
      });
      expect((await confirm(writer, delivery.deliveryId)).body!.data.status).toBe('DELIVERED');
      expect((await confirm(writer, delivery.deliveryId)).body).toEqual(errors('DELIVERY-4090-409'));
      expect((await confirm(writer, 'no-such-delivery')).status).toBe(404);
      expect((await call(sandbox, writer, '/v1/courier/deliveries', { method: 'POST', body: {} })).status).toBe(400);
      expect((await call(sandbox, undefined, '/v1/courier/deliveries')).status).toBe(401);
      const publicApp = await appToken(sandbox, PUBLIC);
      expect((await call(sandbox, publicApp, '/v1/courier/deliveries')).body).toEqual(errors('DELIVERY-2216'));
    });
  });

  describe('fidelity fixes', () => {
    it('answers an unknown well-formed filter.locationId with no products, not the whole catalogue', async () => {
      const app = await appToken(sandbox);
      const nowhere = await call(sandbox, app, '/v1/products?filter.term=milk&filter.locationId=99999999');
      expect(nowhere.status).toBe(200);
      expect(nowhere.body!.data).toEqual([]);
      expect(nowhere.body!.meta.pagination.total).toBe(0);
      const byId = await call(sandbox, app, `/v1/products?filter.productId=${MILK}&filter.locationId=99999999`);
      expect(byId.body!.data).toEqual([]);
      const known = await call(sandbox, app, '/v1/products?filter.term=milk&filter.locationId=01400943');
      expect(known.body!.data.length).toBeGreaterThan(0);
    });

    it('counts every matching store in the locations pagination total, not the page', async () => {
      const app = await appToken(sandbox);
      const page = await call(sandbox, app, '/v1/locations?filter.zipCode.near=45202&filter.limit=2');
      expect(page.body!.data).toHaveLength(2);
      expect(page.body!.meta.pagination.total).toBeGreaterThan(2);
    });

    it('filters locations by a comma-separated filter.locationId', async () => {
      const app = await appToken(sandbox);
      const res = await call(sandbox, app, '/v1/locations?filter.locationId=01400943,01400376');
      expect(res.body!.data.map((l: { locationId: string }) => l.locationId).sort()).toEqual(['01400376', '01400943']);
    });
  });
});
