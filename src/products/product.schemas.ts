import { z } from 'zod';

/** The MCP output shape of a product: the same fields as ProductDto on REST. */
export const productSchema = z.object({
  productId: z.string(),
  upc: z.string(),
  name: z.string(),
  brand: z.string().optional(),
  categories: z.array(z.string()),
  size: z.string().optional(),
  soldBy: z.string().optional(),
  imageUrl: z.string().optional(),
  images: z.array(
    z.object({ perspective: z.string(), featured: z.boolean(), sizes: z.record(z.string(), z.string()) }),
  ),
  price: z
    .object({
      regular: z.number(),
      promo: z.number(),
      onSale: z.boolean(),
      current: z.number(),
      regularPerUnitEstimate: z.number().optional(),
      promoPerUnitEstimate: z.number().optional(),
      promoEnds: z.string().optional(),
    })
    .optional(),
  stockLevel: z.string().optional(),
  fulfillment: z
    .object({ inStore: z.boolean(), curbside: z.boolean(), delivery: z.boolean(), shipToHome: z.boolean() })
    .optional(),
  aisle: z
    .object({ description: z.string(), number: z.string(), side: z.string().optional(), shelf: z.string().optional() })
    .optional(),
  temperature: z.string().optional(),
  nutrition: z.array(z.record(z.string(), z.unknown())).optional(),
  allergens: z.array(z.string()),
  productUrl: z.string().optional(),
  locationId: z.string().optional(),
});

export const paginationSchema = z.object({ start: z.number(), limit: z.number(), total: z.number() });

type ProductLike = z.infer<typeof productSchema>;

/** A compact table a model (or person) can read: name, price, stock, aisle. */
export function productTable(products: ProductLike[]): string {
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
