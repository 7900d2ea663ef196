import {
  CATEGORY_TEMPLATES,
  ItemLine,
  manufacturerCode,
  PRIVATE_LABEL_PREFIX,
  PRIVATE_LABELS,
  Temperature,
} from './catalog-templates';
import { hashUnit, seededRandom } from './random';

/** The store-independent part of a product; prices, stock and aisles are derived per store. */
export interface CatalogProduct {
  productId: string;
  upc: string;
  description: string;
  /** Absent for some products, as in live data. */
  brand?: string;
  categories: string[];
  size: string;
  soldBy: 'UNIT' | 'WEIGHT';
  temperature: Temperature;
  countryOrigin: string;
  basePrice: number;
  shippable: boolean;
  food: boolean;
  allergens: string[];
  /** Index of the category among CATEGORY_TEMPLATES: drives aisle placement. */
  categoryIndex: number;
  hasNutrition: boolean;
  snapEligible: boolean;
}

/** Real products from captures (§10.2), kept with their real ids. */
const REAL_PRODUCTS: Omit<
  CatalogProduct,
  'categoryIndex' | 'hasNutrition' | 'snapEligible' | 'allergens' | 'countryOrigin' | 'food' | 'shippable'
>[] = [
  {
    productId: '0001111041700',
    upc: '0001111041700',
    description: 'Kroger 2% Reduced Fat Milk',
    brand: 'Kroger',
    categories: ['Dairy'],
    size: '1 gal',
    soldBy: 'UNIT',
    temperature: 'Refrigerated',
    basePrice: 1.99,
  },
  {
    productId: '0001111060903',
    upc: '0001111060903',
    description: 'Kroger Vitamin D Whole Milk',
    brand: 'Kroger',
    categories: ['Dairy'],
    size: '1 gal',
    soldBy: 'UNIT',
    temperature: 'Refrigerated',
    basePrice: 3.49,
  },
  {
    productId: '0001111040101',
    upc: '0001111040101',
    description: 'Kroger 1% Low Fat Milk',
    brand: 'Kroger',
    categories: ['Dairy'],
    size: '1/2 gal',
    soldBy: 'UNIT',
    temperature: 'Refrigerated',
    basePrice: 2.29,
  },
  {
    productId: '0001111040110',
    upc: '0001111040110',
    description: 'QFC Vitamin D Whole Milk Gallon',
    brand: 'QFC',
    categories: ['Dairy'],
    size: '1 gal',
    soldBy: 'UNIT',
    temperature: 'Refrigerated',
    basePrice: 3.59,
  },
  {
    productId: '0000000003107',
    upc: '0000000003107',
    description: 'Fresh Navel Oranges - Each',
    brand: 'Fresh Citrus',
    categories: ['Produce', 'Produce'],
    size: '1 each',
    soldBy: 'UNIT',
    temperature: 'Ambient',
    basePrice: 1.19,
  },
  {
    productId: '0001111065042',
    upc: '0001111065042',
    description: 'Private Selection® Sugar Gem Extra Sweet Navel Oranges',
    categories: ['Produce'],
    size: '4 ct',
    soldBy: 'UNIT',
    temperature: 'Ambient',
    basePrice: 4.99,
  },
  {
    productId: '0000000004131',
    upc: '0000000004131',
    description: 'Large Fuji Apple - Each',
    brand: 'Fresh Apples',
    categories: ['Produce'],
    size: '1 each',
    soldBy: 'UNIT',
    temperature: 'Ambient',
    basePrice: 0.99,
  },
  {
    productId: '0081060702497',
    upc: '0081060702497',
    description: 'PopCorners® Popped Corn Snack Variety Pack',
    brand: 'PopCorners',
    categories: ['Natural & Organic', 'Snacks'],
    size: '15 ct / .63 oz',
    soldBy: 'UNIT',
    temperature: 'Ambient',
    basePrice: 12.99,
  },
  {
    productId: '0003700008411',
    upc: '0003700008411',
    description: 'Luvs Disposable Baby Diapers Size 4',
    brand: 'Luvs',
    categories: ['Baby'],
    size: '84 ct',
    soldBy: 'UNIT',
    temperature: 'Ambient',
    basePrice: 24.99,
  },
  {
    productId: '0020895500000',
    upc: '0020895500000',
    description: 'Harris Teeter Boneless Chicken Breast Value Pack',
    brand: 'Harris Teeter',
    categories: ['Meat & Seafood'],
    size: '1 lb',
    soldBy: 'WEIGHT',
    temperature: 'Refrigerated',
    basePrice: 3.99,
  },
  {
    productId: '0003400008788',
    upc: '0003400008788',
    description: 'KIT KAT® Snack Size Milk Chocolate Wafer Candy Bars',
    brand: 'KIT KAT',
    categories: ['Snacks'],
    size: '10.78 oz',
    soldBy: 'UNIT',
    temperature: 'Ambient',
    basePrice: 4.99,
  },
];

const ORIGINS = [
  'UNITED STATES',
  'UNITED STATES',
  'UNITED STATES',
  'MEXICO',
  'CANADA',
  'CHILE; MEXICO; SOUTH AFRICA; UNITED STATES',
  'ITALY',
];
const REAL_CATEGORY_INDEX: Record<string, number> = Object.fromEntries(
  CATEGORY_TEMPLATES.map((t, i) => [t.category, i]),
);

function roundPrice(value: number): number {
  return Math.max(0.49, Math.floor(value) + (value % 1 < 0.5 ? 0.49 : 0.99));
}

function describe(brand: string | undefined, variant: string, line: ItemLine): string {
  if (brand === 'Simple Truth Organic') return `Simple Truth Organic™ ${variant} ${line.base}`;
  if (brand === 'Private Selection') return `Private Selection® ${variant} ${line.base}`;
  return `${brand ?? ''} ${variant} ${line.base}`.trim();
}

/** At least 5,000 products, deterministic for a seed; the real captured products first. */
export function generateCatalog(seed: number): CatalogProduct[] {
  const random = seededRandom(seed);
  const products: CatalogProduct[] = REAL_PRODUCTS.map((p) => ({
    ...p,
    categoryIndex: REAL_CATEGORY_INDEX[p.categories.at(-1)!] ?? 0,
    countryOrigin: 'UNITED STATES',
    food: p.categories[0] !== 'Baby',
    shippable: p.temperature === 'Ambient' && p.categories[0] !== 'Produce',
    allergens: p.categories.includes('Dairy') ? ['Milk'] : [],
    hasNutrition: p.categories[0] !== 'Baby',
    snapEligible: p.categories[0] !== 'Baby',
  }));
  const used = new Set(products.map((p) => p.productId));
  let sequence = 0;

  CATEGORY_TEMPLATES.forEach((template, categoryIndex) => {
    for (const line of template.lines) {
      const brands = [...template.privateLabels, ...line.brands];
      for (const brand of brands) {
        const privateLabel = PRIVATE_LABELS.has(brand);
        for (const variant of line.variants) {
          line.sizes.forEach((size, sizeIndex) => {
            sequence += 1;
            const prefix = privateLabel ? PRIVATE_LABEL_PREFIX : manufacturerCode(brand);
            let productId: string;
            let item = sequence;
            do {
              productId = `00${prefix}${String(item).padStart(6, '0')}`.slice(0, 13);
              item += 100000;
            } while (used.has(productId));
            used.add(productId);
            const sizeFactor = 1 + sizeIndex * 0.6 * (sizeIndex % 2 === 0 ? 1 : -0.5);
            const brandFactor = privateLabel ? 0.82 : 1 + random() * 0.35;
            const categories =
              template.extraCategory && (brand.startsWith('Simple Truth') || random() < 0.2)
                ? [template.extraCategory, template.category]
                : [template.category];
            products.push({
              productId,
              upc: productId,
              description: describe(brand, variant, line),
              // Live data sometimes omits brand (§3.4); a few generated products do too.
              brand: random() < 0.03 ? undefined : brand,
              categories,
              size,
              soldBy: line.soldBy ?? 'UNIT',
              temperature: line.temperature ?? 'Ambient',
              countryOrigin: ORIGINS[Math.floor(random() * ORIGINS.length)],
              basePrice: roundPrice(line.price * sizeFactor * brandFactor),
              shippable: Boolean(line.shippable),
              food: Boolean(line.food),
              allergens: line.allergens ?? [],
              categoryIndex,
              hasNutrition: Boolean(line.food) && random() < 0.8,
              snapEligible: Boolean(line.food),
            });
          });
        }
      }
    }
  });
  return products;
}

/** Words of a product or query, lower-cased and made plural-tolerant ("apples" = "apple"). */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9%]+/)
    .filter(Boolean)
    .map(stem);
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ches|shes|xes|sses|oes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * An inverted index built once at start-up: word → product positions, so a search touches only
 * the products that share a word with the query.
 */
export class CatalogIndex {
  private readonly byWord = new Map<string, number[]>();
  private readonly byId = new Map<string, number>();
  readonly brands = new Map<string, number[]>();

  constructor(readonly products: CatalogProduct[]) {
    products.forEach((product, position) => {
      this.byId.set(product.productId, position);
      const words = new Set(
        searchWords(`${product.description} ${product.brand ?? ''} ${product.categories.join(' ')}`),
      );
      for (const word of words) {
        let list = this.byWord.get(word);
        if (!list) this.byWord.set(word, (list = []));
        list.push(position);
      }
      if (product.brand) {
        const list = this.brands.get(product.brand) ?? [];
        list.push(position);
        this.brands.set(product.brand, list);
      }
    });
  }

  get(productId: string): CatalogProduct | undefined {
    const position = this.byId.get(productId);
    return position === undefined ? undefined : this.products[position];
  }

  /** Products matching every word, best first; when none match all, those matching most. */
  search(term: string): CatalogProduct[] {
    const words = [...new Set(searchWords(term))];
    if (words.length === 0) return [];
    const hits = new Map<number, number>();
    for (const word of words) {
      for (const position of this.byWord.get(word) ?? []) hits.set(position, (hits.get(position) ?? 0) + 1);
    }
    const best = Math.max(0, ...hits.values());
    if (best === 0) return [];
    const threshold = best === words.length ? words.length : Math.max(1, best);
    return [...hits.entries()]
      .filter(([, count]) => count >= threshold)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([position]) => this.products[position]);
  }

  byBrands(brands: string[]): CatalogProduct[] {
    const positions = new Set(brands.flatMap((brand) => this.brands.get(brand) ?? []));
    return [...positions].sort((a, b) => a - b).map((p) => this.products[p]);
  }

  /** Deterministic per-product data that live Kroger sends and the generator does not store. */
  static hash(product: CatalogProduct, key: string): number {
    return hashUnit(`${product.productId}:${key}`);
  }
}
