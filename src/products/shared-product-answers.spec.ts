import express from 'express';
import request from 'supertest';
import { sendSharedAnswersOnce } from '../common/http/shared-answers';
import { weakEtag } from '../common/http/weak-etag';
import { MemoryCacheStore } from '../kroger/cache/memory-cache.store';
import { parsePage, parseProduct } from '../kroger/kroger-parsers';
import { toolResult, toolResultOf } from '../mcp/mcp-toolset';
import { toProductDto } from './product.mapper';
import { pageProducts, sharedProductDto, sharedProductPage } from './shared-product-answers';

const raw = (productId: string, price?: { regular: number; promo: number }) => ({
  productId,
  upc: productId,
  description: 'Milk',
  brand: 'Kroger',
  categories: ['Dairy'],
  images: [],
  items: [{ itemId: productId, size: '1 gal', soldBy: 'UNIT', ...(price ? { price } : {}) }],
  aisleLocations: [],
  productPageURI: `/p/milk/${productId}?fulfillment=PICKUP`,
});

describe('answers shared per cached Kroger entry', () => {
  it('is the same answer for the same entry and store, equal to one built afresh, and cannot be changed', () => {
    const entry = parseProduct(raw('0001111041700', { regular: 1.99, promo: 0 }));
    const first = sharedProductDto(entry, '01400943', 'www.kroger.com');
    expect(sharedProductDto(entry, '01400943', 'www.kroger.com')).toBe(first);
    expect(first).toEqual(toProductDto(entry, '01400943', 'www.kroger.com'));
    expect(Object.isFrozen(first)).toBe(true);
  });

  it("never gives one store's or banner's answer for another", () => {
    const entry = parseProduct(raw('0001111041700', { regular: 1.99, promo: 0 }));
    const here = sharedProductDto(entry, '01400943', 'www.kroger.com');
    const there = sharedProductDto(entry, '01600569', 'www.kroger.com');
    const ralphs = sharedProductDto(entry, '01400943', 'www.ralphs.com');
    expect(there).not.toBe(here);
    expect(there.locationId).toBe('01600569');
    expect(ralphs.productUrl).toBe('https://www.ralphs.com/p/milk/0001111041700');
    expect(here.productUrl).toBe('https://www.kroger.com/p/milk/0001111041700');
  });

  it('a catalog entry without price or aisle is one answer whatever the store asked for', () => {
    const entry = parseProduct(raw('0001111041701'));
    const one = sharedProductDto(entry, '01400943', 'www.kroger.com');
    expect(sharedProductDto(entry, '01600569', 'www.kroger.com')).toBe(one);
    expect(one.locationId).toBeUndefined();
  });

  it('a page is shared per entry and store, and a new entry (a Redis read, a refresh) is a new answer', () => {
    const body = { data: [raw('0001111041700', { regular: 1, promo: 0 })], meta: { pagination: { total: 1 } } };
    const entry = parsePage(body, parseProduct);
    const page = sharedProductPage(entry, '01400943', 'www.kroger.com');
    expect(sharedProductPage(entry, '01400943', 'www.kroger.com')).toBe(page);
    expect(Object.isFrozen(page.data)).toBe(true);
    const reread = sharedProductPage(parsePage(body, parseProduct), '01400943', 'www.kroger.com');
    expect(reread).not.toBe(page);
    expect(reread).toEqual(page);
  });
});

describe("the read cache's byte limit counts the answers shared per entry", () => {
  const FOREVER = Number.MAX_SAFE_INTEGER;
  const searchPage = () =>
    parsePage(
      {
        data: [raw('0001111041700', { regular: 1.99, promo: 0 }), raw('0001111041701', { regular: 2.5, promo: 2 })],
        meta: { pagination: { total: 2 } },
      },
      parseProduct,
    );
  const hold = (store: MemoryCacheStore, key: string, value: unknown) =>
    store.set(key, { value, storedAt: 0, freshUntil: FOREVER, expiresAt: FOREVER });

  it("counts each answer when built and its JSON bytes when first sent, once, on the entry's slot", async () => {
    const store = new MemoryCacheStore(100, 10_000_000);
    const page = searchPage();
    await hold(store, 'products.search?term=milk', page);
    const stored = store.stats().bytes;

    const answer = sharedProductPage(page, '01400943', 'www.kroger.com');
    const built = store.stats().bytes;
    expect(built - stored).toBe(answer.data.reduce((sum, p) => sum + Buffer.byteLength(JSON.stringify(p)), 0));
    sharedProductPage(page, '01400943', 'www.kroger.com');
    expect(store.stats().bytes).toBe(built);

    const app = express();
    app.set('etag', weakEtag);
    sendSharedAnswersOnce(app);
    app.get('/', (_req, res) => res.json(answer));
    const sent = await request(app).get('/');
    expect(sent.status).toBe(200);
    expect(store.stats().bytes).toBe(built + Buffer.byteLength(sent.text));
    await request(app).get('/');
    expect(store.stats().bytes).toBe(built + Buffer.byteLength(sent.text));
  });

  it('an entry whose answers outgrow the limit is evicted, so the limit bounds entries and answers together', async () => {
    const page = searchPage();
    const pageBytes = 'products.search?term=milk'.length * 2 + Buffer.byteLength(JSON.stringify(page));
    const limit = pageBytes * 3;
    const store = new MemoryCacheStore(100, limit);
    await hold(store, 'products.search?term=milk', page);
    // One answer per banner's web domain: each view of the entry keeps its own.
    for (let banner = 0; banner < 20; banner += 1) sharedProductPage(page, '01400943', `www.banner${banner}.com`);
    expect(store.stats().bytes).toBeLessThanOrEqual(limit);
    expect(store.stats()).toMatchObject({ entries: 0, evictions: 1 });
  });

  it("a search by price's window pages charge their products' answers to each page", async () => {
    const store = new MemoryCacheStore(100, 10_000_000);
    const page = searchPage();
    await hold(store, 'products.search?term=milk&limit=50', page);
    const stored = store.stats().bytes;
    const dtos = pageProducts(page).map((p) => sharedProductDto(p, '01400943', 'www.kroger.com'));
    expect(store.stats().bytes - stored).toBe(dtos.reduce((sum, p) => sum + Buffer.byteLength(JSON.stringify(p)), 0));
  });

  it("counts the MCP tool result built once for a shared page on the page's slot, once", async () => {
    const store = new MemoryCacheStore(100, 10_000_000);
    const page = searchPage();
    await hold(store, 'products.search?term=milk', page);
    const answer = sharedProductPage(page, '01400943', 'www.kroger.com');
    const built = store.stats().bytes;
    const asTool = (served: typeof answer) => toolResult({ names: served.data.map((p) => p.name) }, 'milk table');

    const result = toolResultOf(answer, asTool);
    expect(store.stats().bytes - built).toBe(Buffer.byteLength(JSON.stringify(result)));
    toolResultOf(answer, asTool);
    expect(store.stats().bytes - built).toBe(Buffer.byteLength(JSON.stringify(result)));
  });
});
