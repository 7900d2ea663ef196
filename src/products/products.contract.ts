import { z } from 'zod';
import { responseSchema } from '../common/contract/schema-registry';
import { Pagination, pageOf } from '../common/contract/pagination';
import { IsoDateTime, LocationId, ProductId, wholeNumber } from '../common/contract/values';

/** Our names for Kroger's fulfillment codes (ais, csp, dth, sth). */
export const FULFILLMENT_CODES = { inStore: 'ais', curbside: 'csp', delivery: 'dth', shipToHome: 'sth' } as const;
export type FulfillmentOption = keyof typeof FULFILLMENT_CODES;
const fulfillmentOptions = Object.keys(FULFILLMENT_CODES) as [FulfillmentOption, ...FulfillmentOption[]];

const storeForPrices = LocationId.optional().describe(
  "The store's 8-character locationId, for price, aisle and stock. Defaults to the user's preferred store; " +
    'without any store, no prices or aisles are returned. An id Kroger does not know is 422 location.not_found ' +
    '(find stores with GET /api/v1/locations or the find_stores tool).',
);

const SearchTerm = z
  .string()
  .min(3, { error: 'must be 3 to 100 characters' })
  .max(100, { error: 'must be 3 to 100 characters' })
  .refine((term) => term.trim().split(/\s+/).length <= 8, {
    error: 'must have at most 8 words',
    params: { rule: 'maxWords' },
  })
  .meta({ description: 'Words to search for: 3+ characters, at most 8 words', examples: ['whole milk'] });

export const SearchProductsQuery = z.strictObject({
  term: SearchTerm.optional(),
  brand: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Exact brand name(s), separated by |', examples: ['Kroger|Simple Truth'] }),
  locationId: storeForPrices,
  fulfillment: z
    .array(z.enum(fulfillmentOptions, { error: `must be among ${fulfillmentOptions.join(', ')}` }))
    .optional()
    .describe(`Only products available this way at the store: ${fulfillmentOptions.join(', ')}`),
  productIds: z
    .array(ProductId)
    .max(50, { error: 'may list at most 50 ids' })
    .optional()
    .describe('Up to 50 product ids; other filters are then ignored'),
  start: wholeNumber(0, 250).optional().describe('Results to skip, for the next page (0 to 250)'),
  limit: wholeNumber(1, 50).optional().describe('How many results, 1 to 50 (default 10)'),
});
export type SearchProductsQuery = z.infer<typeof SearchProductsQuery>;

export const ProductQuery = z.strictObject({ locationId: storeForPrices });
export type ProductQuery = z.infer<typeof ProductQuery>;

export const GetProductsInput = z.strictObject({
  productIds: z.array(ProductId).min(1).max(50, { error: 'may list at most 50 ids' }),
  locationId: storeForPrices,
});

export const ProductPrice = z.object({
  regular: z.number().meta({ examples: [3.49] }),
  promo: z.number().meta({ examples: [2.99], description: '0 when not on sale' }),
  onSale: z.boolean(),
  current: z.number().meta({ examples: [2.99], description: 'What it costs now: promo when on sale, else regular' }),
  regularPerUnitEstimate: z
    .number()
    .optional()
    .meta({ examples: [3.49], description: 'Estimated price per item, for items sold by weight' }),
  promoPerUnitEstimate: z.number().optional(),
  promoEnds: IsoDateTime.optional(),
});

export const Product = responseSchema(
  'Product',
  z.object({
    // Answers are described, not policed: an odd id from Kroger must not fail a whole answer.
    productId: z.string().meta({ examples: ['0001111041700'] }),
    upc: z.string().meta({ examples: ['0001111041700'] }),
    name: z.string().meta({ examples: ['Kroger 2% Reduced Fat Milk'] }),
    brand: z
      .string()
      .optional()
      .meta({ examples: ['Kroger'] }),
    categories: z.array(z.string()).meta({ examples: [['Dairy']] }),
    size: z
      .string()
      .optional()
      .meta({ examples: ['1 gal'] }),
    soldBy: z.string().optional().meta({ description: 'UNIT or WEIGHT' }),
    imageUrl: z.string().optional(),
    images: z.array(
      z.object({
        perspective: z.string().meta({ examples: ['front'] }),
        featured: z.boolean(),
        sizes: z.record(z.string(), z.string()).meta({ description: 'Image URL by size (small, medium, large, ...)' }),
      }),
    ),
    price: ProductPrice.optional().describe('Only at a store'),
    stockLevel: z.string().optional().meta({
      description: 'HIGH, LOW or TEMPORARILY_OUT_OF_STOCK; only at a store, absent when Kroger does not know',
    }),
    fulfillment: z
      .object({ inStore: z.boolean(), curbside: z.boolean(), delivery: z.boolean(), shipToHome: z.boolean() })
      .optional(),
    aisle: z
      .object({
        description: z.string().meta({ examples: ['AISLE 23'] }),
        number: z.string().meta({ examples: ['23'] }),
        side: z.string().optional(),
        shelf: z.string().optional(),
      })
      .optional(),
    temperature: z
      .string()
      .optional()
      .meta({ examples: ['Refrigerated'] }),
    nutrition: z.array(z.record(z.string(), z.unknown())).optional().describe("Kroger's nutrition facts, as a list"),
    allergens: z.array(z.string()).meta({ examples: [['Milk']] }),
    productUrl: z.string().optional(),
    locationId: z.string().optional().describe('The store the price, aisle and stock are for'),
  }),
);
export type Product = z.infer<typeof Product>;

export const ProductPage = pageOf('ProductPage', Product);
export type ProductPage = z.infer<typeof ProductPage>;

/**
 * A product as a model needs it to choose (search results): about a tenth of the full product's
 * size. The full product, with images, nutrition and categories, is get_product's answer.
 * MCP-only for now, so not named in the OpenAPI document.
 */
export const ProductSummary = z.object({
  productId: z.string().meta({ examples: ['0001111041700'] }),
  name: z.string().meta({ examples: ['Kroger 2% Reduced Fat Milk'] }),
  brand: z.string().optional(),
  size: z.string().optional(),
  price: z
    .number()
    .optional()
    .meta({ examples: [2.99], description: 'What it costs now at the store' }),
  promo: z
    .object({ regular: z.number(), ends: IsoDateTime.optional() })
    .optional()
    .describe('Present when on sale: the regular price, and when the sale ends'),
  stock: z.string().optional().meta({ description: 'HIGH, LOW or TEMPORARILY_OUT_OF_STOCK' }),
  aisle: z
    .string()
    .optional()
    .meta({ examples: ['AISLE 23'] }),
  imageUrl: z.string().optional(),
});
export type ProductSummary = z.infer<typeof ProductSummary>;

export const SearchProductsResult = z.object({
  products: z.array(ProductSummary),
  pagination: Pagination,
  locationId: z.string().optional().describe('The store the prices, aisles and stock are for'),
});

/** Many shopping-list items in one call, each with its own top matches. */
export const SearchProductsBulkInput = z.strictObject({
  terms: z
    .array(SearchTerm)
    .min(1, { error: 'must list at least one term' })
    .max(25, { error: 'may list at most 25 terms' })
    .describe('Shopping-list items, one search each (e.g. ["eggs", "whole milk", "sourdough bread"])'),
  locationId: storeForPrices,
  limitPerTerm: wholeNumber(1, 5).optional().describe('Matches per term, 1 to 5 (default 3)'),
});
export type SearchProductsBulkInput = z.infer<typeof SearchProductsBulkInput>;

export const BulkSearchOutcome = z.object({
  term: z.string(),
  products: z.array(ProductSummary),
  total: z.number().describe('How many products match in all'),
  error: z
    .object({ code: z.string(), message: z.string() })
    .optional()
    .describe('Why this term was not searched (the other terms were)'),
});
export type BulkSearchOutcome = z.infer<typeof BulkSearchOutcome>;

export const SearchProductsBulkResult = z.object({
  results: z.array(BulkSearchOutcome),
  locationId: z.string().optional(),
});
