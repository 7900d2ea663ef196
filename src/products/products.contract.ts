import { z } from 'zod';
import { requestSchema, responseSchema } from '../common/contract/schema-registry';
import { Pagination, pageOf } from '../common/contract/pagination';
import { IsoDateTime, LocationId, wholeNumber } from '../common/contract/values';
import { BARCODE_FORMATS, BarcodeError, readProductCode } from './barcode';

/** Ids per call: Kroger's `filter.productId` takes 50. */
export const MAX_IDS = 50;
/** How many of Kroger's matches onSale and sort read: three pages of 50, each a cached read. */
export const PRICE_WINDOW = 150;
/** Kroger's public search serves results up to `filter.start` 250 (KROGER_API.md). */
const MAX_SEARCH_START = 250;
export const PRODUCT_SORTS = ['relevance', 'price', '-price'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** Kroger's 13-digit productId, or any scanned form of it (see barcode.ts); refused with the rule it broke. */
export const ProductCode = z
  .string()
  .max(20, { error: 'must be at most 20 characters' })
  .superRefine((code, ctx) => {
    try {
      readProductCode(code);
    } catch (error) {
      if (!(error instanceof BarcodeError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, params: { rule: error.rule } });
    }
  })
  .meta({
    description:
      "Kroger's 13-digit productId, or a scanned UPC-A, UPC-E, EAN-8, EAN-13, GTIN-14 or PLU (check digit verified " +
      'when present). 13 digits are read as a productId first, then as an EAN-13 if the check digit holds.',
    examples: ['0001111041700', '011110417008'],
  });

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
  ids: z
    .array(ProductCode)
    .min(1, { error: 'must list at least one id' })
    .max(MAX_IDS, { error: `may list at most ${MAX_IDS} ids` })
    .optional()
    .describe(
      `Up to ${MAX_IDS} product ids or scanned barcodes, comma-separated; term, brand, fulfillment, onSale and sort ` +
        'are then ignored. Ids Kroger does not know come back in notFound.',
    ),
  onSale: z
    .boolean()
    .optional()
    .describe(
      `Only products on sale at the store. Kroger has no such filter: the first ${PRICE_WINDOW} matches for the term ` +
        'are read (each page a cached read) and filtered here, so results are among those. Needs a store.',
    ),
  sort: z
    .enum(PRODUCT_SORTS, { error: `must be one of ${PRODUCT_SORTS.join(', ')}` })
    .optional()
    .describe(
      `relevance (Kroger's order, the default), price (cheapest first, by current price) or -price. Prices sort ` +
        `among the first ${PRICE_WINDOW} matches, not the whole catalogue; products without a price come last. Needs a store.`,
    ),
  start: wholeNumber(0, MAX_SEARCH_START)
    .optional()
    .describe(`Results to skip, for the next page (0 to ${MAX_SEARCH_START})`),
  limit: wholeNumber(1, 50).optional().describe('How many results, 1 to 50 (default 10)'),
});
export type SearchProductsQuery = z.infer<typeof SearchProductsQuery>;

export const ProductQuery = z.strictObject({ locationId: storeForPrices });
export type ProductQuery = z.infer<typeof ProductQuery>;

export const GetProductInput = ProductQuery.extend({ productId: ProductCode });

export const GetProductsInput = z.strictObject({
  productIds: z
    .array(ProductCode)
    .min(1)
    .max(MAX_IDS, { error: `may list at most ${MAX_IDS} ids` }),
  locationId: storeForPrices,
});

export const BarcodeQuery = z.strictObject({
  format: z
    .enum(BARCODE_FORMATS, { error: `must be one of ${BARCODE_FORMATS.join(', ')}` })
    .optional()
    .describe(
      'The symbology, when the scanner reports it. Without it, the length decides; 8 digits may be UPC-E or EAN-8 ' +
        'and both are looked up (in one call), the one Kroger knows wins.',
    ),
  locationId: storeForPrices,
});
export type BarcodeQuery = z.infer<typeof BarcodeQuery>;

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

export const ProductPage = pageOf(
  'ProductPage',
  Product,
  {
    notFound: z
      .array(z.string())
      .optional()
      .describe('With ids: the ids (as sent) Kroger has no product for, in the order sent'),
    searchedAmong: z
      .number()
      .optional()
      .describe("With onSale or sort: how many of Kroger's top matches were read; results and total are among these"),
  },
  { maxStart: MAX_SEARCH_START },
);
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
export const SearchProductsBulkInput = requestSchema(
  'ProductSearchBatch',
  z.strictObject({
    terms: z
      .array(SearchTerm)
      .min(1, { error: 'must list at least one term' })
      .max(25, { error: 'may list at most 25 terms' })
      .describe('Shopping-list items, one search each (e.g. ["eggs", "whole milk", "sourdough bread"])'),
    locationId: storeForPrices,
    limitPerTerm: wholeNumber(1, 5).optional().describe('Matches per term, 1 to 5 (default 3)'),
  }),
);
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

export const SearchProductsBulkResult = responseSchema(
  'ProductSearchBatchResult',
  z.object({
    results: z.array(BulkSearchOutcome).describe('One outcome per term, in the order sent'),
    locationId: z.string().optional().describe('The store the prices, aisles and stock are for'),
  }),
);
export type SearchProductsBulkResult = z.infer<typeof SearchProductsBulkResult>;
