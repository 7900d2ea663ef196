import { parseCart, parseLocation, parsePage, parseProduct, parseTokens } from './kroger-parsers';

describe('Kroger parsers tolerate live-vs-spec differences', () => {
  const live = {
    productId: '0001111041700',
    upc: '0001111041700',
    description: 'Kroger 2% Reduced Fat Milk',
    brand: 'Kroger',
    categories: ['Dairy'],
    images: [
      {
        perspective: 'front',
        featured: true,
        sizes: [{ size: 'large', url: 'https://www.kroger.com/product/images/large/front/0001111041700' }],
      },
    ],
    items: [
      {
        itemId: '0001111041700',
        size: '1 gal',
        soldBy: 'UNIT',
        price: { regular: 1.99, promo: 0 },
        fulfillment: { curbside: true, delivery: true, inStore: true, shipToHome: false },
        inventory: { stockLevel: 'HIGH' },
      },
    ],
    aisleLocations: [{ description: 'AISLE 23', number: '23' }],
    nutritionInformation: [{ nutrients: [] }],
  };
  const spec = {
    ...live,
    images: [{ perspective: 'front', default: true, sizes: [] }],
    items: [
      {
        itemId: '0001111041700',
        size: '1 gal',
        soldBy: 'unit',
        price: { regular: 1.99, effectiveDate: { value: '2024-01-01', timezone: 'UTC' } },
        fulfillment: { curbside: true, delivery: false, instore: true, shiptohome: true },
      },
    ],
    nutritionInformation: { nutrients: [] },
  };

  it('reads the same product from live and from spec casing', () => {
    const a = parseProduct(live);
    const b = parseProduct(spec);
    expect(a.images[0].featured).toBe(true);
    expect(b.images[0].featured).toBe(true);
    expect(a.soldBy).toBe('UNIT');
    expect(b.soldBy).toBe('UNIT');
    expect(a.fulfillment).toEqual({ curbside: true, delivery: true, inStore: true, shipToHome: false });
    expect(b.fulfillment).toEqual({ curbside: true, delivery: false, inStore: true, shipToHome: true });
    expect(b.price).toMatchObject({ regular: 1.99, promo: 0, effectiveDate: '2024-01-01' });
    expect(a.nutrition).toHaveLength(1);
    expect(b.nutrition).toHaveLength(1);
    expect(a.stockLevel).toBe('HIGH');
    expect(b.stockLevel).toBeUndefined();
    expect(parseProduct({ ...live, brand: undefined }).brand).toBeUndefined();
  });

  it('reads store hours in both 24-hour flag casings and numeric closing times', () => {
    const location = parseLocation({
      locationId: '01400943',
      chain: 'KROGER',
      name: 'Kroger - Forest Park',
      address: { addressLine1: '1212 W Kemper Rd', city: 'Cincinnati', state: 'OH', zipCode: '45240' },
      geolocation: { latitude: 39.29, longitude: -84.52 },
      hours: {
        timezone: 'America/New_York',
        Open24: false,
        monday: { open: '06:00', close: 1380, open24: false },
        tuesday: { open: '00:00', close: '23:59', Open24: true },
      },
      departments: [{ departmentId: '0K', name: 'Full Strength Beer' }],
    });
    expect(location.hours?.days.monday).toEqual({ open: '06:00', close: '23:00', open24: false });
    expect(location.hours?.days.tuesday?.open24).toBe(true);
    expect(location.departments[0].departmentId).toBe('0K');
  });

  it('reads pagination from meta, and defaults when Kroger sends an empty meta', () => {
    expect(
      parsePage({ data: [live], meta: { pagination: { start: 0, limit: 2, total: 474 } } }, parseProduct),
    ).toMatchObject({ start: 0, limit: 2, total: 474 });
    expect(parsePage({ data: [live], meta: {} }, parseProduct)).toMatchObject({ start: 0, limit: 1, total: 1 });
  });

  it('takes granted scopes from the response, or from the token claims when Kroger omits them', () => {
    const claims = Buffer.from(JSON.stringify({ scope: 'cart.basic:write profile.compact' })).toString('base64url');
    expect(parseTokens({ access_token: `h.${claims}.s`, expires_in: 1800, refresh_token: 'r' }).scopes).toEqual([
      'cart.basic:write',
      'profile.compact',
    ]);
    expect(parseTokens({ access_token: 'opaque', expires_in: 1800, scope: 'product.compact' }).scopes).toEqual([
      'product.compact',
    ]);
    expect(parseTokens({ access_token: 'opaque' }).scopes).toEqual([]);
  });

  it('reads carts with any modality casing', () => {
    expect(
      parseCart({ id: 'c1', items: [{ upc: '0001111041700', quantity: '2', modality: 'delivery' }] }).items[0],
    ).toMatchObject({ quantity: 2, modality: 'DELIVERY' });
  });
});
