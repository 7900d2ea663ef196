import { CatalogProduct } from './catalog';
import { hashUnit, uuidFrom } from './random';

/**
 * The sandbox's collection model. Kroger's partner quick reference names `GET /v1/collections`
 * (`filter.name`, `filter.type`; scopes `collection.basic`, `collection.basic:rw`) but publishes no
 * schema: this shape is modeled, not verified against Kroger.
 */
export const COLLECTION_TYPES = ['SHOPPING_LIST', 'RECIPE', 'FAVORITES'] as const;
export type CollectionType = (typeof COLLECTION_TYPES)[number];

export interface Collection {
  id: string;
  name: string;
  type: CollectionType;
  items: { productId: string; quantity: number }[];
}

const SEEDS: { name: string; type: CollectionType; term: string }[] = [
  { name: 'Weekly staples', type: 'SHOPPING_LIST', term: 'milk' },
  { name: 'Taco night', type: 'RECIPE', term: 'cheese' },
  { name: 'Favorites', type: 'FAVORITES', term: 'bread' },
];

/** Three collections per customer, the same for the same email and catalog. */
export function collectionsFor(email: string, products: CatalogProduct[]): Collection[] {
  return SEEDS.map((seed) => {
    const matching = products.filter((p) => p.description.toLowerCase().includes(seed.term));
    const offset = Math.floor(hashUnit(`collection:${email}:${seed.name}`) * Math.max(1, matching.length - 3));
    return {
      id: uuidFrom(`collection:${email}:${seed.name}`),
      name: seed.name,
      type: seed.type,
      items: matching.slice(offset, offset + 3).map((p, i) => ({ productId: p.productId, quantity: 1 + (i % 2) })),
    };
  });
}
