import { parsePage, parseProduct } from '../kroger/kroger-parsers';
import { toProductDto } from './product.mapper';
import { sharedProductDto, sharedProductPage } from './shared-product-answers';

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
