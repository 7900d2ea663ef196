import { startSandbox, RunningSandbox } from '../sandbox';
import { appToken, call, customerTokens, expectShape, PUBLIC } from './support';

describe('sandbox Products API', () => {
  let sandbox: RunningSandbox;
  let token: string;
  beforeAll(async () => {
    sandbox = await startSandbox();
    token = await appToken(sandbox);
  });
  afterAll(() => sandbox.close());

  const search = (query: string) => call(sandbox, token, `/v1/products?${query}`);
  const badRequest = (code: string, reason: string) => ({ errors: { timestamp: expect.any(Number), code, reason } });

  it('generates a realistic catalog of at least 5,000 products', () => {
    expect(sandbox.catalogSize).toBeGreaterThanOrEqual(5000);
  });

  it('finds products by term at a store with prices, aisles, stock and fulfillment in live casing', async () => {
    const res = await search('filter.term=milk&filter.locationId=01400943&filter.limit=20');
    expect(res.status).toBe(200);
    expectShape('productList', res.body);
    expect(res.body!.meta.pagination).toMatchObject({ start: 0, limit: 20 });
    expect(res.body!.meta.pagination.total).toBeGreaterThan(20);
    const items = res.body!.data.map((p: any) => p.items[0]);
    expect(items.every((i: any) => typeof i.price?.regular === 'number' || i.price === undefined)).toBe(true);
    expect(items.filter((i: any) => i.price).length).toBeGreaterThan(15);
    expect(res.body!.data.every((p: any) => Array.isArray(p.aisleLocations))).toBe(true);
    expect(items[0].fulfillment).toEqual(expect.objectContaining({ inStore: true }));
    // promo is 0, never absent, when the item is not on sale.
    expect(items.filter((i: any) => i.price).every((i: any) => typeof i.price.promo === 'number')).toBe(true);
    expect(res.body!.data.every((p: any) => /milk/i.test(p.description))).toBe(true);
  });

  it('omits price, aisle, stock and fulfillment without a store', async () => {
    const res = await search('filter.term=milk&filter.limit=5');
    expectShape('productList', res.body);
    for (const product of res.body!.data) {
      expect(product.aisleLocations).toBeUndefined();
      expect(product.items[0].price).toBeUndefined();
      expect(product.items[0].inventory).toBeUndefined();
      expect(product.items[0].fulfillment).toBeUndefined();
    }
  });

  it('matches case-insensitively, across words, and tolerates plurals', async () => {
    const apples = await search('filter.term=APPLES&filter.limit=50');
    const apple = await search('filter.term=apple&filter.limit=50');
    expect(apples.body!.meta.pagination.total).toBe(apple.body!.meta.pagination.total);
    expect(apples.body!.meta.pagination.total).toBeGreaterThan(10);
    const multi = await search('filter.term=greek%20yogurt%20strawberry&filter.limit=50');
    expect(multi.body!.data.length).toBeGreaterThan(0);
    expect(
      multi.body!.data.every((p: any) => /greek yogurt/i.test(p.description) && /strawberry/i.test(p.description)),
    ).toBe(true);
  });

  it('filters by brand (case-sensitive pipe list) and fulfillment, and pages with start and limit', async () => {
    const brands = await search('filter.brand=Kroger|Simple%20Truth&filter.limit=50');
    expect(brands.body!.data.every((p: any) => ['Kroger', 'Simple Truth'].includes(p.brand))).toBe(true);
    expect((await search('filter.brand=kroger')).body!.data).toHaveLength(0);

    const shipping = await search(
      'filter.term=chips&filter.locationId=01400943&filter.fulfillment=sth&filter.limit=50',
    );
    expect(shipping.body!.data.every((p: any) => p.items[0].fulfillment.shipToHome)).toBe(true);

    const first = await search('filter.term=cereal&filter.limit=5&filter.start=0');
    const second = await search('filter.term=cereal&filter.limit=5&filter.start=5');
    expect(second.body!.meta.pagination.start).toBe(5);
    const ids = new Set(first.body!.data.map((p: any) => p.productId));
    expect(second.body!.data.some((p: any) => ids.has(p.productId))).toBe(false);
  });

  it('looks products up by id list (at most 50), honouring the store', async () => {
    const res = await search('filter.productId=0001111041700,0000000003107,0000000000000&filter.locationId=01400943');
    expect(res.body!.data.map((p: any) => p.productId).sort()).toEqual(['0000000003107', '0001111041700']);
    expect(res.body!.data[0].items[0].price).toBeDefined();
    const tooMany = Array.from({ length: 51 }, (_, i) => String(i).padStart(13, '0')).join(',');
    expect((await search(`filter.productId=${tooMany}`)).status).toBe(400);
  });

  it('answers product details by id, with live quirks: featured image, nutrition as an array', async () => {
    const res = await call(sandbox, token, '/v1/products/0001111041700?filter.locationId=01400943');
    expect(res.status).toBe(200);
    expectShape('product', res.body!.data);
    expect(res.body!.meta).toEqual({});
    expect(res.body!.data.images[0]).toMatchObject({ perspective: 'front', featured: true });
    expect(Array.isArray(res.body!.data.nutritionInformation)).toBe(true);
    expect(res.body!.data.productPageURI).toMatch(
      /^\/p\/kroger-2-reduced-fat-milk\/0001111041700\?cid=.*p_t:sandboxpublicapp-$/,
    );
    expect((await call(sandbox, token, '/v1/products/0009999999999')).status).toBe(404);
  });

  it.each([
    ['filter.term=mi', 'PRODUCT-2005-400', "Field 'term' must have a length of at least 3 characters"],
    [
      'filter.term=a%20b%20c%20d%20e%20f%20g%20h%20i',
      'PRODUCT-2005-400',
      "Field 'term' must have no more than 8 words",
    ],
    [
      'filter.term=milk&filter.locationId=0140094',
      'PRODUCT-2011-400',
      "Field 'locationId' must have a length of 8 characters",
    ],
    [
      'filter.term=milk&filter.limit=51',
      'PRODUCT-2002-400',
      "Field 'limit' must be a number between 1 and 50 (inclusive)",
    ],
    [
      'filter.term=milk&filter.limit=0',
      'PRODUCT-2002-400',
      "Field 'limit' must be a number between 1 and 50 (inclusive)",
    ],
    [
      'filter.term=milk&filter.start=251',
      'PRODUCT-2003-400',
      "Field 'start' must be a number between 1 and 250 (inclusive)",
    ],
    [
      'filter.term=milk&filter.fulfillment=xyz',
      'PRODUCT-2008-400',
      "Field 'fulfillment' must be one of ais, csp, dth, sth",
    ],
    ['filter.limit=5', 'PRODUCT-2000-400', 'Invalid parameters'],
  ])("refuses %s with Kroger's 400 envelope", async (query, code, reason) => {
    const res = await search(query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(badRequest(code, reason));
    expectShape('apiError', res.body);
  });

  it('accepts alphanumeric location ids (sheds), which sell online only', async () => {
    const res = await search('filter.term=milk&filter.locationId=540FC500&filter.limit=3');
    expect(res.status).toBe(200);
    expect(res.body!.data[0].items[0].fulfillment).toMatchObject({ inStore: false, delivery: true });
  });

  it('needs a token with a product scope', async () => {
    expect((await call(sandbox, undefined, '/v1/products?filter.term=milk')).body).toEqual({
      error: 'invalid_request',
      error_description: 'The access_token is missing',
    });
    const customer = await customerTokens(sandbox, PUBLIC, 'profile.compact');
    const res = await call(sandbox, customer.accessToken, '/v1/products?filter.term=milk');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      errors: { timestamp: expect.any(Number), code: 'Forbidden', reason: 'missing required scopes' },
    });
  });

  it('serves a search in well under a millisecond of CPU', () => {
    const index = sandbox.context.catalog;
    const started = process.cpuUsage();
    for (let i = 0; i < 2000; i += 1) index.search(i % 2 ? 'whole milk' : 'potato chips');
    const micros = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 2000;
    console.log(`catalog search: ${micros.toFixed(1)} µs CPU per search over ${sandbox.catalogSize} products`);
    expect(micros).toBeGreaterThan(0);
  });
});
