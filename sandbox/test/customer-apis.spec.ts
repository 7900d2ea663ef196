import { startSandbox, RunningSandbox } from '../sandbox';
import { appToken, call, control, customerTokens, expectShape, PARTNER, PUBLIC } from './support';

const PUBLIC_SCOPES = 'product.compact cart.basic:write profile.compact';
const PARTNER_SCOPES = 'cart.basic cart.basic:rw profile.compact profile.full coupon.personalized:rw coupons.basic';
const MILK = '0001111041700';
const ORANGE = '0000000003107';

describe('sandbox cart, identity and coupons', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => (sandbox = await startSandbox()));
  afterAll(() => sandbox.close());
  beforeEach(() => control(sandbox, 'POST', '/reset'));
  const bad = (code: string, reason: string) => ({ errors: { timestamp: expect.any(Number), code, reason } });

  describe('public cart add', () => {
    it('answers 204 and accumulates quantities per customer', async () => {
      const { accessToken } = await customerTokens(sandbox, PUBLIC, PUBLIC_SCOPES);
      const add = (quantity: number) =>
        call(sandbox, accessToken, '/v1/cart/add', {
          method: 'PUT',
          body: { items: [{ upc: MILK, quantity, modality: 'PICKUP' }] },
        });
      expect((await add(1)).status).toBe(204);
      expect((await add(2)).status).toBe(204);
      const cart = sandbox.context.carts.get('shopper@example.com')!;
      expect(cart.items).toEqual([expect.objectContaining({ upc: MILK, quantity: 3, modality: 'PICKUP' })]);
      expect(sandbox.context.carts.has('pat@example.com')).toBe(false);
    });

    it.each([
      [{ items: [{ upc: '123', quantity: 1 }] }, 'UPC must have a length of 13 characters'],
      [
        { items: [{ upc: MILK, quantity: 1, modality: 'SHIP' }] },
        'Modality must be omitted or equal one of the following codes: DELIVERY, PICKUP',
      ],
      [{ items: [{ upc: MILK, quantity: 'two' }] }, 'Cannot parse parameters'],
      [{ nope: true }, 'Cannot parse parameters'],
    ])("refuses %j with Kroger's message", async (body, reason) => {
      const { accessToken } = await customerTokens(sandbox, PUBLIC, PUBLIC_SCOPES);
      const res = await call(sandbox, accessToken, '/v1/cart/add', { method: 'PUT', body });
      expect(res.status).toBe(400);
      expect(res.body!.errors.reason).toBe(reason);
    });

    it('refuses an application token and a body that is not JSON', async () => {
      const app = await appToken(sandbox);
      expect(
        (await call(sandbox, app, '/v1/cart/add', { method: 'PUT', body: { items: [{ upc: MILK, quantity: 1 }] } }))
          .status,
      ).toBe(403);
      const { accessToken } = await customerTokens(sandbox, PUBLIC, PUBLIC_SCOPES);
      const res = await call(sandbox, accessToken, '/v1/cart/add', { method: 'PUT', body: '{not json' });
      expect(res.body).toEqual(bad('CART-2000-400', 'Cannot parse parameters'));
    });
  });

  describe('partner carts', () => {
    it('creates, reads, updates and removes with Kroger statuses', async () => {
      const { accessToken } = await customerTokens(sandbox, PARTNER, PARTNER_SCOPES);
      const created = await call(sandbox, accessToken, '/v1/carts', {
        method: 'POST',
        body: { items: [{ upc: MILK, quantity: 1, modality: 'SHIP' }] },
      });
      expect(created.status).toBe(201);
      const cart = created.body!.data[0];
      expectShape('cart', cart);
      expect((await call(sandbox, accessToken, '/v1/carts', { method: 'POST', body: { items: [] } })).body).toEqual(
        bad('CART-2001-400', 'Cart exists for user'),
      );

      expect((await call(sandbox, accessToken, '/v1/carts')).body!.data).toHaveLength(1);
      expect(
        (
          await call(sandbox, accessToken, `/v1/carts/${cart.id}/items`, {
            method: 'POST',
            body: { upc: ORANGE, quantity: 4 },
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await call(sandbox, accessToken, `/v1/carts/${cart.id}/items/${ORANGE}`, {
            method: 'PUT',
            body: { quantity: 6 },
          })
        ).status,
      ).toBe(204);
      expect(
        (
          await call(sandbox, accessToken, `/v1/carts/${cart.id}`, {
            method: 'PUT',
            body: { items: [{ upc: MILK, quantity: 2 }] },
          })
        ).status,
      ).toBe(200);
      // Only items already in the cart can be updated this way.
      expect(
        (
          await call(sandbox, accessToken, `/v1/carts/${cart.id}`, {
            method: 'PUT',
            body: { items: [{ upc: '0003700008411', quantity: 1 }] },
          })
        ).status,
      ).toBe(409);
      expect(
        (await call(sandbox, accessToken, `/v1/carts/${cart.id}/items/${MILK}`, { method: 'DELETE' })).status,
      ).toBe(204);
      expect(
        (await call(sandbox, accessToken, `/v1/carts/${cart.id}/items/${MILK}`, { method: 'DELETE' })).status,
      ).toBe(404);

      const read = await call(sandbox, accessToken, `/v1/carts/${cart.id}`);
      expect(read.body!.data.items).toEqual([
        expect.objectContaining({ upc: ORANGE, quantity: 6, description: 'Fresh Navel Oranges - Each' }),
      ]);
      expect((await call(sandbox, accessToken, '/v1/carts/2b9b3963-5cac-42f8-9d28-7bebdec0b9e4')).status).toBe(404);
      // An unknown product cannot be fulfilled.
      expect(
        (
          await call(sandbox, accessToken, `/v1/carts/${cart.id}/items`, {
            method: 'POST',
            body: { upc: '0009999999999', quantity: 1 },
          })
        ).status,
      ).toBe(409);
    });

    it("keeps one customer out of another customer's cart", async () => {
      const shopper = await customerTokens(sandbox, PARTNER, PARTNER_SCOPES, 'shopper@example.com');
      const pat = await customerTokens(sandbox, PARTNER, PARTNER_SCOPES, 'pat@example.com');
      const created = await call(sandbox, shopper.accessToken, '/v1/carts', {
        method: 'POST',
        body: { items: [{ upc: MILK, quantity: 1 }] },
      });
      const id = created.body!.data[0].id;
      expect((await call(sandbox, pat.accessToken, `/v1/carts/${id}`)).status).toBe(404);
      expect((await call(sandbox, pat.accessToken, `/v1/carts/${id}/items/${MILK}`, { method: 'DELETE' })).status).toBe(
        404,
      );
    });

    it('refuses public-tier tokens with CART-2216, yet lets them read one cart by id (observed live)', async () => {
      const publicTokens = await customerTokens(sandbox, PUBLIC, PUBLIC_SCOPES);
      const refused = await call(sandbox, publicTokens.accessToken, '/v1/carts', {
        method: 'POST',
        body: { items: [] },
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual(bad('CART-2216', 'required scope not found. expected [cart.basic:rw]'));
      expect((await call(sandbox, publicTokens.accessToken, '/v1/carts')).status).toBe(403);
      await call(sandbox, publicTokens.accessToken, '/v1/cart/add', {
        method: 'PUT',
        body: { items: [{ upc: MILK, quantity: 1 }] },
      });
      const id = sandbox.context.carts.get('shopper@example.com')!.id;
      expect((await call(sandbox, publicTokens.accessToken, `/v1/carts/${id}`)).status).toBe(200);
    });
  });

  describe('identity', () => {
    it('gives the public tier only the stable profile id', async () => {
      const first = await customerTokens(sandbox, PUBLIC, PUBLIC_SCOPES);
      const res = await call(sandbox, first.accessToken, '/v1/identity/profile');
      expectShape('profile', res.body);
      expect(Object.keys(res.body!.data)).toEqual(['id']);
      const again = await customerTokens(sandbox, PUBLIC, PUBLIC_SCOPES);
      expect((await call(sandbox, again.accessToken, '/v1/identity/profile')).body!.data.id).toBe(res.body!.data.id);
      expect((await call(sandbox, first.accessToken, '/v1/identity/profile/loyalty')).status).toBe(403);
    });

    it('gives the partner tier the full profile and the loyalty card', async () => {
      const { accessToken } = await customerTokens(sandbox, PARTNER, PARTNER_SCOPES);
      const profile = await call(sandbox, accessToken, '/v1/identity/profile');
      expect(profile.body!.data).toMatchObject({
        firstName: 'Sam',
        email: 'shopper@example.com',
        loyalty: { cardNumber: '48401234567890' },
      });
      expect((await call(sandbox, accessToken, '/v1/identity/profile/loyalty')).body).toEqual({
        data: { loyalty: { cardNumber: '48401234567890' } },
        meta: {},
      });
    });
  });

  describe('coupons (partner, modeled)', () => {
    it('lists, filters, clips and unclips per customer', async () => {
      const app = await appToken(sandbox, PARTNER, 'coupons.basic');
      const all = await call(sandbox, app, '/v1/coupons');
      expect(all.status).toBe(200);
      expect(all.body!.data.length).toBeGreaterThan(10);
      all.body!.data.forEach((coupon: unknown) => expectShape('coupon', coupon));
      const coupon = all.body!.data[0];
      const byProduct = await call(sandbox, app, `/v1/coupons?filter.productId=${coupon.productIds[0]}`);
      expect(byProduct.body!.data.map((c: any) => c.couponId)).toContain(coupon.couponId);

      const shopper = await customerTokens(sandbox, PARTNER, PARTNER_SCOPES);
      expect(
        (
          await call(sandbox, shopper.accessToken, '/v1/my_coupons', {
            method: 'POST',
            body: { couponId: coupon.couponId },
          })
        ).status,
      ).toBe(204);
      const mine = await call(sandbox, shopper.accessToken, '/v1/my_coupons');
      expect(mine.body!.data).toEqual([expect.objectContaining({ couponId: coupon.couponId, clipped: true })]);
      const pat = await customerTokens(sandbox, PARTNER, PARTNER_SCOPES, 'pat@example.com');
      expect((await call(sandbox, pat.accessToken, '/v1/my_coupons')).body!.data).toEqual([]);
      expect(
        (
          await call(sandbox, shopper.accessToken, `/v1/my_coupons?filter.couponId=${coupon.couponId}`, {
            method: 'DELETE',
          })
        ).status,
      ).toBe(204);
      expect((await call(sandbox, shopper.accessToken, '/v1/my_coupons')).body!.data).toEqual([]);
      expect(
        (await call(sandbox, shopper.accessToken, '/v1/my_coupons', { method: 'POST', body: { couponId: '1' } }))
          .status,
      ).toBe(404);
    });

    it('refuses the public tier', async () => {
      const app = await appToken(sandbox, PUBLIC);
      const res = await call(sandbox, app, '/v1/coupons');
      expect(res.status).toBe(403);
      expect(res.body!.errors.code).toBe('COUPON-2216');
    });
  });
});
