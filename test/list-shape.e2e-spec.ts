import request from 'supertest';
import { bearer } from './support/accounts';
import { Shoppers, startWithShoppers } from './support/shoppers';
import { TEST_ADMIN_KEY } from './support/test-app';

type Schema = {
  $ref?: string;
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  maximum?: number;
};
type Parameter = { name: string; in: string; required?: boolean; schema: Schema };
type Response = { content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> };
type Operation = {
  operationId: string;
  parameters?: Parameter[];
  responses: Record<string, Response>;
  security?: Record<string, string[]>[];
};
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/**
 * Answers that are one thing with a short, bounded list inside, not collections; each says why.
 * A new answer with a top-level list of objects fails the walk until it is either a page or
 * named here.
 */
const DOCUMENTS: Record<string, string> = {
  Cart: 'the cart as a whole (total, cart page); its lines page through GET /api/v1/cart/items',
  Collection: 'one saved collection with its items, as Kroger returns it',
  KrogerStatus: 'one breaker and one quota per Kroger API: a fixed handful',
  Product: 'one product with its images and nutrition facts',
  Readiness: 'one health report with a check per dependency and a quota per Kroger API',
  ShoppingList: 'one shopping list with its items (at most 200), ordered by aisle for a store',
  Store: 'one store with its departments',
  UserKrogerSpend: "one user's spend: a row per Kroger endpoint and client in the current window",
};

const COURIER_KEY = 'courier-key-0123456789abcdef';

/**
 * One list shape everywhere, checked by walking the OpenAPI document: no answer is a bare array,
 * every collection is `{data, pagination}` with paging parameters and `Link`, and every list route
 * answers that shape live.
 */
describe('every list answers {data, pagination} (e2e, walks the OpenAPI document)', () => {
  let ctx: Shoppers;
  let doc: Document;
  let userId: string;
  beforeAll(async () => {
    ctx = await startWithShoppers('partner', { COURIER_API_KEY: COURIER_KEY });
    doc = (await request(ctx.service.url).get('/docs/openapi.json').expect(200)).body;
    userId = (await request(ctx.service.url).get('/api/v1/me').set(bearer(ctx.alice)).expect(200)).body.userId;
    // Something in each user list, so that paging has something to page.
    await request(ctx.service.url)
      .post('/api/v1/cart/items')
      .set(bearer(ctx.alice))
      .send({ items: [{ upc: '0001111041700', quantity: 1, modality: 'PICKUP' }] })
      .expect(201);
    for (const name of ['one', 'two'])
      await request(ctx.service.url)
        .post('/api/v1/me/tokens')
        .set(bearer(ctx.alice))
        .send({ name, scopes: ['read'] })
        .expect(201);
  });
  afterAll(async () => {
    await ctx?.service.close();
    await ctx?.database.drop();
  });

  const resolve = (schema: Schema): Schema =>
    schema.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').pop()!]) : schema;
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({ path, method, operation })),
    );
  const jsonOk = (operation: Operation) =>
    Object.entries(operation.responses)
      .filter(([status]) => /^2\d\d$/.test(status))
      .map(([, response]) => response.content?.['application/json']?.schema)
      .filter((schema): schema is Schema => schema !== undefined);
  const isPage = (schema: Schema) => resolve(schema).properties?.data?.type === 'array';
  /** GET operations answering a page, with their paging style. */
  const lists = () =>
    operations()
      .filter(({ method, operation }) => method === 'get' && jsonOk(operation).some(isPage))
      .map((entry) => {
        const pagination = jsonOk(entry.operation).map(resolve).find(isPage)!.properties!.pagination;
        return { ...entry, style: pagination.$ref?.endsWith('/CursorPagination') ? 'cursor' : 'offset' };
      });

  it('has no success answer that is a bare array', () => {
    const bare = operations()
      .filter(({ operation }) => jsonOk(operation).some((schema) => resolve(schema).type === 'array'))
      .map(({ method, path }) => `${method} ${path}`);
    expect(bare).toEqual([]);
  });

  it('declares every collection as {data, pagination} with start/limit or cursor/limit and a Link header', () => {
    expect(lists().length).toBeGreaterThanOrEqual(12);
    for (const { path, operation, style } of lists()) {
      const where = `${operation.operationId} (${path})`;
      const page = resolve(jsonOk(operation).find(isPage)!);
      expect([where, page.properties!.pagination.$ref]).toEqual([
        where,
        style === 'cursor' ? '#/components/schemas/CursorPagination' : '#/components/schemas/Pagination',
      ]);
      const query = new Map((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]));
      const paging = style === 'cursor' ? ['cursor', 'limit'] : ['start', 'limit'];
      expect([where, paging.filter((name) => query.has(name))]).toEqual([where, paging]);
      // A small request never buys a large answer: every limit has a maximum.
      expect([where, query.get('limit')!.schema.maximum]).toEqual([where, expect.any(Number)]);
      expect([where, Object.keys(operation.responses['200'].headers ?? {})]).toEqual([
        where,
        expect.arrayContaining(['Link']),
      ]);
    }
  });

  it('has no other answer with a top-level list of objects, except the documents named above', () => {
    const listsInside = operations()
      .filter(({ method }) => method === 'get')
      .flatMap(({ operation }) => jsonOk(operation).filter((schema) => !isPage(schema)))
      .filter((schema) =>
        Object.values(resolve(schema).properties ?? {}).some((property) => {
          const resolved = resolve(property);
          return resolved.type === 'array' && resolve(resolved.items ?? {}).type === 'object';
        }),
      )
      .map((schema) => schema.$ref?.split('/').pop() ?? 'an unnamed schema');
    expect([...new Set(listsInside)].filter((name) => !(name in DOCUMENTS))).toEqual([]);
  });

  it('answers every list route live in that shape, one entry per page with limit=1, and links the next page', async () => {
    const needs: Record<string, Record<string, string>> = {
      '/api/v1/locations': { zipCode: '45202' },
      '/api/v1/products': { term: 'milk' },
      '/api/v1/admin/users': { userId },
    };
    const credentials: Record<string, Record<string, string>> = {
      bearer: bearer(ctx.alice),
      'admin-key': { 'X-Admin-Key': TEST_ADMIN_KEY },
      'courier-key': { 'X-Courier-Key': COURIER_KEY },
    };
    for (const { path, operation, style } of lists()) {
      const where = `${operation.operationId} (${path})`;
      const required = (operation.parameters ?? []).filter((p) => p.in === 'query' && p.required);
      expect([where, required.map((p) => p.name).filter((name) => !(name in (needs[path] ?? {})))]).toEqual([
        where,
        [],
      ]);
      const call = request(ctx.service.url)
        .get(path)
        .query({ ...needs[path], limit: 1 });
      for (const scheme of operation.security?.flatMap((s) => Object.keys(s)) ?? []) call.set(credentials[scheme]);
      const res = await call;
      expect([where, res.status]).toEqual([where, 200]);
      expect([where, Array.isArray(res.body.data), res.body.data.length <= 1]).toEqual([where, true, true]);
      const { pagination } = res.body;
      if (style === 'cursor') {
        expect([where, Object.keys(pagination).sort(), pagination.limit]).toEqual([where, ['limit', 'next'], 1]);
        expect([where, pagination.next === null || typeof pagination.next === 'string']).toEqual([where, true]);
      } else {
        expect([where, pagination]).toEqual([where, { start: 0, limit: 1, total: expect.any(Number) }]);
      }
      const more = style === 'cursor' ? pagination.next !== null : pagination.total > 1;
      expect([where, /rel="next"/.test(res.headers.link ?? '')]).toEqual([where, more]);
    }
  });

  it('follows Link to the next page of a list fetched whole from Kroger, never past the last start it accepts, and refuses a limit over the maximum', async () => {
    const first = await request(ctx.service.url).get('/api/v1/chains?limit=2').expect(200);
    expect(first.body.pagination).toEqual({ start: 0, limit: 2, total: expect.any(Number) });
    expect(first.body.pagination.total).toBeGreaterThan(2);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.link)![1];
    const second = await request(ctx.service.url).get(next).expect(200);
    expect(second.body.pagination).toMatchObject({ start: 2, limit: 2 });
    expect(second.body.data[0]).not.toEqual(first.body.data[0]);
    expect(second.headers.link).toContain('rel="prev"');

    // Stores are paged here from one answer of Kroger's: the pages after the first cost no Kroger call.
    await ctx.sandbox.send('DELETE', '/requests');
    const stores = [];
    for (const start of [0, 5, 10])
      stores.push(
        ...(await request(ctx.service.url).get(`/api/v1/locations?zipCode=45040&start=${start}&limit=5`).expect(200))
          .body.data,
      );
    expect(stores.length).toBeGreaterThan(5);
    expect((await ctx.sandbox.calls('/v1/locations')).length).toBe(1);
    expect(new Set(stores.map((s: { locationId: string }) => s.locationId)).size).toBe(stores.length);
    const beyond = await request(ctx.service.url).get('/api/v1/locations?zipCode=45040&start=200&limit=5').expect(400);
    expect(beyond.body.errors).toEqual([expect.objectContaining({ field: 'start', rule: 'maximum' })]);

    // Kroger serves search results up to start 250 only: the last page reachable links no next page that would be a 400.
    const last = await request(ctx.service.url).get('/api/v1/products?term=organic&start=250&limit=50').expect(200);
    expect(last.body.pagination.total).toBeGreaterThan(300);
    expect(last.headers.link).not.toContain('rel="next"');
    const nearEnd = await request(ctx.service.url).get('/api/v1/products?term=organic&start=200&limit=50').expect(200);
    await request(ctx.service.url)
      .get(/<([^>]+)>; rel="next"/.exec(nearEnd.headers.link)![1])
      .expect(200);

    const tooMany = await request(ctx.service.url).get('/api/v1/departments?limit=201&start=-1').expect(400);
    expect(tooMany.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'limit', rule: 'maximum' }),
        expect.objectContaining({ field: 'start', rule: 'minimum' }),
      ]),
    );
  });
});
