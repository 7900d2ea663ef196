import { Product } from './products.contract';

/** A compact table a model (or person) can read: name, price, stock, aisle. */
export function productTable(products: Product[]): string {
  if (products.length === 0) return 'No products found.';
  const rows = products.map((p) =>
    [
      `${p.name}${p.size ? ` (${p.size})` : ''}`,
      p.productId,
      p.price
        ? `$${p.price.current.toFixed(2)}${p.price.onSale ? ` (sale, was $${p.price.regular.toFixed(2)})` : ''}`
        : 'n/a',
      p.stockLevel ?? (p.price ? 'unknown' : 'n/a'),
      p.aisle ? p.aisle.description : 'n/a',
    ].join(' | '),
  );
  return ['name | productId | price | stock | aisle', ...rows].join('\n');
}
