import {
  KrogerAisle,
  KrogerCart,
  KrogerCollection,
  KrogerChain,
  KrogerCoupon,
  KrogerDelivery,
  KrogerDayHours,
  KrogerDepartment,
  KrogerFulfillment,
  KrogerHours,
  KrogerImage,
  KrogerLocation,
  KrogerPage,
  KrogerPrice,
  KrogerProduct,
  KrogerProfile,
  KrogerTokens,
  WEEK_DAYS,
} from './kroger-types';

/**
 * Kroger's bodies read tolerantly: live and spec differ (KROGER_API.md §11), so each quirk is read
 * both ways here and nowhere else (`inStore`/`instore`, `featured`/`default`, `UNIT`/`unit`,
 * nutrition as object or array, `open24`/`Open24`, close as "23:00" or 1380, promo absent or 0).
 */

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const arr = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
const num = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
const bool = (value: unknown): boolean => value === true || value === 'true';
/** A key in either casing. */
const either = (o: Json, ...keys: string[]) => keys.map((k) => o[k]).find((v) => v !== undefined);

function price(raw: unknown): KrogerPrice | undefined {
  const p = obj(raw);
  const regular = num(p.regular);
  if (regular === undefined) return undefined;
  const date = (v: unknown) => str(obj(v).value) ?? str(v);
  return {
    regular,
    promo: num(p.promo) ?? 0,
    regularPerUnitEstimate: num(p.regularPerUnitEstimate),
    promoPerUnitEstimate: num(p.promoPerUnitEstimate),
    effectiveDate: date(p.effectiveDate),
    expirationDate: date(p.expirationDate),
  };
}

function fulfillment(raw: unknown): KrogerFulfillment | undefined {
  const f = obj(raw);
  if (Object.keys(f).length === 0) return undefined;
  return {
    curbside: bool(f.curbside),
    delivery: bool(f.delivery),
    inStore: bool(either(f, 'inStore', 'instore')),
    shipToHome: bool(either(f, 'shipToHome', 'shiptohome')),
  };
}

function images(raw: unknown): KrogerImage[] {
  return arr(raw).map((image) => {
    const i = obj(image);
    const sizes: KrogerImage['sizes'] = {};
    for (const size of arr(i.sizes)) {
      const s = obj(size);
      const name = str(s.size) as keyof KrogerImage['sizes'] | undefined;
      const url = str(s.url);
      if (name && url) sizes[name] = url;
    }
    return { perspective: str(i.perspective) ?? 'front', featured: bool(either(i, 'featured', 'default')), sizes };
  });
}

function soldBy(raw: unknown): 'UNIT' | 'WEIGHT' | undefined {
  const value = str(raw)?.toUpperCase();
  return value === 'UNIT' || value === 'WEIGHT' ? value : undefined;
}

function stockLevel(raw: unknown): KrogerProduct['stockLevel'] {
  const value = str(obj(raw).stockLevel)?.toUpperCase();
  return value === 'HIGH' || value === 'LOW' || value === 'TEMPORARILY_OUT_OF_STOCK' ? value : undefined;
}

export function parseProduct(raw: unknown): KrogerProduct {
  const p = obj(raw);
  const item = obj(arr(p.items)[0]);
  const temperature = obj(p.temperature);
  return {
    productId: str(p.productId) ?? '',
    upc: str(p.upc) ?? str(p.productId) ?? '',
    description: str(p.description) ?? '',
    brand: str(p.brand),
    categories: arr(p.categories)
      .map(str)
      .filter((c): c is string => Boolean(c)),
    countryOrigin: str(p.countryOrigin),
    productPagePath: str(p.productPageURI),
    images: images(p.images),
    size: str(item.size),
    soldBy: soldBy(item.soldBy),
    price: price(item.price),
    nationalPrice: price(item.nationalPrice),
    stockLevel: stockLevel(item.inventory),
    fulfillment: fulfillment(item.fulfillment),
    aisleLocations: arr(p.aisleLocations).map((a): KrogerAisle => {
      const aisle = obj(a);
      return {
        description: str(aisle.description) ?? '',
        number: str(aisle.number) ?? '',
        side: str(aisle.side),
        bayNumber: str(aisle.bayNumber),
        shelfNumber: str(aisle.shelfNumber),
      };
    }),
    temperature: str(temperature.indicator)
      ? {
          indicator: str(temperature.indicator)!,
          heatSensitive: temperature.heatSensitive === undefined ? undefined : bool(temperature.heatSensitive),
        }
      : undefined,
    nutrition: arr(p.nutritionInformation).map(obj),
    allergens: arr(p.allergens)
      .map(obj)
      .filter((a) => str(a.name))
      .map((a) => ({ name: str(a.name)!, levelOfContainmentName: str(a.levelOfContainmentName) })),
    snapEligible: p.snapEligible === undefined ? undefined : bool(p.snapEligible),
  };
}

export function parsePage<T>(body: unknown, parse: (raw: unknown) => T): KrogerPage<T> {
  const b = obj(body);
  const items = arr(b.data).map(parse);
  const pagination = obj(obj(b.meta).pagination);
  return {
    items,
    start: num(pagination.start) ?? 0,
    limit: num(pagination.limit) ?? items.length,
    total: num(pagination.total) ?? items.length,
  };
}

/** "23:00", or minutes after midnight as in the spec's example (1380). */
function clock(value: unknown): string {
  const minutes = num(value);
  if (typeof value === 'number' && minutes !== undefined)
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return str(value) ?? '';
}

function hours(raw: unknown): KrogerHours | undefined {
  const h = obj(raw);
  if (Object.keys(h).length === 0) return undefined;
  const days: KrogerHours['days'] = {};
  for (const day of WEEK_DAYS) {
    const d = obj(h[day]);
    if (Object.keys(d).length === 0) continue;
    days[day] = {
      open: clock(d.open),
      close: clock(d.close),
      open24: bool(either(d, 'open24', 'Open24')),
    } satisfies KrogerDayHours;
  }
  return { timezone: str(h.timezone), gmtOffset: str(h.gmtOffset), open24: bool(either(h, 'open24', 'Open24')), days };
}

function department(raw: unknown): KrogerDepartment {
  const d = obj(raw);
  return {
    departmentId: str(d.departmentId) ?? '',
    name: str(d.name) ?? '',
    phone: str(d.phone),
    hours: hours(d.hours),
    offsite: d.offsite === undefined ? undefined : bool(d.offsite),
  };
}

export function parseLocation(raw: unknown): KrogerLocation {
  const l = obj(raw);
  const address = obj(l.address);
  const geo = obj(l.geolocation);
  const latitude = num(geo.latitude);
  const longitude = num(geo.longitude);
  return {
    locationId: str(l.locationId) ?? '',
    storeNumber: str(l.storeNumber),
    divisionNumber: str(l.divisionNumber),
    chain: str(l.chain) ?? '',
    name: str(l.name) ?? '',
    phone: str(l.phone),
    address: {
      addressLine1: str(address.addressLine1) ?? '',
      addressLine2: str(address.addressLine2),
      city: str(address.city) ?? '',
      state: str(address.state) ?? '',
      zipCode: str(address.zipCode) ?? '',
      county: str(address.county),
    },
    geolocation: latitude !== undefined && longitude !== undefined ? { latitude, longitude } : undefined,
    hours: hours(l.hours),
    departments: arr(l.departments).map(department),
  };
}

export function parseChain(raw: unknown): KrogerChain {
  const c = obj(raw);
  return {
    name: str(c.name) ?? '',
    divisionNumbers: arr(c.divisionNumbers)
      .map(str)
      .filter((d): d is string => Boolean(d)),
    domain: str(c.domain),
    friendlyBannerName: str(c.friendlyBannerName),
    themeColor: str(c.themeColor),
  };
}

export function parseDepartment(raw: unknown): KrogerDepartment {
  return department(raw);
}

/** Scopes from the token response, or else from the JWT's `scope` claim (read, not verified). */
export function parseTokens(body: unknown): KrogerTokens {
  const b = obj(body);
  const accessToken = str(b.access_token) ?? '';
  let scope = str(b.scope);
  if (!scope) {
    try {
      scope = str(obj(JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString())).scope);
    } catch {
      scope = undefined;
    }
  }
  return {
    accessToken,
    refreshToken: str(b.refresh_token),
    expiresInSeconds: num(b.expires_in) ?? 1800,
    scopes: scope ? scope.split(/\s+/).filter(Boolean) : [],
  };
}

export function parseCart(raw: unknown): KrogerCart {
  const c = obj(raw);
  return {
    id: str(c.id) ?? '',
    name: str(c.name),
    createdDate: str(c.createdDate),
    items: arr(c.items).map((entry) => {
      const i = obj(entry);
      const modality = str(i.modality)?.toUpperCase();
      return {
        upc: str(i.upc) ?? '',
        description: str(i.description),
        quantity: num(i.quantity) ?? 0,
        modality: modality === 'DELIVERY' || modality === 'SHIP' ? modality : 'PICKUP',
        allowSubstitutes: i.allowSubstitutes === undefined ? undefined : bool(i.allowSubstitutes),
        specialInstructions: str(i.specialInstructions),
      };
    }),
  };
}

export function parseProfile(body: unknown): KrogerProfile {
  const d = obj(obj(body).data);
  return {
    id: str(d.id) ?? '',
    firstName: str(d.firstName),
    lastName: str(d.lastName),
    email: str(d.email),
    loyaltyCardNumber: str(obj(d.loyalty).cardNumber),
  };
}

export function parseCoupon(raw: unknown): KrogerCoupon {
  const c = obj(raw);
  const value = obj(c.value);
  return {
    couponId: str(c.couponId) ?? str(c.id) ?? '',
    description: str(c.description) ?? '',
    brand: str(c.brand),
    value:
      str(value.type) && num(value.amount) !== undefined
        ? { type: str(value.type)!, amount: num(value.amount)! }
        : undefined,
    minimumQuantity: num(c.minimumQuantity),
    expirationDate: str(c.expirationDate),
    productIds: arr(c.productIds)
      .map(str)
      .filter((p): p is string => Boolean(p)),
    clipped: bool(c.clipped),
  };
}

/** A collection (modeled: Kroger publishes no schema; see sandbox/data/collections.ts). */
export function parseCollection(raw: unknown): KrogerCollection {
  const c = obj(raw);
  return {
    id: str(c.id) ?? '',
    name: str(c.name) ?? '',
    type: str(c.type) ?? 'SHOPPING_LIST',
    items: arr(c.items)
      .map((entry) => {
        const i = obj(entry);
        return { productId: str(i.productId) ?? str(i.upc) ?? '', quantity: num(i.quantity) ?? 1 };
      })
      .filter((i) => i.productId !== ''),
  };
}

/** A courier delivery (modeled: Kroger publishes no schema; see sandbox/data/deliveries.ts). */
export function parseDelivery(raw: unknown): KrogerDelivery {
  const d = obj(raw);
  const window = obj(d.window);
  return {
    deliveryId: str(d.deliveryId) ?? str(d.id) ?? '',
    status: str(d.status) ?? '',
    followingAction: str(d.followingAction) ?? 'NONE',
    orderId: str(d.orderId),
    locationId: str(d.locationId),
    window: str(window.start) && str(window.end) ? { start: str(window.start)!, end: str(window.end)! } : undefined,
  };
}
