import { CATEGORY_TEMPLATES } from '../data/catalog-templates';
import { CatalogIndex, CatalogProduct } from '../data/catalog';
import { hashUnit } from '../data/random';
import { Store } from '../data/stores';

const IMAGE_SIZES = ['xlarge', 'large', 'medium', 'small', 'thumbnail'] as const;

/** Prices differ by region, as they do between Kroger's divisions. */
const DIVISION_PRICE_FACTOR: Record<string, number> = {
  '703': 1.14,
  '701': 1.1,
  '705': 1.12,
  '620': 1.05,
  '706': 1.03,
  '097': 1.08,
  '660': 1.02,
};

const round2 = (n: number) => Math.round(n * 100) / 100;
const endIn9 = (n: number) => Math.max(0.29, Math.floor(n) + (n % 1 < 0.5 ? 0.49 : 0.99));

export function slug(description: string): string {
  return description
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Whether a store carries a product: a shed carries everything it can ship; a store most things. */
export function carries(product: CatalogProduct, store: Store): boolean {
  if (store.kind === 'shed') return product.temperature !== 'Frozen';
  return hashUnit(`${product.productId}@${store.locationId}:sold`) < 0.93;
}

export interface StorePrice {
  regular: number;
  promo: number;
  regularPerUnitEstimate: number;
  promoPerUnitEstimate: number;
  effectiveDate?: { value: string; timezone: string };
  expirationDate?: { value: string; timezone: string };
}

export function priceAt(product: CatalogProduct, store: Store, now: number): StorePrice {
  const factor =
    (DIVISION_PRICE_FACTOR[store.divisionNumber] ?? 1) *
    (0.97 + hashUnit(`${product.productId}@${store.locationId}:price`) * 0.08);
  const regular = endIn9(product.basePrice * factor);
  const saleRoll = hashUnit(`${product.productId}@${store.locationId}:sale`);
  // Live: promo is 0, not absent, when the item is not on sale (§11).
  const promo =
    saleRoll < 0.15 ? round2(Math.max(0.25, endIn9(regular * (0.7 + saleRoll)) - 0.5 * (regular < 2 ? 1 : 0))) : 0;
  const effectivePromo = promo > 0 && promo < regular ? promo : 0;
  const averageWeight = product.soldBy === 'WEIGHT' ? 1 + hashUnit(`${product.productId}:weight`) * 2 : 1;
  const price: StorePrice = {
    regular,
    promo: effectivePromo,
    regularPerUnitEstimate: round2(regular * averageWeight),
    promoPerUnitEstimate: round2(effectivePromo * averageWeight),
  };
  if (effectivePromo > 0) {
    const week = 7 * 24 * 3600 * 1000;
    const start = Math.floor(now / week) * week;
    price.effectiveDate = { value: new Date(start).toISOString().replace('.000', ''), timezone: 'UTC' };
    price.expirationDate = { value: new Date(start + week - 1000).toISOString().replace('.000', ''), timezone: 'UTC' };
  }
  return price;
}

/** HIGH, LOW, TEMPORARILY_OUT_OF_STOCK; undefined when unknown (live omits the property). */
export function stockLevelAt(product: CatalogProduct, store: Store): string | undefined {
  const roll = hashUnit(`${product.productId}@${store.locationId}:stock`);
  if (roll < 0.08) return undefined;
  if (roll < 0.72) return 'HIGH';
  if (roll < 0.93) return 'LOW';
  return 'TEMPORARILY_OUT_OF_STOCK';
}

export function fulfillmentAt(product: CatalogProduct, store: Store) {
  const online = store.kind === 'shed';
  // Live casing: inStore, shipToHome (spec: instore, shiptohome) (§11).
  return {
    curbside: !online && store.departments.some((d) => d.departmentId === '94'),
    delivery: true,
    inStore: !online,
    shipToHome: product.shippable,
  };
}

export function aisleAt(product: CatalogProduct, store: Store) {
  if (store.kind === 'shed') return [];
  const category = CATEGORY_TEMPLATES[product.categoryIndex]?.category ?? product.categories[0];
  if (category === 'Produce') return [{ description: 'PRODUCE', number: '0' }];
  const number = 1 + Math.floor(hashUnit(`${store.locationId}:aisle:${product.categoryIndex}`) * 28);
  const bay = 1 + Math.floor(hashUnit(`${product.productId}@${store.locationId}:bay`) * 12);
  return [
    {
      bayNumber: String(bay),
      description: `AISLE ${number}`,
      number: String(number),
      numberOfFacings: String(1 + Math.floor(hashUnit(`${product.productId}:facings`) * 4)),
      sequenceNumber: String(bay * 10),
      side: hashUnit(`${product.productId}@${store.locationId}:side`) < 0.5 ? 'L' : 'R',
      shelfNumber: String(1 + Math.floor(hashUnit(`${product.productId}:shelf`) * 6)),
      shelfPositionInBay: String(1 + Math.floor(hashUnit(`${product.productId}:pos`) * 8)),
    },
  ];
}

function images(product: CatalogProduct) {
  const perspectives =
    CatalogIndex.hash(product, 'images') < 0.6 ? ['front', 'back'] : ['front', 'back', 'left', 'right'];
  return perspectives.map((perspective) => ({
    perspective,
    // Live responses flag the main image `featured`; the spec calls it `default` (§11).
    ...(perspective === 'front' ? { featured: true } : {}),
    sizes: IMAGE_SIZES.map((size) => ({
      size,
      url: `https://www.kroger.com/product/images/${size}/${perspective}/${product.productId}`,
    })),
  }));
}

function nutrition(product: CatalogProduct) {
  const roll = (key: string, max: number) => Math.round(CatalogIndex.hash(product, key) * max);
  const calories = 40 + roll('kcal', 360);
  const nutrient = (
    code: string,
    displayName: string,
    quantity: number,
    unit: { abbreviation: string; code: string; name: string },
    daily?: number,
  ) => ({
    code,
    description: displayName,
    displayName,
    ...(daily !== undefined ? { percentDailyIntake: daily } : {}),
    quantity,
    precision: { code: '0', name: 'Exact' },
    unitOfMeasure: unit,
  });
  const gram = { abbreviation: 'g', code: 'GRM', name: 'Grams' };
  const kcal = { abbreviation: 'kcal', code: 'E14', name: 'Kilocalories' };
  // Live: an array of one object, though the spec says object (§11).
  return [
    {
      ingredientStatement: `${product.description.replace(/[®™]/g, '').toUpperCase()}, SALT, NATURAL FLAVOR.`,
      dailyValueIntakeReference: 'Percent Daily Values are based on a 2,000 calorie diet.',
      servingSize: {
        description: '1 serving',
        quantity: 1,
        unitOfMeasure: { abbreviation: 'serving', code: 'PK', name: 'Serving' },
      },
      nutrients: [
        nutrient('ENER-', 'Calories', calories, kcal),
        nutrient('FAT', 'Total Fat', roll('fat', 20), gram, roll('fatdv', 30)),
        nutrient('CHO-', 'Total Carbohydrate', roll('carb', 45), gram, roll('carbdv', 17)),
        nutrient('PRO-', 'Protein', roll('protein', 30), gram),
      ],
      preparationState: { code: 'UNPREPARED', name: 'Unprepared' },
      servingsPerPackage: { description: 'about', value: 1 + roll('servings', 15) },
      nutritionalRating: String(1 + roll('rating', 99)),
    },
  ];
}

/** One product as Kroger's Products API returns it; store-scoped fields only with a store. */
export function productView(
  product: CatalogProduct,
  store: Store | undefined,
  appTag: string,
  now: number,
): Record<string, unknown> {
  const item: Record<string, unknown> = {
    itemId: product.upc,
    favorite: false,
    size: product.size,
    soldBy: product.soldBy,
  };
  if (store) {
    item.fulfillment = fulfillmentAt(product, store);
    // Seasonal items sometimes have no price at a store (§3.4).
    if (CatalogIndex.hash(product, 'seasonal') >= 0.01) item.price = priceAt(product, store, now);
    const stockLevel = stockLevelAt(product, store);
    if (stockLevel) item.inventory = { stockLevel };
  }
  const view: Record<string, unknown> = {
    productId: product.productId,
    upc: product.upc,
    aliasProductIds: [],
    productPageURI: `/p/${slug(product.description)}/${product.productId}?cid=dis.api.tpi_products-api_20240521_b:all_c:p_t:${appTag}`,
    ...(product.brand ? { brand: product.brand } : {}),
    categories: product.categories,
    countryOrigin: product.countryOrigin,
    description: product.description,
    images: images(product),
    items: [item],
    itemInformation: {
      depth: (2 + CatalogIndex.hash(product, 'd') * 8).toFixed(2),
      height: (3 + CatalogIndex.hash(product, 'h') * 10).toFixed(2),
      width: (2 + CatalogIndex.hash(product, 'w') * 8).toFixed(2),
      ...(product.soldBy === 'WEIGHT'
        ? { averageWeightPerUnit: `${(1 + CatalogIndex.hash(product, 'weight') * 2).toFixed(2)} [lb_av]` }
        : {}),
    },
    temperature: { indicator: product.temperature, heatSensitive: product.temperature !== 'Ambient' },
    snapEligible: product.snapEligible,
    receiptDescription: product.description.replace(/[®™]/g, '').toUpperCase().slice(0, 24),
    ratingsAndReviews: {
      averageOverallRating: round2(3 + CatalogIndex.hash(product, 'stars') * 2),
      totalReviewCount: Math.floor(CatalogIndex.hash(product, 'reviews') * 900),
    },
  };
  if (store) view.aisleLocations = aisleAt(product, store);
  if (product.allergens.length > 0) {
    view.allergens = product.allergens.map((name) => ({ levelOfContainmentName: 'Contains', name }));
    view.allergensDescription = `Contains ${product.allergens.join(', ')}.`;
  }
  if (product.hasNutrition) view.nutritionInformation = nutrition(product);
  return view;
}

/** Kroger tags product page links with the calling app (`p_t:<app>-`). */
export function appTagFor(clientId: string): string {
  return `${clientId
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 20)}-`;
}
