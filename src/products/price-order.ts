import { Product, ProductSort } from './products.contract';

/**
 * Kroger can neither filter by sale nor sort by price, so both happen here, over the matches read.
 * Sorting is stable: equal prices keep Kroger's relevance order; products without a price (seasonal
 * items, or not sold at the store) come last.
 */
export function onSaleAndSorted(products: Product[], options: { onSale?: boolean; sort?: ProductSort }): Product[] {
  const kept = options.onSale ? products.filter((p) => p.price?.onSale) : [...products];
  if (!options.sort || options.sort === 'relevance') return kept;
  const direction = options.sort === 'price' ? 1 : -1;
  return kept.sort((a, b) => {
    if (!a.price || !b.price) return a.price ? -1 : b.price ? 1 : 0;
    return direction * (a.price.current - b.price.current);
  });
}
