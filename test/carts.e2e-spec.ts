import request from 'supertest';
import { bearer } from './support/accounts';
import { mcpClient, Shoppers, startWithShoppers } from './support/shoppers';

const MILK = '0001111041700';
const ORANGES = '0000000003107';

describe('Cart, identity and coupons on the public tier (e2e)', () => {
  let ctx: Shoppers;
  beforeAll(async () => (ctx = await startWithShoppers('public')));
  afterAll(async () => {
    await ctx?.service.close();
    await ctx?.database.drop();
  });
  const api = () => request(ctx.service.url);

  it('adds to the Kroger cart and shows the ledger of what this app added', async () => {
    await ctx.sandbox.send('DELETE', '/requests');
    const added = await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .send({ items: [{ productId: MILK, quantity: 2, modality: 'PICKUP' }] })
      .expect(201);
    expect(added.body.added[0]).toMatchObject({
      upc: MILK,
      name: 'Kroger 2% Reduced Fat Milk',
      quantity: 2,
      status: 'ACCEPTED',
    });
    expect((await ctx.sandbox.calls('/v1/cart/add')).length).toBe(1);
    const cart = await api().get('/api/v1/cart').set(bearer(ctx.alice)).expect(200);
    expect(cart.body).toMatchObject({
      source: 'ledger',
      note: expect.stringContaining('cannot read the cart'),
      cartUrl: 'https://www.kroger.com/cart',
    });
    expect(cart.body.items[0]).toMatchObject({ upc: MILK, quantity: 2, status: 'ACCEPTED', channel: 'rest' });
  });

  it('replays an Idempotency-Key without a second Kroger call, and refuses it with another body', async () => {
    await ctx.sandbox.send('DELETE', '/requests');
    const body = { items: [{ upc: ORANGES, quantity: 3, modality: 'DELIVERY' }] };
    const first = await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .set('Idempotency-Key', 'order-0001-abc')
      .send(body)
      .expect(201);
    const again = await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .set('Idempotency-Key', 'order-0001-abc')
      .send(body)
      .expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await ctx.sandbox.calls('/v1/cart/add')).length).toBe(1);
    const other = await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .set('Idempotency-Key', 'order-0001-abc')
      .send({ items: [{ upc: ORANGES, quantity: 9, modality: 'DELIVERY' }] })
      .expect(422);
    expect(other.body.code).toBe('idempotency.key_reused');
    // Keys are per user: Bob's identical key is his own.
    await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.bob))
      .set('Idempotency-Key', 'order-0001-abc')
      .send(body)
      .expect(201);
  });

  it('records an add whose connection dropped as UNKNOWN and does not retry it', async () => {
    await ctx.sandbox.send('DELETE', '/requests');
    await ctx.sandbox.faults([{ path: '/v1/cart/add', drop: 'after', count: 1 }]);
    const res = await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .send({ items: [{ upc: MILK, quantity: 1, modality: 'PICKUP' }] })
      .expect(502);
    expect(res.body.code).toBe('kroger.outcome_unknown');
    expect((await ctx.sandbox.calls('/v1/cart/add')).length).toBe(1);
    const cart = await api().get('/api/v1/cart').set(bearer(ctx.alice)).expect(200);
    expect(cart.body.items[0]).toMatchObject({ upc: MILK, quantity: 1, status: 'UNKNOWN' });
  });

  it('validates items and names the field', async () => {
    const res = await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .send({ items: [{ productId: '123', quantity: 0, modality: 'DRONE' }] })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'items.0.modality',
      'items.0.productId',
      'items.0.quantity',
    ]);
    const unknown = await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .send({ items: [{ productId: '0009999999999', quantity: 1, modality: 'PICKUP' }] })
      .expect(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'items.0', rule: 'knownProduct' });
  });

  it('answers partner-only operations with a 501 problem that explains why', async () => {
    for (const call of [
      api().put(`/api/v1/cart/items/${MILK}`).set(bearer(ctx.alice)).send({ quantity: 3 }),
      api().delete(`/api/v1/cart/items/${MILK}`).set(bearer(ctx.alice)),
      api().get('/api/v1/coupons').set(bearer(ctx.alice)),
      api().post('/api/v1/me/coupons/2100007919').set(bearer(ctx.alice)),
    ]) {
      const res = await call.expect(501);
      expect(res.body).toMatchObject({ code: 'tier.partner_required', detail: expect.stringContaining('partner') });
    }
  });

  it('gives the public profile: the Kroger profile id only', async () => {
    const res = await api().get('/api/v1/me/profile').set(bearer(ctx.alice)).expect(200);
    expect(res.body).toEqual({ profileId: expect.stringMatching(/^[0-9a-f-]{36}$/), tier: 'public' });
  });

  it("keeps each user's ledger and profile to themselves", async () => {
    const bobCart = await api().get('/api/v1/cart').set(bearer(ctx.bob)).expect(200);
    expect(bobCart.body.items.every((i: { upc: string }) => i.upc === ORANGES)).toBe(true);
    const aliceProfile = await api().get('/api/v1/me/profile').set(bearer(ctx.alice)).expect(200);
    const bobProfile = await api().get('/api/v1/me/profile').set(bearer(ctx.bob)).expect(200);
    expect(aliceProfile.body.profileId).not.toBe(bobProfile.body.profileId);
  });

  it('adds through MCP once per requestId, however often the client retries it; REST and MCP show the same cart', async () => {
    const client = await mcpClient(ctx.service.url, ctx.bob);
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(expect.arrayContaining(['add_to_cart', 'view_cart', 'get_profile']));
      // Public tier: the partner-only tools are not offered, rather than offered and failing.
      for (const partnerOnly of ['update_cart_item', 'remove_from_cart', 'get_loyalty_card', 'list_coupons'])
        expect(tools).not.toContain(partnerOnly);
      const addTool = (await client.listTools()).tools.find((t) => t.name === 'add_to_cart')!;
      expect(addTool.annotations).toMatchObject({ readOnlyHint: false, idempotentHint: false, openWorldHint: true });
      expect(addTool.description).toMatch(/only what the user asked/i);
      await ctx.sandbox.send('DELETE', '/requests');
      const args = { items: [{ productId: MILK, quantity: 1, modality: 'PICKUP' }], requestId: 'bob-milk-7d1c2a' };
      const added = await client.callTool({ name: 'add_to_cart', arguments: args });
      expect(added.isError).toBeFalsy();
      // A retry of the same add, as a client resending after a timeout (any JSON-RPC id, any connection).
      const resend = async () => {
        const res = await fetch(`${ctx.service.url}/mcp`, {
          method: 'POST',
          headers: {
            ...bearer(ctx.bob),
            'Content-Type': 'application/json',
            Accept: 'application/json, text/event-stream',
            'MCP-Protocol-Version': '2025-06-18',
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 77,
            method: 'tools/call',
            params: { name: 'add_to_cart', arguments: args },
          }),
        });
        return { status: res.status, text: await res.text() };
      };
      const retry = await resend();
      const retryAgain = await resend();
      expect([retry.status, retryAgain.status]).toEqual([200, 200]);
      expect(retryAgain.text).toContain('not added again');
      expect((await ctx.sandbox.calls('/v1/cart/add')).length).toBe(1);

      const viewed = await client.callTool({ name: 'view_cart', arguments: {} });
      const rest = await api().get('/api/v1/cart').set(bearer(ctx.bob)).expect(200);
      expect(viewed.structuredContent).toEqual(rest.body);
    } finally {
      await client.close();
    }
  });

  it('keeps concurrent MCP callers apart: each request acts as its own user, and requestIds are per user', async () => {
    const [alice, bob] = await Promise.all([
      mcpClient(ctx.service.url, ctx.alice),
      mcpClient(ctx.service.url, ctx.bob),
    ]);
    try {
      const aliceId = (await api().get('/api/v1/me/profile').set(bearer(ctx.alice)).expect(200)).body.profileId;
      const bobId = (await api().get('/api/v1/me/profile').set(bearer(ctx.bob)).expect(200)).body.profileId;
      // Interleaved in flight: a principal leaking between requests would show up as the other's profile.
      const calls = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? alice : bob));
      const profiles = await Promise.all(calls.map((c) => c.callTool({ name: 'get_profile', arguments: {} })));
      expect(profiles.map((p) => (p.structuredContent as { profileId: string }).profileId)).toEqual(
        calls.map((c) => (c === alice ? aliceId : bobId)),
      );
      // Bob used this requestId (test above); for Alice it is a new add, never Bob's result replayed.
      const args = { items: [{ productId: MILK, quantity: 1, modality: 'PICKUP' }], requestId: 'bob-milk-7d1c2a' };
      const added = await alice.callTool({ name: 'add_to_cart', arguments: args });
      expect(added.structuredContent).toMatchObject({ outcome: 'added' });
      const aliceCart = await api().get('/api/v1/cart').set(bearer(ctx.alice)).expect(200);
      expect(aliceCart.body.items.map((i: { upc: string }) => i.upc)).toContain(MILK);
    } finally {
      await Promise.all([alice.close(), bob.close()]);
    }
  });

  it('limits cart writes per user', async () => {
    let limited: request.Response | undefined;
    for (let i = 0; i < 40 && !limited; i += 1) {
      const res = await api()
        .post('/api/v1/cart/items')
        .set(bearer(ctx.bob))
        .send({ items: [{ upc: ORANGES, quantity: 1, modality: 'PICKUP' }] });
      if (res.status === 429) limited = res;
    }
    expect(limited?.body.code).toBe('cart.rate_limited');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    // Alice is not affected by Bob's limit.
    await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .send({ items: [{ upc: ORANGES, quantity: 1, modality: 'PICKUP' }] })
      .expect(201);
  });
});

describe('Cart, identity and coupons on the partner tier (e2e)', () => {
  let ctx: Shoppers;
  beforeAll(async () => (ctx = await startWithShoppers('partner')));
  afterAll(async () => {
    await ctx?.service.close();
    await ctx?.database.drop();
  });
  const api = () => request(ctx.service.url);

  it('reads, changes and removes items in the real Kroger cart', async () => {
    await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .send({
        items: [
          { productId: MILK, quantity: 1, modality: 'PICKUP' },
          { productId: ORANGES, quantity: 4, modality: 'PICKUP' },
        ],
      })
      .expect(201);
    const cart = await api().get('/api/v1/cart').set(bearer(ctx.alice)).expect(200);
    expect(cart.body).toMatchObject({ source: 'kroger', cartId: expect.any(String) });
    expect(cart.body.items.map((i: { upc: string; quantity: number }) => [i.upc, i.quantity]).sort()).toEqual(
      [
        [ORANGES, 4],
        [MILK, 1],
      ].sort(),
    );
    const updated = await api()
      .put(`/api/v1/cart/items/${ORANGES}`)
      .set(bearer(ctx.alice))
      .send({ quantity: 6 })
      .expect(200);
    expect(updated.body.items.find((i: { upc: string }) => i.upc === ORANGES).quantity).toBe(6);
    const removed = await api().delete(`/api/v1/cart/items/${MILK}`).set(bearer(ctx.alice)).expect(200);
    expect(removed.body.items.map((i: { upc: string }) => i.upc)).toEqual([ORANGES]);
    expect((await api().delete(`/api/v1/cart/items/${MILK}`).set(bearer(ctx.alice)).expect(404)).body.code).toBe(
      'cart_item.not_found',
    );
    // Bob cannot see or change Alice's cart: he has his own (empty) one.
    expect((await api().get('/api/v1/cart').set(bearer(ctx.bob)).expect(200)).body.items).toEqual([]);
    await api().delete(`/api/v1/cart/items/${ORANGES}`).set(bearer(ctx.bob)).expect(404);
  });

  it('shows the partner profile with the loyalty card masked unless revealed with the scope', async () => {
    const masked = await api().get('/api/v1/me/profile').set(bearer(ctx.alice)).expect(200);
    expect(masked.body).toMatchObject({
      firstName: 'Sam',
      email: 'shopper@example.com',
      loyaltyCard: '••••••••••7890',
      tier: 'partner',
    });
    const revealed = await api().get('/api/v1/me/profile?revealLoyaltyCard=true').set(bearer(ctx.alice)).expect(200);
    expect(revealed.body.loyaltyCard).toBe('48401234567890');
    const pat = (
      await api()
        .post('/api/v1/me/tokens')
        .set(bearer(ctx.alice))
        .send({ name: 'reader', scopes: ['read'] })
        .expect(201)
    ).body.token;
    expect((await api().get('/api/v1/me/profile?revealLoyaltyCard=true').set(bearer(pat)).expect(403)).body.code).toBe(
      'auth.insufficient_scope',
    );
    expect((await api().get('/api/v1/me/profile').set(bearer(ctx.bob)).expect(200)).body.email).toBe('pat@example.com');
  });

  it('lists coupons and clips them per user, through REST and MCP alike', async () => {
    const coupons = await api().get('/api/v1/coupons').set(bearer(ctx.alice)).expect(200);
    expect(coupons.body.data.length).toBeGreaterThan(5);
    const id = coupons.body.data[0].couponId as string;
    await api().post(`/api/v1/me/coupons/${id}`).set(bearer(ctx.alice)).expect(204);
    const mine = await api().get('/api/v1/coupons').set(bearer(ctx.alice)).expect(200);
    expect(mine.body.data.find((c: { couponId: string }) => c.couponId === id).clipped).toBe(true);
    const bobs = await api().get('/api/v1/coupons').set(bearer(ctx.bob)).expect(200);
    expect(bobs.body.data.find((c: { couponId: string }) => c.couponId === id).clipped).toBe(false);
    await api().post('/api/v1/me/coupons/1').set(bearer(ctx.alice)).expect(404);

    const client = await mcpClient(ctx.service.url, ctx.alice);
    try {
      const listed = await client.callTool({ name: 'list_coupons', arguments: {} });
      expect(
        (listed.structuredContent as { coupons: { couponId: string; clipped: boolean }[] }).coupons.find(
          (c) => c.couponId === id,
        )?.clipped,
      ).toBe(true);
      expect((await client.callTool({ name: 'unclip_coupon', arguments: { couponId: id } })).isError).toBeFalsy();
      const after = await api().get('/api/v1/coupons').set(bearer(ctx.alice)).expect(200);
      expect(after.body.data.find((c: { couponId: string }) => c.couponId === id).clipped).toBe(false);
      const card = await client.callTool({ name: 'get_loyalty_card', arguments: {} });
      expect(card.structuredContent).toEqual({ loyaltyCard: '••••••••••7890' });
    } finally {
      await client.close();
    }
  });
});
