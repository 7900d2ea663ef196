import request from 'supertest';
import { KROGER_FEATURES } from '../src/config/kroger-features';
import { startSandbox } from '../sandbox';
import { customerTokens, appToken, call, PARTNER } from '../sandbox/test/support';
import { bearer, startLinking } from './support/accounts';
import { mcpClient, RETURN_TO, Shoppers, startWithShoppers } from './support/shoppers';
import { TEST_ADMIN_KEY } from './support/test-app';

const COURIER_KEY = 'courier-key-0123456789abcdef';
const MILK = '0001111041700';

const setup = (tier: 'public' | 'partner', env: Record<string, string> = {}) =>
  startWithShoppers(tier, { COURIER_API_KEY: COURIER_KEY, ...env });

type Structured = Record<string, any>;
const structured = (result: unknown) => (result as { structuredContent: Structured }).structuredContent;

describe('Partner APIs on the partner tier (e2e)', () => {
  let ctx: Shoppers;
  beforeAll(async () => (ctx = await setup('partner')));
  afterAll(async () => {
    await ctx?.service.close();
    await ctx?.database.drop();
  });
  const api = () => request(ctx.service.url);

  it('links with exactly the scopes of the enabled features, and /me says which features the link allows', async () => {
    const start = await startLinking(ctx.service.url, RETURN_TO);
    expect(start.searchParams.get('scope')!.split(' ').sort()).toEqual(
      [
        'cart.basic',
        'cart.basic:rw',
        'cart.basic:write',
        'collection.basic',
        'coupon.personalized:rw',
        'profile.basic',
        'profile.compact',
        'profile.loyalty',
      ].sort(),
    );
    const me = await api().get('/api/v1/me').set(bearer(ctx.alice)).expect(200);
    const features = Object.fromEntries(
      (me.body.krogerLink.features as { feature: string; allowed: boolean }[]).map((f) => [f.feature, f.allowed]),
    );
    expect(features).toEqual({
      cart_add: true,
      profile_id: true,
      carts: true,
      profile: true,
      loyalty: true,
      coupons: true,
      collections: true,
    });
  });

  it('shows the loyalty card masked, and whole only with reveal and the scope', async () => {
    const masked = await api().get('/api/v1/me/loyalty').set(bearer(ctx.alice)).expect(200);
    expect(masked.body).toEqual({ loyaltyCard: '••••••••••7890' });
    const whole = await api().get('/api/v1/me/loyalty?reveal=true').set(bearer(ctx.alice)).expect(200);
    expect(whole.body).toEqual({ loyaltyCard: '48401234567890' });
    const pat = await api()
      .post('/api/v1/me/tokens')
      .set(bearer(ctx.alice))
      .send({ name: 'reader', scopes: ['read'] })
      .expect(201);
    const refused = await api().get('/api/v1/me/loyalty?reveal=true').set(bearer(pat.body.token)).expect(403);
    expect(refused.body.code).toBe('auth.insufficient_scope');
  });

  it('lets operators, and only operators, ask whether an email has a Kroger profile', async () => {
    const yes = await api()
      .get('/api/v1/kroger-profiles?email=pat@example.com')
      .set('X-Admin-Key', TEST_ADMIN_KEY)
      .expect(200);
    expect(yes.body).toEqual({ exists: true });
    const no = await api()
      .get('/api/v1/kroger-profiles?email=nobody@example.com')
      .set('X-Admin-Key', TEST_ADMIN_KEY)
      .expect(200);
    expect(no.body).toEqual({ exists: false });
    await api().head('/api/v1/kroger-profiles?email=pat@example.com').set('X-Admin-Key', TEST_ADMIN_KEY).expect(204);
    await api().head('/api/v1/kroger-profiles?email=nobody@example.com').set('X-Admin-Key', TEST_ADMIN_KEY).expect(404);
    // A shopper's token is not an operator's key: no enumeration oracle.
    const shopper = await api().get('/api/v1/kroger-profiles?email=pat@example.com').set(bearer(ctx.alice)).expect(401);
    expect(shopper.body.code).toBe('admin.key_required');
    await api().get('/api/v1/kroger-profiles?email=pat@example.com').expect(401);
    const bad = await api().get('/api/v1/kroger-profiles?email=nope').set('X-Admin-Key', TEST_ADMIN_KEY).expect(400);
    expect(bad.body.errors[0].field).toBe('email');
  });

  it("lists each user's own collections, one by id, and 404s another user's", async () => {
    const list = await api().get('/api/v1/me/collections').set(bearer(ctx.alice)).expect(200);
    expect(list.body.data).toHaveLength(3);
    expect(list.body.pagination).toEqual({ start: 0, limit: 50, total: 3 });
    const staples = list.body.data.find((c: { name: string }) => c.name === 'Weekly staples');
    const one = await api().get(`/api/v1/me/collections/${staples.collectionId}`).set(bearer(ctx.alice)).expect(200);
    expect(one.body).toEqual(staples);
    const recipes = await api().get('/api/v1/me/collections?type=RECIPE').set(bearer(ctx.alice)).expect(200);
    expect(recipes.body.data.map((c: { type: string }) => c.type)).toEqual(['RECIPE']);
    const other = await api().get(`/api/v1/me/collections/${staples.collectionId}`).set(bearer(ctx.bob)).expect(404);
    expect(other.body.code).toBe('collection.not_found');
    await api().get('/api/v1/me/collections?type=WISHES').set(bearer(ctx.alice)).expect(400);
  });

  it('adds a collection to the cart once per Idempotency-Key, through the cart path', async () => {
    const list = await api().get('/api/v1/me/collections?name=taco').set(bearer(ctx.bob)).expect(200);
    const tacos = list.body.data[0];
    await ctx.sandbox.send('DELETE', '/requests');
    const add = () =>
      api()
        .post(`/api/v1/me/collections/${tacos.collectionId}/cart-items`)
        .set(bearer(ctx.bob))
        .set('Idempotency-Key', 'collection-add-0001')
        .send({ modality: 'PICKUP' });
    const first = await add().expect(201);
    expect(first.body.added.map((a: { upc: string }) => a.upc)).toEqual(
      tacos.items.map((i: { productId: string }) => i.productId),
    );
    const again = await add().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const cart = await api().get('/api/v1/cart').set(bearer(ctx.bob)).expect(200);
    for (const item of tacos.items)
      expect(cart.body.items).toContainEqual(expect.objectContaining({ upc: item.productId, quantity: item.quantity }));
    // Alice's cart has none of Bob's collection.
    const aliceCart = await api().get('/api/v1/cart').set(bearer(ctx.alice)).expect(200);
    expect(aliceCart.body.items).toEqual([]);
  });

  it('shows every cart with its id, reads one by id, updates it with item options, and keeps users apart', async () => {
    await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .send({ items: [{ productId: MILK, quantity: 1, modality: 'SHIP', allowSubstitutes: false }] })
      .expect(201);
    const cart = await api().get('/api/v1/cart').set(bearer(ctx.alice)).expect(200);
    expect(cart.body.carts).toEqual([{ cartId: cart.body.cartId, name: 'ACTIVE', itemCount: 1 }]);
    expect(cart.body.items[0]).toMatchObject({ upc: MILK, modality: 'SHIP', allowSubstitutes: false });
    const updated = await api()
      .put(`/api/v1/cart/${cart.body.cartId}`)
      .set(bearer(ctx.alice))
      .send({ items: [{ upc: MILK, quantity: 3, specialInstructions: 'Coldest one, please' }] })
      .expect(200);
    expect(updated.body.items[0]).toMatchObject({
      upc: MILK,
      quantity: 3,
      specialInstructions: 'Coldest one, please',
    });
    const byId = await api().get(`/api/v1/cart/${cart.body.cartId}`).set(bearer(ctx.alice)).expect(200);
    expect(byId.body.items[0].quantity).toBe(3);
    // Bob cannot read or change Alice's cart by its id.
    await api().get(`/api/v1/cart/${cart.body.cartId}`).set(bearer(ctx.bob)).expect(404);
    await api()
      .put(`/api/v1/cart/${cart.body.cartId}`)
      .set(bearer(ctx.bob))
      .send({ items: [{ upc: MILK, quantity: 1 }] })
      .expect(404);
    // Only items already in the cart can be updated (Kroger's 409).
    const unfulfillable = await api()
      .put(`/api/v1/cart/${cart.body.cartId}`)
      .set(bearer(ctx.alice))
      .send({ items: [{ upc: '0000000003107', quantity: 1 }] });
    expect(unfulfillable.status).toBe(409);
  });

  it('lists coupons with the application token (coupons.basic) and marks the clipped ones', async () => {
    const coupons = await api().get('/api/v1/coupons').set(bearer(ctx.alice)).expect(200);
    const first = coupons.body.data[0];
    await api()
      .post(`/api/v1/me/coupons/${first.couponId}`)
      .set(bearer(ctx.alice))
      .expect((res) => {
        expect(res.status).toBeLessThan(300);
      });
    const after = await api().get('/api/v1/coupons').set(bearer(ctx.alice)).expect(200);
    expect(after.body.data.find((c: { couponId: string }) => c.couponId === first.couponId).clipped).toBe(true);
    const calls = await ctx.sandbox.calls('/v1/coupons');
    expect(calls.length).toBeGreaterThan(0);
    // No customer on the listing call: it was the application's token.
    expect(calls.every((c) => !(c as { customer?: string }).customer)).toBe(true);
  });

  it('serves courier deliveries only to the courier partner key', async () => {
    await api().get('/api/v1/courier/deliveries').set(bearer(ctx.alice)).expect(401);
    await api().get('/api/v1/courier/deliveries').set('X-Courier-Key', 'wrong-key-0123456789abcdef').expect(403);
    const waiting = await api()
      .get('/api/v1/courier/deliveries?followingAction=CONFIRM_PICKUP')
      .set('X-Courier-Key', COURIER_KEY)
      .expect(200);
    const delivery = waiting.body.data[0];
    expect(delivery).toMatchObject({ status: 'READY_FOR_PICKUP', followingAction: 'CONFIRM_PICKUP' });
    const confirm = () =>
      api().post(`/api/v1/courier/deliveries/${delivery.deliveryId}/confirm`).set('X-Courier-Key', COURIER_KEY);
    expect((await confirm().expect(200)).body).toMatchObject({
      status: 'PICKED_UP',
      followingAction: 'CONFIRM_DELIVERY',
    });
    expect((await confirm().expect(200)).body.status).toBe('DELIVERED');
    await confirm().expect(409);
    await api().post('/api/v1/courier/deliveries/no-such/confirm').set('X-Courier-Key', COURIER_KEY).expect(404);
  });

  it('offers collections, the loyalty card and cart item options to MCP clients', async () => {
    const client = await mcpClient(ctx.service.url, ctx.bob);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['list_collections', 'get_collection', 'add_collection_to_cart']));
      const list = structured(await client.callTool({ name: 'list_collections', arguments: { type: 'FAVORITES' } }));
      expect(list.data).toHaveLength(1);
      const one = structured(
        await client.callTool({ name: 'get_collection', arguments: { collectionId: list.data[0].collectionId } }),
      );
      expect(one.name).toBe('Favorites');
      const added = structured(
        await client.callTool({
          name: 'add_collection_to_cart',
          arguments: { collectionId: one.collectionId, modality: 'DELIVERY' },
        }),
      );
      expect(added.added).toHaveLength(one.items.length);
      const card = structured(await client.callTool({ name: 'get_loyalty_card', arguments: {} }));
      expect(card.loyaltyCard).toBe('••••••••••3210');
      const updated = structured(
        await client.callTool({
          name: 'update_cart_item',
          arguments: { upc: one.items[0].productId, quantity: 2, allowSubstitutes: false },
        }),
      );
      expect(updated.items.find((i: { upc: string }) => i.upc === one.items[0].productId)).toMatchObject({
        quantity: 2,
        allowSubstitutes: false,
      });
    } finally {
      await client.close();
    }
  });

  it('answers HEAD for chains and departments (204 or 404)', async () => {
    await api().head('/api/v1/chains/kroger').expect(204);
    await api().head('/api/v1/chains/NOSUCHCHAIN').expect(404);
    await api().head('/api/v1/departments/09').expect(204);
    await api().head('/api/v1/departments/ZZ').expect(404);
  });

  it('filters stores by locationId', async () => {
    const res = await api().get('/api/v1/locations?locationId=01400943,01400376').expect(200);
    expect(res.body.data.map((s: { locationId: string }) => s.locationId).sort()).toEqual(['01400376', '01400943']);
    await api().get('/api/v1/locations?locationId=0140').expect(400);
  });
});

describe('Partner APIs on the public tier (e2e)', () => {
  let ctx: Shoppers;
  beforeAll(async () => (ctx = await setup('public')));
  afterAll(async () => {
    await ctx?.service.close();
    await ctx?.database.drop();
  });
  const api = () => request(ctx.service.url);

  it.each([
    ['get', '/api/v1/me/loyalty'],
    ['get', '/api/v1/me/collections'],
    ['get', '/api/v1/cart/2b9b3963-5cac-42f8-9d28-7bebdec0b9e4'],
  ] as const)('%s %s answers 501 tier.partner_required', async (method, path) => {
    const res = await api()[method](path).set(bearer(ctx.alice)).expect(501);
    expect(res.body.code).toBe('tier.partner_required');
  });

  it('refuses partner-only writes, item options and SHIP, the courier and the profile check with 501', async () => {
    const put = await api()
      .put('/api/v1/cart/2b9b3963-5cac-42f8-9d28-7bebdec0b9e4')
      .set(bearer(ctx.alice))
      .send({ items: [{ upc: MILK, quantity: 1 }] })
      .expect(501);
    expect(put.body.code).toBe('tier.partner_required');
    const ship = await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .send({ items: [{ productId: MILK, quantity: 1, modality: 'SHIP' }] })
      .expect(501);
    expect(ship.body.code).toBe('tier.partner_required');
    await api().get('/api/v1/courier/deliveries').set('X-Courier-Key', COURIER_KEY).expect(501);
    await api().get('/api/v1/kroger-profiles?email=pat@example.com').set('X-Admin-Key', TEST_ADMIN_KEY).expect(501);
  });

  it('links with the public scopes only and /me shows the public features', async () => {
    const start = await startLinking(ctx.service.url, RETURN_TO);
    expect(start.searchParams.get('scope')).toBe('cart.basic:write profile.compact');
    const me = await api().get('/api/v1/me').set(bearer(ctx.alice)).expect(200);
    expect(me.body.krogerLink.features.map((f: { feature: string }) => f.feature)).toEqual(['cart_add', 'profile_id']);
  });
});

describe('A partner deployment that leaves features out (e2e)', () => {
  let ctx: Shoppers;
  beforeAll(async () => (ctx = await setup('partner', { KROGER_PARTNER_FEATURES: 'collections' })));
  afterAll(async () => {
    await ctx?.service.close();
    await ctx?.database.drop();
  });
  const api = () => request(ctx.service.url);

  it('still adds to the cart with the public cart scope, and shows the ledger of what it added', async () => {
    const start = await startLinking(ctx.service.url, RETURN_TO);
    expect(start.searchParams.get('scope')!.split(' ').sort()).toEqual(
      ['cart.basic:write', 'collection.basic', 'profile.compact'].sort(),
    );
    await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .send({ items: [{ productId: MILK, quantity: 2, modality: 'PICKUP' }] })
      .expect(201);
    const cart = await api().get('/api/v1/cart').set(bearer(ctx.alice)).expect(200);
    expect(cart.body.source).toBe('ledger');
    expect(cart.body.items).toEqual([expect.objectContaining({ upc: MILK, quantity: 2, status: 'ACCEPTED' })]);
    const list = await api().get('/api/v1/me/collections?type=FAVORITES').set(bearer(ctx.bob)).expect(200);
    await api()
      .post(`/api/v1/me/collections/${list.body.data[0].collectionId}/cart-items`)
      .set(bearer(ctx.bob))
      .send({ modality: 'DELIVERY' })
      .expect(201);
  });

  it.each([
    ['get', '/api/v1/cart/2b9b3963-5cac-42f8-9d28-7bebdec0b9e4', undefined],
    ['put', `/api/v1/cart/items/${MILK}`, { quantity: 1 }],
    ['get', '/api/v1/coupons', undefined],
    ['get', '/api/v1/me/loyalty', undefined],
  ] as const)('%s %s answers 501 feature.disabled, not a Kroger 403', async (method, path, body) => {
    const res = await api()[method](path).set(bearer(ctx.alice)).send(body).expect(501);
    expect(res.body.code).toBe('feature.disabled');
  });

  it('refuses item options and SHIP, which only the partner carts take, with 501 feature.disabled', async () => {
    const res = await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .send({ items: [{ productId: MILK, quantity: 1, modality: 'SHIP' }] })
      .expect(501);
    expect(res.body.code).toBe('feature.disabled');
  });
});

describe('The feature → scopes table against the sandbox', () => {
  it('each row works with exactly its scopes, and each customer row fails without them', async () => {
    const sandbox = await startSandbox();
    try {
      // One call per feature: the endpoint the feature uses.
      const probes: Record<string, { path: string; method?: string; body?: unknown }> = {
        products: { path: '/v1/products?filter.term=milk' },
        stores: { path: '/v1/locations?filter.zipCode.near=45202' },
        cart_add: { path: '/v1/cart/add', method: 'PUT', body: { items: [{ upc: MILK, quantity: 1 }] } },
        profile_id: { path: '/v1/identity/profile' },
        carts: { path: '/v1/carts' },
        profile: { path: '/v1/identity/profile' },
        loyalty: { path: '/v1/identity/profile/loyalty' },
        coupons: { path: '/v1/my_coupons' },
        collections: { path: '/v1/collections' },
        profile_exists: { path: '/v1/identity/profile/invoke/exists?email=pat@example.com' },
        courier: { path: '/v1/courier/deliveries' },
      };
      expect(Object.keys(probes).sort()).toEqual(KROGER_FEATURES.map((f) => f.feature).sort());
      for (const row of KROGER_FEATURES) {
        const probe = probes[row.feature];
        const token =
          row.grant === 'customer'
            ? (await customerTokens(sandbox, PARTNER, row.scopes.join(' '))).accessToken
            : await appToken(sandbox, PARTNER, row.scopes.join(' '));
        const res = await call(sandbox, token, probe.path, probe);
        expect({ feature: row.feature, ok: res.status === 200 || res.status === 204 }).toEqual({
          feature: row.feature,
          ok: true,
        });
        if (row.grant === 'customer') {
          const without = (await customerTokens(sandbox, PARTNER, 'product.compact')).accessToken;
          expect({ feature: row.feature, status: (await call(sandbox, without, probe.path, probe)).status }).toEqual({
            feature: row.feature,
            status: 403,
          });
        }
      }
    } finally {
      await sandbox.close();
    }
  });
});
