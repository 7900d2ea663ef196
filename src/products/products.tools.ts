import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { McpCaller, McpToolset, runTool, Toolset, toolResult } from '../mcp/mcp-toolset';
import { productTable } from './product-table';
import { GetProductsInput, Product, ProductQuery, SearchProductsQuery } from './products.contract';
import { ProductsService } from './products.service';
import { Pagination, ProductId } from '../common/contract/values';

const readOnly = { readOnlyHint: true, openWorldHint: true } as const;

/** Product tools and the shopping-plan prompt for MCP clients: the same contract and ProductsService as REST. */
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
        inputSchema: SearchProductsQuery.omit({ productIds: true }),
        outputSchema: z.object({ products: z.array(Product), pagination: Pagination }),
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
        inputSchema: ProductQuery.extend({ productId: ProductId }),
        outputSchema: z.object({ product: Product }),
        annotations: readOnly,
      },
      ({ productId, locationId }) =>
        runTool(async () => {
          const product = await this.products.get(productId, locationId, userId);
          return toolResult({ product }, productTable([product]));
        }),
    );

    server.registerTool(
      'get_products',
      {
        title: 'Get several products',
        description:
          'Up to 50 products by productId in one call (e.g. to price a shopping list at a store). Unknown ids are left out.',
        inputSchema: GetProductsInput,
        outputSchema: z.object({ products: z.array(Product) }),
        annotations: readOnly,
      },
      ({ productIds, locationId }) =>
        runTool(async () => {
          const products = await this.products.getMany(productIds, locationId, userId);
          return toolResult({ products }, productTable(products));
        }),
    );

    server.registerPrompt(
      'plan_shopping_trip',
      {
        title: 'Aisle-ordered shopping plan',
        description: 'Turns a shopping list and a store into a plan ordered by aisle, with prices and stock.',
        argsSchema: z.object({
          items: z.string().describe('The shopping list, one item per line or comma-separated'),
          locationId: z.string().describe("The store's locationId"),
        }),
      },
      async ({ items, locationId }) => {
        const wanted = items
          .split(/[\n,]+/)
          .map((s) => s.trim())
          .filter((s) => s.length >= 3)
          .slice(0, 30);
        const found = await Promise.all(
          wanted.map(async (item) => ({
            item,
            product: (await this.products.search({ term: item, locationId, limit: 1 }).catch(() => undefined))?.data[0],
          })),
        );
        const aisleOf = (n?: string) => (n === undefined ? 999 : Number(n) || 0);
        found.sort((a, b) => aisleOf(a.product?.aisle?.number) - aisleOf(b.product?.aisle?.number));
        const lines = found.map(({ item, product }) =>
          product
            ? `- ${product.aisle?.description ?? 'aisle unknown'}: ${item} -> ${product.name} (${product.productId}), $${product.price?.current.toFixed(2) ?? 'n/a'}, stock ${product.stockLevel ?? 'unknown'}`
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
