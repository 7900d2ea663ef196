import request from 'supertest';
import { CartLedgerRepository } from '../src/carts/cart-ledger.repository';
import { bearer, linkAccount } from './support/accounts';
import { RETURN_TO, Shoppers, startWithShoppers } from './support/shoppers';

type Line = { ledgerId: string; upc: string; quantity: number };
type ItemPage = {
  data: Line[];
  pagination: { limit: number; next: string | null };
  totals: { lines: number; quantity: number; estimatedTotal: number | null };
  checkout: { checkoutId: string; checkedOutAt: string } | null;
};

describe('Cart ledger on the public tier: paging, checked-out, forgetting a line (e2e)', () => {
  let ctx: Shoppers;
  let products: string[];
  beforeAll(async () => {
    ctx = await startWithShoppers('public');
    const found = await request(ctx.service.url).get('/api/v1/products?term=milk&limit=8').expect(200);
    products = found.body.data.map((p: { productId: string }) => p.productId);
    expect(products.length).toBe(8);
    // At a store, lines carry prices: the totals can be estimated.
    await request(ctx.service.url)
      .put('/api/v1/me/preferred-location')
      .set(bearer(ctx.alice))
      .send({ locationId: '01400943' })
      .expect(200);
  });
  afterAll(async () => {
    await ctx?.service.close();
    await ctx?.database.drop();
  });
  const api = () => request(ctx.service.url);
  const add = (token: string, upcs: string[], key?: string) => {
    const call = api()
      .post('/api/v1/cart/items')
      .set(bearer(token))
      .send({ items: upcs.map((upc) => ({ upc, quantity: 2, modality: 'PICKUP' })) });
    return key ? call.set('Idempotency-Key', key) : call;
  };
  const page = async (token: string, query = ''): Promise<ItemPage> =>
    (await api().get(`/api/v1/cart/items${query}`).set(bearer(token)).expect(200)).body;
  /** Every line of a ledger, following `next` to the end. */
  const allLines = async (token: string, ledger: 'current' | 'previous'): Promise<Line[]> => {
    const lines: Line[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const body: ItemPage = await page(token, `?ledger=${ledger}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      lines.push(...body.data);
      cursor = body.pagination.next;
    }
    return lines;
  };
  const checkOut = (token: string, key?: string) => {
    const call = api().post('/api/v1/cart/checked-out').set(bearer(token));
    return key ? call.set('Idempotency-Key', key) : call;
  };

  it('pages the ledger newest first by cursor, with totals over every page and a Link to the next page', async () => {
    const added = (await add(ctx.alice, products.slice(0, 5)).expect(201)).body.added as Line[];
    const first = await api().get('/api/v1/cart/items?limit=2').set(bearer(ctx.alice)).expect(200);
    expect(first.body.totals).toEqual({ lines: 5, quantity: 10, estimatedTotal: expect.any(Number) });
    expect(first.body.checkout).toBeNull();
    expect(first.body.data).toHaveLength(2);
    expect(first.headers.link).toBe(`</api/v1/cart/items?limit=2&cursor=${first.body.pagination.next}>; rel="next"`);

    // A line added while the user pages goes to the top: the pages after the first neither repeat nor skip.
    await add(ctx.alice, [products[5]]).expect(201);
    const seen = [...first.body.data];
    let next: string | null = first.body.pagination.next;
    const totalsAfterAdd = (await page(ctx.alice, '?limit=1')).totals;
    expect(totalsAfterAdd).toMatchObject({ lines: 6, quantity: 12 });
    while (next) {
      const body: ItemPage = await page(ctx.alice, `?limit=2&cursor=${next}`);
      // Every page carries the whole ledger's totals, not its own.
      expect(body.totals).toEqual(totalsAfterAdd);
      seen.push(...body.data);
      next = body.pagination.next;
    }
    expect(seen.map((l) => l.ledgerId).sort()).toEqual(added.map((l) => l.ledgerId).sort());

    const cart = await api().get('/api/v1/cart').set(bearer(ctx.alice)).expect(200);
    expect(cart.body).toMatchObject({ source: 'ledger', lineCount: 6, estimatedTotal: totalsAfterAdd.estimatedTotal });
    expect(cart.body.items[0]).toMatchObject({ upc: products[5], ledgerId: expect.any(String) });
  });

  it('gives the totals on a page left empty after its cursor, when the lines after it were removed', async () => {
    const added = (await add(ctx.bob, products.slice(0, 2)).expect(201)).body.added as Line[];
    const first = await page(ctx.bob, '?limit=1');
    const [shown] = first.data;
    const after = added.find((l) => l.ledgerId !== shown.ledgerId)!;
    await api().delete(`/api/v1/cart/items/${after.ledgerId}`).set(bearer(ctx.bob)).expect(200);
    const emptied = await page(ctx.bob, `?limit=1&cursor=${first.pagination.next}`);
    expect(emptied.data).toEqual([]);
    expect(emptied.pagination.next).toBeNull();
    expect(emptied.totals).toEqual({ lines: 1, quantity: 2, estimatedTotal: null });
    await api().delete(`/api/v1/cart/items/${shown.ledgerId}`).set(bearer(ctx.bob)).expect(200);
  });

  it("sends each user to the Kroger site of their own preferred store's chain, with lines or none", async () => {
    const preferred = (token: string) => api().put('/api/v1/me/preferred-location').set(bearer(token));
    const cartOf = async (token: string) => (await api().get('/api/v1/cart').set(bearer(token)).expect(200)).body;
    await preferred(ctx.bob).send({ locationId: '70300193' }).expect(200);
    expect(await cartOf(ctx.bob)).toMatchObject({ items: [], lineCount: 0, cartUrl: 'https://www.ralphs.com/cart' });
    const [line] = (await add(ctx.bob, [products[0]]).expect(201)).body.added as Line[];
    expect(await cartOf(ctx.bob)).toMatchObject({
      items: [expect.objectContaining({ ledgerId: line.ledgerId })],
      lineCount: 1,
      cartUrl: 'https://www.ralphs.com/cart',
    });
    expect((await cartOf(ctx.alice)).cartUrl).toBe('https://www.kroger.com/cart');
    // Without a preferred store, the cart is on kroger.com.
    await api().delete(`/api/v1/cart/items/${line.ledgerId}`).set(bearer(ctx.bob)).expect(200);
    await api().delete('/api/v1/me/preferred-location').set(bearer(ctx.bob)).expect(204);
    expect(await cartOf(ctx.bob)).toMatchObject({ items: [], cartUrl: 'https://www.kroger.com/cart' });
  });

  it('refuses a bad cursor, limit or ledger naming the field and rule', async () => {
    const bad = await api().get('/api/v1/cart/items?cursor=nope&limit=101&ledger=old').set(bearer(ctx.alice));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`).sort()).toEqual([
      'ledger:enum',
      'limit:maximum',
    ]);
    // Tampered cursors that look like ours (hex digits and dashes in the id's place) are refused too, not a 500.
    for (const cursor of [
      '1700000000000_nope',
      '1700000000000_------------------------------------',
      '1700000000000_000000000000000000000000000000000000',
    ]) {
      const forged = await api().get(`/api/v1/cart/items?cursor=${cursor}`).set(bearer(ctx.alice));
      expect(forged.status).toBe(400);
      expect(forged.body.errors).toEqual([expect.objectContaining({ field: 'cursor', rule: 'cursor' })]);
    }
  });

  it('reads a well-formed cursor past the year 9999 as a position after every line, not as a 500', async () => {
    const newest = await page(ctx.alice, '?limit=2');
    expect(newest.data).toHaveLength(2);
    // 253402300800000 ms is 10000-01-01T00:00:00Z; 15 digits is the most a cursor may carry.
    for (const at of ['253402300800000', '999999999999999']) {
      const far = await page(ctx.alice, `?limit=2&cursor=${at}_${newest.data[0].ledgerId}`);
      expect(far.data).toEqual(newest.data);
      expect(far.totals).toEqual(newest.totals);
    }
  });

  it('closes the ledger on checked-out, keeps it readable as the previous one, and a repeat is a harmless no-op', async () => {
    const before = await allLines(ctx.alice, 'current');
    expect(before.length).toBeGreaterThan(0);
    const closed = await checkOut(ctx.alice).expect(200);
    expect(closed.body).toMatchObject({ checkoutId: expect.any(String), lines: before.length });
    expect(closed.body.estimatedTotal).toEqual(expect.any(Number));

    const cart = await api().get('/api/v1/cart').set(bearer(ctx.alice)).expect(200);
    expect(cart.body).toMatchObject({ items: [], lineCount: 0, estimatedTotal: null });
    const previous = await page(ctx.alice, '?ledger=previous');
    expect(previous.checkout).toEqual({ checkoutId: closed.body.checkoutId, checkedOutAt: closed.body.checkedOutAt });
    expect((await allLines(ctx.alice, 'previous')).map((l) => l.ledgerId).sort()).toEqual(
      before.map((l) => l.ledgerId).sort(),
    );

    // Nothing to close: nothing happens, and the previous ledger is still the one closed above.
    const again = await checkOut(ctx.alice).expect(200);
    expect(again.body).toEqual({ checkoutId: null, checkedOutAt: null, lines: 0, estimatedTotal: null });
    expect((await page(ctx.alice, '?ledger=previous')).checkout?.checkoutId).toBe(closed.body.checkoutId);
    // Bob's ledger was not touched by Alice's checkout, and he has no previous one.
    expect((await page(ctx.bob, '?ledger=previous')).checkout).toBeNull();
  });

  it('replays a checked-out sent again with its Idempotency-Key instead of closing the next ledger', async () => {
    await add(ctx.alice, [products[0]]).expect(201);
    const first = await checkOut(ctx.alice, 'checkout-0001-abc').expect(200);
    expect(first.body.lines).toBe(1);
    const kept = (await add(ctx.alice, [products[1]]).expect(201)).body.added[0] as Line;
    const replay = await checkOut(ctx.alice, 'checkout-0001-abc').expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect((await page(ctx.alice)).data.map((l) => l.ledgerId)).toEqual([kept.ledgerId]);
    // A key first used for an add is not a checkout's.
    await add(ctx.alice, [products[2]], 'add-0002-abc').expect(201);
    expect((await checkOut(ctx.alice, 'add-0002-abc').expect(422)).body.code).toBe('idempotency.key_reused');
  });

  it('never loses an add that races a checked-out: each line is in the closed ledger or the new one', async () => {
    for (let round = 0; round < 3; round++) {
      await checkOut(ctx.bob).expect(200);
      const [adds, closed] = await Promise.all([
        Promise.all(products.slice(0, 4).map((upc) => add(ctx.bob, [upc]).expect(201))),
        checkOut(ctx.bob).expect(200),
      ]);
      const ids = adds.map((res) => (res.body.added[0] as Line).ledgerId);
      const current = new Set((await allLines(ctx.bob, 'current')).map((l) => l.ledgerId));
      const previous = new Set((await allLines(ctx.bob, 'previous')).map((l) => l.ledgerId));
      for (const id of ids) expect(Number(current.has(id)) + Number(previous.has(id))).toBe(1);
      expect(ids.filter((id) => previous.has(id)).length).toBe(closed.body.lines);
    }
  });

  it("forgets a line the user removed on Kroger's site, without a Kroger call; another user's line is 404", async () => {
    const [line, other] = (await add(ctx.alice, products.slice(6, 8)).expect(201)).body.added as Line[];
    expect((await api().delete(`/api/v1/cart/items/${line.ledgerId}`).set(bearer(ctx.bob))).status).toBe(404);
    await ctx.sandbox.send('DELETE', '/requests');
    const cart = await api().delete(`/api/v1/cart/items/${line.ledgerId}`).set(bearer(ctx.alice)).expect(200);
    expect(cart.body.items.map((l: Line) => l.ledgerId)).not.toContain(line.ledgerId);
    expect(cart.body.items.map((l: Line) => l.ledgerId)).toContain(other.ledgerId);
    expect((await ctx.sandbox.calls('/v1/')).filter((c) => c.path.startsWith('/v1/cart'))).toEqual([]);
    const gone = await api().delete(`/api/v1/cart/items/${line.ledgerId}`).set(bearer(ctx.alice)).expect(404);
    expect(gone.body.code).toBe('cart_line.not_found');
    const bad = await api().delete('/api/v1/cart/items/not-an-id').set(bearer(ctx.alice)).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'itemId', rule: 'pattern' });
  });
});

describe('Cart views of many users at once, read together in one statement (e2e)', () => {
  let ctx: Shoppers;
  let tokens: string[];
  let products: string[];
  // One pooled connection, on PostgreSQL as on PGlite: views that arrive together wait and are read together.
  beforeAll(async () => {
    ctx = await startWithShoppers('public', { DATABASE_POOL_SIZE: '1' });
    const others = await Promise.all(
      ['riley@example.com', 'jordan@example.com'].map((email) =>
        linkAccount(ctx.service.url, { returnTo: RETURN_TO, email }),
      ),
    );
    tokens = [ctx.alice, ctx.bob, ...others.map((o) => o.accessToken)];
    const found = await request(ctx.service.url).get('/api/v1/products?term=milk&limit=8').expect(200);
    products = found.body.data.map((p: { productId: string }) => p.productId);
  });
  afterAll(async () => {
    await ctx?.service.close();
    await ctx?.database.drop();
  });
  const api = () => request(ctx.service.url);
  const cartOf = async (token: string) => (await api().get('/api/v1/cart').set(bearer(token)).expect(200)).body;

  it("gives each user only their own lines, totals and store's site, and the add each made just before", async () => {
    // Different carts: user i has i + 1 lines (the last user none), alice and bob each a preferred store
    // (lines added there are priced).
    await api()
      .put('/api/v1/me/preferred-location')
      .set(bearer(ctx.alice))
      .send({ locationId: '01400943' })
      .expect(200);
    await api().put('/api/v1/me/preferred-location').set(bearer(ctx.bob)).send({ locationId: '70300193' }).expect(200);
    for (const [i, token] of tokens.slice(0, -1).entries())
      await api()
        .post('/api/v1/cart/items')
        .set(bearer(token))
        .send({ items: products.slice(i, 2 * i + 1).map((upc) => ({ upc, quantity: i + 1, modality: 'PICKUP' })) })
        .expect(201);
    const alone = [];
    for (const token of tokens) alone.push(await cartOf(token));
    expect(alone.map((cart) => cart.lineCount)).toEqual([1, 2, 3, 0]);
    expect(alone.map((cart) => cart.cartUrl)).toEqual([
      'https://www.kroger.com/cart',
      'https://www.ralphs.com/cart',
      'https://www.kroger.com/cart',
      'https://www.kroger.com/cart',
    ]);
    expect(alone[0].estimatedTotal).toEqual(expect.any(Number));

    // Forty views at once, the users interleaved: each answer is that user's view read alone.
    const repository = ctx.service.app.get(CartLedgerRepository);
    const statements = jest.spyOn(
      repository as unknown as { currentViewsOf(ids: string[]): unknown },
      'currentViewsOf',
    );
    const together = await Promise.all(Array.from({ length: 40 }, (_, n) => cartOf(tokens[n % tokens.length])));
    together.forEach((cart, n) => expect(cart).toEqual(alone[n % tokens.length]));
    // They were read together: fewer statements than views, some carrying several users.
    expect(statements.mock.calls.length).toBeLessThan(40);
    expect(Math.max(...statements.mock.calls.map(([ids]) => ids.length))).toBeGreaterThan(1);
    statements.mockRestore();

    // Each user adds a line and at once views the cart, all users together: every view shows its own add.
    const views = await Promise.all(
      tokens.map(async (token, i) => {
        const [line] = (
          await api()
            .post('/api/v1/cart/items')
            .set(bearer(token))
            .send({ items: [{ upc: products[7 - i], quantity: 9, modality: 'DELIVERY' }] })
            .expect(201)
        ).body.added as Line[];
        return { line, cart: await cartOf(token) };
      }),
    );
    views.forEach(({ line, cart }, i) => {
      expect(cart.lineCount).toBe(alone[i].lineCount + 1);
      expect(cart.items[0]).toMatchObject({ ledgerId: line.ledgerId, upc: products[7 - i], quantity: 9 });
      expect(cart.items.slice(1)).toEqual(alone[i].items);
    });
  });
});

describe('Cart ledger routes on the partner tier (e2e)', () => {
  let ctx: Shoppers;
  beforeAll(async () => (ctx = await startWithShoppers('partner')));
  afterAll(async () => {
    await ctx?.service.close();
    await ctx?.database.drop();
  });
  const api = () => request(ctx.service.url);

  it('refuses checked-out and removal by ledgerId with a clear problem, and pages the real cart', async () => {
    const checkedOut = await api().post('/api/v1/cart/checked-out').set(bearer(ctx.alice)).expect(501);
    expect(checkedOut.body).toMatchObject({
      code: 'cart.ledger_unavailable',
      detail: expect.stringContaining('Kroger'),
    });
    const removed = await api()
      .delete('/api/v1/cart/items/6f1c2d3e-4a5b-4c6d-8e7f-901234567890')
      .set(bearer(ctx.alice))
      .expect(501);
    expect(removed.body).toMatchObject({ code: 'cart.ledger_unavailable', detail: expect.stringContaining('UPC') });
    expect((await api().get('/api/v1/cart/items?ledger=previous').set(bearer(ctx.alice)).expect(501)).body.code).toBe(
      'cart.ledger_unavailable',
    );

    await api()
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .send({ items: [{ upc: '0001111041700', quantity: 2, modality: 'PICKUP' }] })
      .expect(201);
    const items = await api().get('/api/v1/cart/items').set(bearer(ctx.alice)).expect(200);
    expect(items.body).toMatchObject({ source: 'kroger', pagination: { limit: 50, next: null }, checkout: null });
    expect(items.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ upc: '0001111041700' })]));
    expect(items.body.data[0].ledgerId).toBeUndefined();
  });
});
