import { z } from 'zod';
import { McpRegistrar, McpToolset, ToolResult, Toolset, toolResult, toolResultOf } from '../mcp/mcp-toolset';
import { LocationCompletionsService } from '../locations/location-completions.service';
import { toProductSummary } from './product.mapper';
import { productTable } from './product-table';
import {
  GetProductInput,
  GetProductsInput,
  Product,
  ProductPage,
  SearchProductsBulkInput,
  SearchProductsBulkResult,
  SearchProductsQuery,
  SearchProductsResult,
} from './products.contract';
import { ProductsService } from './products.service';

const readOnly = { readOnlyHint: true, openWorldHint: true } as const;

/** Product tools and the shopping-plan prompt for MCP clients: the same contract and ProductsService as REST. */
@McpToolset()
export class ProductsTools implements Toolset {
  constructor(
    private readonly products: ProductsService,
    private readonly completions: LocationCompletionsService,
  ) {}

  register(mcp: McpRegistrar): void {
    mcp.tool(
      'search_products',
      {
        title: 'Search products',
        description:
          'Search the Kroger catalog by words (e.g. "greek yogurt") and/or brand. At a store, results include price, sale, stock level and aisle. ' +
          'Results are compact; call get_product for one product in full (images, nutrition, allergens). ' +
          'For several shopping-list items at once use search_products_bulk. onSale=true lists deals; sort=price ' +
          'orders by price (both among the first matches for the term, and need a store). ' +
          'Use find_stores first if you do not know the locationId and the user has no preferred store.',
        inputSchema: SearchProductsQuery.omit({ ids: true }),
        outputSchema: SearchProductsResult,
        annotations: readOnly,
      },
      async (args, call) => {
        const page = await this.products.search({ ...args, limit: args.limit ?? 10 }, call.principal?.userId);
        return toolResultOf(page, searchResult);
      },
    );

    mcp.tool(
      'search_products_bulk',
      {
        title: 'Search many products',
        description:
          'Searches a whole shopping list in one call: each term gets its own top matches (compact, with price, stock and aisle at the store). ' +
          'Use it instead of many search_products calls. A term that could not be searched says why; the others still answer.',
        inputSchema: SearchProductsBulkInput,
        outputSchema: SearchProductsBulkResult,
        annotations: readOnly,
        reportsProgress: true,
      },
      async (args, call) => {
        const { results, locationId } = await this.products.searchMany(args, call.principal?.userId, (done, outcome) =>
          call.log(
            'info',
            `Searched ${done} of ${args.terms.length}: "${outcome.term}"${outcome.error ? ` (${outcome.error.message})` : ''}`,
          ),
        );
        const text = results.map(({ term, products, error }) =>
          error
            ? `${term}: not searched: ${error.message}`
            : `${term}: ${products.map((p) => `${p.name} (${p.productId}) ${p.price !== undefined ? `$${p.price.toFixed(2)}` : 'n/a'}${p.aisle ? `, ${p.aisle}` : ''}`).join('; ') || 'no match'}`,
        );
        return toolResult({ results, locationId }, text.join('\n'));
      },
    );

    mcp.tool(
      'get_product',
      {
        title: 'Get a product',
        description:
          'One product in full by its 13-digit productId or a scanned barcode (UPC-A, UPC-E, EAN-8, EAN-13, GTIN-14): ' +
          'price, stock, aisle, images, nutrition and allergens at the store.',
        inputSchema: GetProductInput,
        outputSchema: z.object({ product: Product }),
        annotations: readOnly,
      },
      async ({ productId, locationId }, call) => {
        const product = await this.products.getByCode(productId, locationId, call.principal?.userId);
        return toolResult({ product }, productTable([product]));
      },
    );

    mcp.tool(
      'get_products',
      {
        title: 'Get several products',
        description:
          'Up to 50 products in full by productId or scanned barcode in one call (e.g. to price a chosen shopping list ' +
          'at a store). Ids Kroger does not know are listed in notFound.',
        inputSchema: GetProductsInput,
        outputSchema: z.object({ products: z.array(Product), notFound: z.array(z.string()) }),
        annotations: readOnly,
      },
      async ({ productIds, locationId }, call) => {
        const { products, notFound } = await this.products.getMany(productIds, locationId, call.principal?.userId);
        const missing = notFound.length > 0 ? `\nNot found: ${notFound.join(', ')}` : '';
        return toolResult({ products, notFound }, productTable(products) + missing);
      },
    );

    mcp.prompt(
      'plan_shopping_trip',
      {
        title: 'Aisle-ordered shopping plan',
        description: 'Turns a shopping list and a store into a plan ordered by aisle, with prices and stock.',
        argsSchema: z.object({
          items: z.string().describe('The shopping list, one item per line or comma-separated'),
          locationId: z.string().describe("The store's locationId (type a ZIP code to be offered the stores near it)"),
        }),
        complete: { locationId: (typed) => this.completions.storeIds(typed) },
      },
      async ({ items, locationId }, call) => {
        const wanted = items
          .split(/[\n,]+/)
          .map((s) => s.trim())
          .filter((s) => s.length >= 3 && s.length <= 100)
          .slice(0, 25);
        const { results } = await this.products.searchMany(
          { terms: wanted, locationId, limitPerTerm: 1 },
          call.principal?.userId,
        );
        const aisleNumber = (aisle?: string) => (aisle === undefined ? 999 : Number(/\d+/.exec(aisle)?.[0] ?? 0));
        const found = results.map(({ term, products }) => ({ item: term, product: products[0] }));
        found.sort((a, b) => aisleNumber(a.product?.aisle) - aisleNumber(b.product?.aisle));
        const lines = found.map(({ item, product }) =>
          product
            ? `- ${product.aisle ?? 'aisle unknown'}: ${item} -> ${product.name} (${product.productId}), $${product.price?.toFixed(2) ?? 'n/a'}, stock ${product.stock ?? 'unknown'}`
            : `- not found: ${item}`,
        );
        return {
          messages: [
            {
              role: 'user' as const,
              content: {
                type: 'text' as const,
                text: `Here is my shopping list matched to products at store ${locationId}, in aisle order:\n${lines.join('\n')}\n\nPresent this as a walking route through the store, note items low or out of stock with alternatives, and total the prices.`,
              },
            },
          ],
        };
      },
    );
  }
}

/** search_products' answer for a page: compact products, and a table for models that read text. */
function searchResult(page: ProductPage): ToolResult {
  return toolResult(
    {
      products: page.data.map(toProductSummary),
      pagination: page.pagination,
      locationId: page.data[0]?.locationId,
    },
    `${productTable(page.data)}\n(${page.pagination.total} matches; showing ${page.data.length} from ${page.pagination.start})`,
  );
}
