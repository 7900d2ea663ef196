import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { McpCaller, McpToolset, runTool, Toolset, toolResult } from '../mcp/mcp-toolset';
import { paginationSchema, productSchema, productTable } from './product.schemas';
import { FULFILLMENT_CODES, FulfillmentOption } from './dto/search-products.query';
import { ProductsService } from './products.service';

const locationId = z
  .string()
  .regex(/^[A-Za-z0-9]{8}$/)
  .optional()
  .describe(
    "The store's 8-character locationId (from find_stores). Omit to use the user's preferred store; without any store, no prices or aisles are returned.",
  );

const readOnly = { readOnlyHint: true, openWorldHint: true } as const;

/** Product tools for MCP clients, over the same ProductsService as REST. */
@McpToolset()
export class ProductsTools implements Toolset {
  constructor(private readonly products: ProductsService) {}

  register(server: McpServer, caller: McpCaller): void {
    const userId = caller.principal?.userId;

    server.registerTool(
      'search_products',
      {
        title: 'Search products',
        description:
          'Search the Kroger catalog by words (e.g. "greek yogurt") and/or brand. At a store, results include price, sale price, stock level and aisle. ' +
          'Use find_stores first if you do not know the locationId and the user has no preferred store.',
        inputSchema: z.object({
          term: z
            .string()
            .min(3)
            .max(100)
            .optional()
            .describe('Words to search for, at least 3 characters, at most 8 words'),
          brand: z
            .string()
            .max(200)
            .optional()
            .describe('Exact brand name(s), separated by |, e.g. "Kroger|Simple Truth"'),
          locationId,
          fulfillment: z
            .array(z.enum(Object.keys(FULFILLMENT_CODES) as [FulfillmentOption, ...FulfillmentOption[]]))
            .optional()
            .describe('Only products available this way at the store'),
          start: z.number().int().min(0).max(250).optional().describe('Results to skip, for the next page'),
          limit: z.number().int().min(1).max(50).optional().describe('How many results, 1 to 50 (default 10)'),
        }),
        outputSchema: z.object({ products: z.array(productSchema), pagination: paginationSchema }),
        annotations: readOnly,
      },
      (args) =>
        runTool(async () => {
          const page = await this.products.search({ ...args, limit: args.limit ?? 10 }, userId);
          return toolResult(
            { products: page.data, pagination: page.pagination },
            `${productTable(page.data)}\n(${page.pagination.total} matches; showing ${page.data.length} from ${page.pagination.start})`,
          );
        }),
    );

    server.registerTool(
      'get_product',
      {
        title: 'Get a product',
        description: 'One product by its 13-digit productId or UPC, with price, stock and aisle at the store.',
        inputSchema: z.object({
          productId: z
            .string()
            .regex(/^\d{13}$/)
            .describe('13-digit productId or UPC'),
          locationId,
        }),
        outputSchema: z.object({ product: productSchema }),
        annotations: readOnly,
      },
      ({ productId, locationId: store }) =>
        runTool(async () => {
          const product = await this.products.get(productId, store, userId);
          return toolResult({ product }, productTable([product]));
        }),
    );

    server.registerTool(
      'get_products',
      {
        title: 'Get several products',
        description:
          'Up to 50 products by productId in one call (e.g. to price a shopping list at a store). Unknown ids are left out.',
        inputSchema: z.object({
          productIds: z
            .array(z.string().regex(/^\d{13}$/))
            .min(1)
            .max(50)
            .describe('13-digit productIds'),
          locationId,
        }),
        outputSchema: z.object({ products: z.array(productSchema) }),
        annotations: readOnly,
      },
      ({ productIds, locationId: store }) =>
        runTool(async () => {
          const products = await this.products.getMany(productIds, store, userId);
          return toolResult({ products }, productTable(products));
        }),
    );
  }
}
