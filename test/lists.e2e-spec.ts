import request from 'supertest';
import { bearer, linkAccount } from './support/accounts';
import { CartsService } from '../src/carts/carts.service';
import { ListsService } from '../src/lists/lists.service';
import { mcpClient, RETURN_TO, Shoppers, startWithShoppers } from './support/shoppers';

const STORE = '01400943';
const MILK = '0001111041700';
const UNKNOWN_PRODUCT = '0009999999999';
/** In the sandbox's catalogue, but not sold at STORE. */
const NOT_AT_STORE = '0001111001709';

type Structured = Record<string, any>;
const structured = (result: unknown) => (result as { structuredContent: Structured }).structuredContent;
const textOf = (result: unknown) => (result as { content: { text: string }[] }).content[0].text;

/** Products the sandbox sells at STORE, each in a different aisle where it can. */
async function productsWithAisles(url: string, token: string): Promise<{ productId: string; aisle: number }[]> {
  const found = new Map<number, string>();
  for (const term of ['peanut butter', 'cereal', 'coffee', 'pasta']) {
    const page = await request(url)
      .get(`/api/v1/products?term=${encodeURIComponent(term)}&locationId=${STORE}&limit=10`)
      .set(bearer(token))
      .expect(200);
    for (const p of page.body.data as { productId: string; aisle?: { number: string } }[]) {
      const aisle = Number.parseInt(p.aisle?.number ?? '', 10);
      if (!Number.isNaN(aisle) && !found.has(aisle)) found.set(aisle, p.productId);
    }
  }
  return [...found].map(([aisle, productId]) => ({ productId, aisle }));
}

describe('Shopping lists on the public tier (e2e)', () => {
  let ctx: Shoppers;
  beforeAll(async () => (ctx = await startWithShoppers('public')));
  afterAll(async () => {
    await ctx?.service.close();
    await ctx?.database.drop();
  });
  const api = () => request(ctx.service.url);
  const createList = async (token: string, name: string) =>
    (await api().post('/api/v1/lists').set(bearer(token)).send({ name }).expect(201)).body as Structured;
  const addItems = (token: string, listId: string, items: unknown[]) =>
    api().post(`/api/v1/lists/${listId}/items`).set(bearer(token)).send({ items });
  /** POST cart-items for PICKUP under an Idempotency-Key. */
  const listToCart = (token: string, listId: string, key: string) =>
    api()
      .post(`/api/v1/lists/${listId}/cart-items`)
      .set(bearer(token))
      .set('Idempotency-Key', key)
      .send({ modality: 'PICKUP' });

  it('shows a list in aisle order at a store with prices and stock, free text last, from one batched Kroger call', async () => {
    const products = await productsWithAisles(ctx.service.url, ctx.alice);
    expect(products.length).toBeGreaterThanOrEqual(3);
    const list = await createList(ctx.alice, 'Aisle walk');
    // Added out of aisle order, with free text between.
    const shuffled = [...products].sort((a, b) => b.aisle - a.aisle);
    await addItems(ctx.alice, list.listId, [
      { text: 'ripe bananas', quantity: 6 },
      ...shuffled.map((p) => ({ productId: p.productId, quantity: 2 })),
      { text: 'birthday candles', note: 'blue ones' },
    ]).expect(201);

    await ctx.sandbox.send('DELETE', '/requests');
    const view = await api().get(`/api/v1/lists/${list.listId}?locationId=${STORE}`).set(bearer(ctx.alice)).expect(200);
    expect(view.body).toMatchObject({ listId: list.listId, name: 'Aisle walk', locationId: STORE });
    const items = view.body.items as Structured[];
    expect(items.map((i) => i.productId ?? i.text)).toEqual([
      ...[...products].sort((a, b) => a.aisle - b.aisle).map((p) => p.productId),
      'ripe bananas',
      'birthday candles',
    ]);
    for (const item of items.slice(0, products.length))
      expect(item.product).toMatchObject({ name: expect.any(String), price: { current: expect.any(Number) } });
    expect(items.at(-1)).toMatchObject({ text: 'birthday candles', note: 'blue ones', quantity: 1, checked: false });
    // The product cache had them from the search: no call per item (at most one batched call).
    expect((await ctx.sandbox.calls('/v1/products')).length).toBeLessThanOrEqual(1);
    await api().get(`/api/v1/lists/${list.listId}?locationId=${STORE}`).set(bearer(ctx.alice)).expect(200);
    expect((await ctx.sandbox.calls('/v1/products')).length).toBeLessThanOrEqual(1);

    // At another store nothing is cached: every product of the list comes in one batched call.
    const stores = await api().get('/api/v1/locations?zipCode=45202&limit=5').set(bearer(ctx.alice)).expect(200);
    const other = (stores.body.data as Structured[]).find((s) => s.locationId !== STORE)!.locationId;
    await ctx.sandbox.send('DELETE', '/requests');
    const cold = await api().get(`/api/v1/lists/${list.listId}?locationId=${other}`).set(bearer(ctx.alice)).expect(200);
    expect(cold.body.locationId).toBe(other);
    const byId = await ctx.sandbox.calls('/v1/products');
    expect(byId.map((c) => c.path)).toEqual(['/v1/products']);
    expect(byId[0].query['filter.productId'].split(',').sort()).toEqual(products.map((p) => p.productId).sort());

    const page = await api().get('/api/v1/lists').set(bearer(ctx.alice)).expect(200);
    expect(page.body.pagination).toMatchObject({ start: 0, total: expect.any(Number) });
    expect(page.body.data).toContainEqual(
      expect.objectContaining({
        listId: list.listId,
        itemCount: products.length + 2,
        uncheckedCount: products.length + 2,
      }),
    );
  });

  it("keeps users apart: another user's list and items are 404, and absent from their lists", async () => {
    const list = await createList(ctx.alice, 'Private');
    const item = (await addItems(ctx.alice, list.listId, [{ text: 'secret sauce' }]).expect(201)).body.items[0];
    const asBob = [
      api().get(`/api/v1/lists/${list.listId}`),
      api().patch(`/api/v1/lists/${list.listId}`).send({ name: 'Mine now' }),
      api().delete(`/api/v1/lists/${list.listId}`),
      api()
        .post(`/api/v1/lists/${list.listId}/items`)
        .send({ items: [{ text: 'x' }] }),
      api().patch(`/api/v1/lists/${list.listId}/items/${item.itemId}`).send({ checked: true }),
      api().delete(`/api/v1/lists/${list.listId}/items/${item.itemId}`),
      api()
        .post(`/api/v1/lists/${list.listId}/checked-items`)
        .send({ itemIds: [item.itemId] }),
      api().post(`/api/v1/lists/${list.listId}/cart-items`).send({ modality: 'PICKUP' }),
    ];
    for (const call of asBob) {
      const res = await call.set(bearer(ctx.bob)).expect(404);
      expect(res.body.code).toBe('shopping_list.not_found');
    }
    const bobs = await api().get('/api/v1/lists').set(bearer(ctx.bob)).expect(200);
    expect(bobs.body.data.map((l: Structured) => l.listId)).not.toContain(list.listId);
    // An item of Alice's other list is not reachable through this one either.
    const other = await createList(ctx.alice, 'Other');
    const res = await api()
      .patch(`/api/v1/lists/${other.listId}/items/${item.itemId}`)
      .set(bearer(ctx.alice))
      .send({ checked: true })
      .expect(404);
    expect(res.body.code).toBe('list_item.not_found');
    const still = await api().get(`/api/v1/lists/${list.listId}`).set(bearer(ctx.alice)).expect(200);
    expect(still.body.items[0]).toMatchObject({ text: 'secret sauce', checked: false });
  });

  it('answers bad input with a problem naming the field and the rule, and a full list with 409', async () => {
    const long = await api()
      .post('/api/v1/lists')
      .set(bearer(ctx.alice))
      .send({ name: 'x'.repeat(101) })
      .expect(400);
    expect(long.body.errors[0]).toMatchObject({ field: 'name', message: expect.stringContaining('1 to 100') });
    const list = await createList(ctx.alice, 'Limits');
    const dup = await api().post('/api/v1/lists').set(bearer(ctx.alice)).send({ name: 'LIMITS' }).expect(409);
    expect(dup.body.code).toBe('list.name_taken');
    const empty = await addItems(ctx.alice, list.listId, [{ quantity: 2 }]).expect(400);
    expect(empty.body.errors[0]).toMatchObject({ field: 'items.0.text', rule: 'required' });
    const bad = await addItems(ctx.alice, list.listId, [{ productId: '123', quantity: 0, text: 'milk' }]).expect(400);
    expect(bad.body.errors.map((e: Structured) => e.field).sort()).toEqual(['items.0.productId', 'items.0.quantity']);
    const badId = await api().get('/api/v1/lists/not-a-list').set(bearer(ctx.alice)).expect(400);
    expect(badId.body.errors[0].field).toBe('listId');
    const cleared = await addItems(ctx.alice, list.listId, [{ text: 'eggs' }]).expect(201);
    const emptied = await api()
      .patch(`/api/v1/lists/${list.listId}/items/${cleared.body.items[0].itemId}`)
      .set(bearer(ctx.alice))
      .send({ text: null })
      .expect(400);
    expect(emptied.body.errors[0]).toMatchObject({ field: 'text', rule: 'required' });

    const fifty = Array.from({ length: 50 }, (_, i) => ({ text: `item ${i}` }));
    for (let i = 0; i < 3; i++) await addItems(ctx.alice, list.listId, fifty).expect(201);
    await addItems(ctx.alice, list.listId, fifty.slice(0, 49)).expect(201);
    const full = await addItems(ctx.alice, list.listId, [{ text: 'one too many' }]).expect(409);
    expect(full.body).toMatchObject({ code: 'list.limit_reached', limit: 200 });
  });

  it('lets two devices of one user edit the same list at once without losing an item', async () => {
    // A second sign-in of the same Kroger account: the same user on another device.
    const phone = (await linkAccount(ctx.service.url, { returnTo: RETURN_TO, email: 'shopper@example.com' }))
      .accessToken;
    const list = await createList(ctx.alice, 'Shared');
    const adds = Array.from({ length: 30 }, (_, i) =>
      addItems(i % 2 ? phone : ctx.alice, list.listId, [{ text: `thing ${i}` }]).then((res) => res.status),
    );
    expect(await Promise.all(adds)).toEqual(Array(30).fill(201));
    const view = await api().get(`/api/v1/lists/${list.listId}`).set(bearer(phone)).expect(200);
    expect(view.body.items.map((i: Structured) => i.text).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `thing ${i}`).sort(),
    );
    expect(view.body.version).toBe(31);

    const item = view.body.items[0];
    const edit = (token: string, quantity: number) =>
      api()
        .patch(`/api/v1/lists/${list.listId}/items/${item.itemId}`)
        .set(bearer(token))
        .send({ quantity, version: item.version });
    const [laptop, mobile] = await Promise.all([edit(ctx.alice, 3), edit(phone, 5)]);
    expect([laptop.status, mobile.status].sort()).toEqual([200, 409]);
    const [won, lost] = laptop.status === 200 ? [laptop, mobile] : [mobile, laptop];
    expect(lost.body).toMatchObject({ code: 'list_item.version_conflict', currentVersion: item.version + 1 });
    const after = await api().get(`/api/v1/lists/${list.listId}`).set(bearer(ctx.alice)).expect(200);
    expect(after.body.items.find((i: Structured) => i.itemId === item.itemId)).toMatchObject({
      quantity: won.body.quantity,
      version: item.version + 1,
    });
    // Checking off needs no version: both devices checking the same item agree.
    const checks = await Promise.all(
      [ctx.alice, phone].map((token) =>
        api()
          .post(`/api/v1/lists/${list.listId}/checked-items`)
          .set(bearer(token))
          .send({ itemIds: [item.itemId] }),
      ),
    );
    expect(checks.map((c) => c.status)).toEqual([200, 200]);
  });

  it('adds the unchecked products of a list to the cart once per Idempotency-Key, with a result per item', async () => {
    const list = await createList(ctx.alice, 'To cart');
    const added = await addItems(ctx.alice, list.listId, [
      { productId: MILK, quantity: 2 },
      { text: 'fresh basil' },
      { productId: UNKNOWN_PRODUCT },
      { productId: '0000000003107', quantity: 3 },
    ]).expect(201);
    const [milk, basil, unknown, oranges] = added.body.items as Structured[];
    const checked = await addItems(ctx.alice, list.listId, [{ productId: MILK, text: 'already have' }]).expect(201);
    await api()
      .post(`/api/v1/lists/${list.listId}/checked-items`)
      .set(bearer(ctx.alice))
      .send({ itemIds: [checked.body.items[0].itemId] })
      .expect(200);

    await ctx.sandbox.send('DELETE', '/requests');
    const toCart = () =>
      api()
        .post(`/api/v1/lists/${list.listId}/cart-items`)
        .set(bearer(ctx.alice))
        .set('Idempotency-Key', 'list-to-cart-0001')
        .send({ modality: 'PICKUP' });
    const first = await toCart().expect(201);
    expect(first.body).toMatchObject({ listId: list.listId, addedCount: 2, cartUrl: expect.stringContaining('/cart') });
    const result = Object.fromEntries((first.body.items as Structured[]).map((i) => [i.itemId, i]));
    expect(result[milk.itemId]).toMatchObject({ result: 'added', productId: MILK, quantity: 2 });
    expect(result[oranges.itemId]).toMatchObject({ result: 'added', quantity: 3 });
    expect(result[basil.itemId]).toMatchObject({ result: 'skipped', reason: 'free_text' });
    expect(result[unknown.itemId]).toMatchObject({ result: 'refused', reason: 'unknown_product' });
    expect(result[checked.body.items[0].itemId]).toMatchObject({ result: 'skipped', reason: 'checked' });
    expect((await ctx.sandbox.calls('/v1/cart/add')).length).toBe(1);

    const replay = await toCart().expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect((await ctx.sandbox.calls('/v1/cart/add')).length).toBe(1);

    // Added items are tagged in the cart, so another list-to-cart adds nothing again.
    const view = await api().get(`/api/v1/lists/${list.listId}`).set(bearer(ctx.alice)).expect(200);
    const milkNow = view.body.items.find((i: Structured) => i.itemId === milk.itemId);
    expect(milkNow).toMatchObject({ checked: false, inCartAt: expect.any(String) });
    const again = await api()
      .post(`/api/v1/lists/${list.listId}/cart-items`)
      .set(bearer(ctx.alice))
      .send({ modality: 'PICKUP' })
      .expect(201);
    expect(again.body.addedCount).toBe(0);
    expect(again.body.items.find((i: Structured) => i.itemId === milk.itemId)).toMatchObject({
      result: 'skipped',
      reason: 'already_in_cart',
    });
    expect((await ctx.sandbox.calls('/v1/cart/add')).length).toBe(1);
    const cart = await api().get('/api/v1/cart').set(bearer(ctx.alice)).expect(200);
    expect(cart.body.items).toContainEqual(expect.objectContaining({ upc: MILK, quantity: 2, status: 'ACCEPTED' }));
  });

  it('needs lists:write to change lists (and cart:write for list-to-cart); read suffices to read', async () => {
    const list = await createList(ctx.alice, 'Scopes');
    const token = async (scopes: string[]) =>
      (await api().post('/api/v1/me/tokens').set(bearer(ctx.alice)).send({ name: 'lists', scopes }).expect(201)).body
        .token as string;
    const reader = await token(['read']);
    await api().get(`/api/v1/lists/${list.listId}`).set(bearer(reader)).expect(200);
    const refused = await addItems(reader, list.listId, [{ text: 'milk' }]).expect(403);
    expect(refused.body.code).toBe('auth.insufficient_scope');
    const writer = await token(['read', 'lists:write']);
    await addItems(writer, list.listId, [{ text: 'milk' }]).expect(201);
    await api()
      .post(`/api/v1/lists/${list.listId}/cart-items`)
      .set(bearer(writer))
      .send({ modality: 'PICKUP' })
      .expect(403);
  });

  it('answers a collection import with the same "not on this tier" problem as other partner features', async () => {
    const list = await createList(ctx.alice, 'Import');
    const res = await api()
      .post(`/api/v1/lists/${list.listId}/collection-imports`)
      .set(bearer(ctx.alice))
      .send({ collectionId: 'abc-123' })
      .expect(501);
    expect(res.body).toMatchObject({ code: 'tier.partner_required', detail: expect.stringContaining('partner') });
  });

  it('renames and deletes lists; a stale rename version is a conflict', async () => {
    const list = await createList(ctx.alice, 'Old name');
    const renamed = await api()
      .patch(`/api/v1/lists/${list.listId}`)
      .set(bearer(ctx.alice))
      .send({ name: 'New name', version: list.version })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'New name', version: list.version + 1 });
    const stale = await api()
      .patch(`/api/v1/lists/${list.listId}`)
      .set(bearer(ctx.alice))
      .send({ name: 'Newer', version: list.version })
      .expect(409);
    expect(stale.body.code).toBe('list.version_conflict');
    await api().delete(`/api/v1/lists/${list.listId}`).set(bearer(ctx.alice)).expect(204);
    await api().get(`/api/v1/lists/${list.listId}`).set(bearer(ctx.alice)).expect(404);
  });

  it('offers the list tools to MCP clients; list_to_cart replays a requestId without adding again', async () => {
    const pat = (
      await api()
        .post('/api/v1/me/tokens')
        .set(bearer(ctx.bob))
        .send({ name: 'assistant', scopes: ['read', 'cart:write', 'lists:write'] })
        .expect(201)
    ).body.token as string;
    const client = await mcpClient(ctx.service.url, pat);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(['add_to_list', 'view_list', 'check_off', 'list_to_cart', 'list_shopping_lists']),
      );
      expect(names).not.toContain('import_collection_to_list');

      const added = await client.callTool({
        name: 'add_to_list',
        arguments: {
          items: [
            { productId: MILK, quantity: 1 },
            { text: 'limes', quantity: 4 },
          ],
        },
      });
      expect(added.isError ?? false).toBe(false);
      expect(textOf(added)).toContain('Shopping list');
      // The phone sees what the assistant added.
      const lists = await api().get('/api/v1/lists').set(bearer(ctx.bob)).expect(200);
      const shared = lists.body.data.find((l: Structured) => l.name === 'Shopping list');
      expect(shared).toMatchObject({ itemCount: 2 });

      const view = structured(await client.callTool({ name: 'view_list', arguments: { locationId: STORE } }));
      expect(view.items.map((i: Structured) => i.productId ?? i.text)).toEqual([MILK, 'limes']);
      const limes = view.items[1];
      const checked = await client.callTool({ name: 'check_off', arguments: { itemIds: [limes.itemId] } });
      expect(textOf(checked)).toContain('limes');
      const onPhone = await api().get(`/api/v1/lists/${shared.listId}`).set(bearer(ctx.bob)).expect(200);
      expect(onPhone.body.items.find((i: Structured) => i.itemId === limes.itemId).checked).toBe(true);

      await ctx.sandbox.send('DELETE', '/requests');
      const args = { modality: 'DELIVERY', requestId: 'mcp-list-cart-0001' };
      const first = structured(await client.callTool({ name: 'list_to_cart', arguments: args }));
      expect(first).toMatchObject({ outcome: 'added', addedCount: 1 });
      const retry = await client.callTool({ name: 'list_to_cart', arguments: args });
      expect(structured(retry)).toMatchObject({ outcome: 'already_added', addedCount: 1 });
      expect(textOf(retry)).toContain('nothing added again');
      expect((await ctx.sandbox.calls('/v1/cart/add')).length).toBe(1);

      const none = await client.callTool({ name: 'view_list', arguments: { list: 'No such list' } });
      expect(none.isError).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('answers a list-to-cart whose items reached the cart even when tagging them fails, so a retry adds nothing twice', async () => {
    const token = (await linkAccount(ctx.service.url, { returnTo: RETURN_TO, email: 'jordan@example.com' }))
      .accessToken;
    const list = await createList(token, 'Tagging fails');
    await addItems(token, list.listId, [{ productId: MILK }]).expect(201);
    await ctx.sandbox.send('DELETE', '/requests');
    // The database drops out after Kroger accepted the add, while the items are being tagged in-cart.
    const tagging = jest
      .spyOn(ctx.service.app.get(ListsService), 'markInCart')
      .mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
    const toCart = () => listToCart(token, list.listId, 'list-to-cart-tag-fails');
    try {
      expect((await toCart().expect(201)).body.addedCount).toBe(1);
    } finally {
      tagging.mockRestore();
    }
    expect((await toCart().expect(201)).headers['idempotent-replayed']).toBe('true');
    expect((await ctx.sandbox.calls('/v1/cart/add')).length).toBe(1);
  });

  it('keeps the items a first cart add took when a later one fails unexpectedly, so a retry adds nothing twice', async () => {
    const token = ctx.bob;
    const list = await createList(token, 'Big shop');
    const found = await api().get('/api/v1/products?term=chips&limit=30').expect(200);
    const productIds = (found.body.data as { productId: string }[]).map((p) => p.productId).slice(0, 30);
    expect(productIds).toHaveLength(30);
    await addItems(
      token,
      list.listId,
      productIds.map((productId) => ({ productId })),
    ).expect(201);
    await ctx.sandbox.send('DELETE', '/requests');
    const carts = ctx.service.app.get(CartsService);
    const add = carts.add.bind(carts);
    // The second cart add (items 26-30) fails on something other than Kroger's answer.
    const adds = jest
      .spyOn(carts, 'add')
      .mockImplementationOnce(add)
      .mockRejectedValueOnce(new Error('Connection terminated unexpectedly'));
    const toCart = () => listToCart(token, list.listId, 'list-to-cart-second-fails');
    try {
      const first = await toCart().expect(201);
      expect(first.body.addedCount).toBe(25);
      expect((first.body.items as Structured[]).filter((i) => i.result === 'refused')).toHaveLength(5);
    } finally {
      adds.mockRestore();
    }
    expect((await toCart().expect(201)).headers['idempotent-replayed']).toBe('true');
    expect((await ctx.sandbox.calls('/v1/cart/add')).length).toBe(1);
  });

  it('adds the rest of a list to the cart when the preferred store does not sell one of its products', async () => {
    const token = (await linkAccount(ctx.service.url, { returnTo: RETURN_TO, email: 'riley@example.com' })).accessToken;
    await api().put('/api/v1/me/preferred-location').set(bearer(token)).send({ locationId: STORE }).expect(200);
    const list = await createList(token, 'Weekend');
    const added = await addItems(token, list.listId, [{ productId: MILK }, { productId: NOT_AT_STORE }]).expect(201);
    const [milk, muffins] = added.body.items as Structured[];

    const result = await api()
      .post(`/api/v1/lists/${list.listId}/cart-items`)
      .set(bearer(token))
      .send({ modality: 'PICKUP' })
      .expect(201);
    expect(result.body.addedCount).toBe(1);
    const byItem = Object.fromEntries((result.body.items as Structured[]).map((i) => [i.itemId, i]));
    expect(byItem[milk.itemId]).toMatchObject({ result: 'added' });
    expect(byItem[muffins.itemId]).toMatchObject({ result: 'refused', reason: 'not_sold_at_store' });
  });
});

describe('Shopping lists on the partner tier (e2e)', () => {
  let ctx: Shoppers;
  beforeAll(async () => (ctx = await startWithShoppers('partner')));
  afterAll(async () => {
    await ctx?.service.close();
    await ctx?.database.drop();
  });
  const api = () => request(ctx.service.url);

  it('imports a saved Kroger collection into a list once, and adds the list to the partner cart', async () => {
    const collections = await api().get('/api/v1/me/collections?name=staples').set(bearer(ctx.alice)).expect(200);
    const staples = collections.body.data[0] as Structured;
    expect(staples.items.length).toBeGreaterThan(0);
    const list = (await api().post('/api/v1/lists').set(bearer(ctx.alice)).send({ name: 'Staples' }).expect(201))
      .body as Structured;
    const imported = await api()
      .post(`/api/v1/lists/${list.listId}/collection-imports`)
      .set(bearer(ctx.alice))
      .send({ collectionId: staples.collectionId })
      .expect(201);
    const productIds = [...new Set(staples.items.map((i: Structured) => i.productId))];
    expect(imported.body.added.map((i: Structured) => i.productId).sort()).toEqual([...productIds].sort());
    const again = await api()
      .post(`/api/v1/lists/${list.listId}/collection-imports`)
      .set(bearer(ctx.alice))
      .send({ collectionId: staples.collectionId })
      .expect(201);
    expect(again.body).toMatchObject({ added: [] });
    expect(again.body.skipped.length).toBe(staples.items.length);
    // Bob cannot import Alice's collection (it is not his), nor into Alice's list.
    const bobList = (await api().post('/api/v1/lists').set(bearer(ctx.bob)).send({ name: 'Mine' }).expect(201))
      .body as Structured;
    const notHis = await api()
      .post(`/api/v1/lists/${bobList.listId}/collection-imports`)
      .set(bearer(ctx.bob))
      .send({ collectionId: staples.collectionId })
      .expect(404);
    expect(notHis.body.code).toBe('collection.not_found');

    const toCart = await api()
      .post(`/api/v1/lists/${list.listId}/cart-items`)
      .set(bearer(ctx.alice))
      .set('Idempotency-Key', 'partner-list-cart-01')
      .send({ modality: 'PICKUP' })
      .expect(201);
    expect(toCart.body.addedCount).toBe(imported.body.added.length);
    const cart = await api().get('/api/v1/cart').set(bearer(ctx.alice)).expect(200);
    expect(cart.body.source).toBe('kroger');
    for (const id of productIds) expect(cart.body.items).toContainEqual(expect.objectContaining({ upc: id }));
  });

  it('offers import_collection_to_list to MCP clients', async () => {
    const client = await mcpClient(ctx.service.url, ctx.bob);
    try {
      const collections = await api().get('/api/v1/me/collections').set(bearer(ctx.bob)).expect(200);
      const first = collections.body.data[0] as Structured;
      const result = await client.callTool({
        name: 'import_collection_to_list',
        arguments: { collectionId: first.collectionId, list: 'From Kroger' },
      });
      expect(result.isError ?? false).toBe(false);
      expect(structured(result).added.length).toBeGreaterThan(0);
      const lists = await api().get('/api/v1/lists').set(bearer(ctx.bob)).expect(200);
      expect(lists.body.data.map((l: Structured) => l.name)).toContain('From Kroger');
    } finally {
      await client.close();
    }
  });
});
