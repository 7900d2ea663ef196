import type { McpServer } from '@modelcontextprotocol/server';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IdempotencyService } from '../common/idempotency.service';
import { McpCaller, McpToolset, requirePrincipal, runTool, Toolset, toolResult } from '../mcp/mcp-toolset';
import { CartsService } from './carts.service';
import { ProductId } from '../common/contract/values';
import { AddCartItemsRequest, AddCartItemsResult, Cart, UpdateCartItemRequest } from './carts.contract';

const upc = ProductId.describe('13-digit UPC / productId of the cart item');
/** A retried tool call is the same call: same user, arguments and request id within ten minutes. */
const DEDUPE_WINDOW_MS = 10 * 60_000;

function cartText(cart: Cart): string {
  const lines = cart.items.map(
    (i) =>
      `${i.quantity} x ${i.name ?? i.upc} (${i.modality})${i.unitPrice !== undefined ? ` $${i.unitPrice.toFixed(2)}` : ''}${i.status ? ` [${i.status}]` : ''}`,
  );
  return [
    cart.note,
    ...lines,
    // Once, not per line: what to check for the lines marked UNKNOWN.
    cart.items.find((i) => i.note)?.note,
    `Estimated total: ${cart.estimatedTotal === null ? 'unknown' : `$${cart.estimatedTotal.toFixed(2)}`}`,
    `Check out at ${cart.cartUrl}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Cart tools for MCP clients, over the same CartsService (and idempotency) as REST. */
@McpToolset()
export class CartsTools implements Toolset {
  constructor(
    private readonly carts: CartsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  register(server: McpServer, caller: McpCaller): void {
    server.registerTool(
      'add_to_cart',
      {
        title: 'Add to cart',
        description:
          "Adds products to the user's real Kroger cart. Add only what the user asked for, in the quantities they asked for, and ask whether they want PICKUP or DELIVERY before adding. " +
          'Use productIds from search_products. The user checks out on the Kroger site.',
        inputSchema: AddCartItemsRequest,
        outputSchema: AddCartItemsResult,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      },
      (args, ctx) =>
        runTool(async () => {
          const principal = requirePrincipal(caller, 'cart:write');
          const bucket = Math.floor(Date.now() / DEDUPE_WINDOW_MS);
          const key = `mcp-${createHash('sha256')
            .update(JSON.stringify([principal.userId, args, String(ctx.mcpReq.id), bucket]))
            .digest('hex')
            .slice(0, 40)}`;
          const result = await this.idempotency.run(principal.userId, key, args, async () => ({
            status: 201,
            body: await this.carts.add(principal.userId, args.items, 'mcp', undefined, key),
          }));
          const added = result.body as AddCartItemsResult;
          return toolResult(
            { ...added },
            `Added ${added.added.map((a) => `${a.quantity} x ${a.name ?? a.upc}`).join(', ')}. Check out at ${added.cartUrl}`,
          );
        }),
    );

    server.registerTool(
      'view_cart',
      {
        title: 'View cart',
        description:
          "The user's cart: the real Kroger cart on the partner tier; on the public tier, what was added through this app (Kroger does not let apps read the cart).",
        inputSchema: z.object({}),
        outputSchema: Cart,
        annotations: { readOnlyHint: true, openWorldHint: true },
      },
      () =>
        runTool(async () => {
          const cart = await this.carts.view(requirePrincipal(caller, 'read').userId);
          return toolResult({ ...cart }, cartText(cart));
        }),
    );

    server.registerTool(
      'update_cart_item',
      {
        title: 'Update cart item',
        description:
          'Changes the quantity of an item in the cart (needs the Kroger partner tier). Only when the user asked.',
        inputSchema: UpdateCartItemRequest.extend({ upc }),
        outputSchema: Cart,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      },
      (args) =>
        runTool(async () => {
          const { upc, ...change } = args;
          const cart = await this.carts.update(requirePrincipal(caller, 'cart:write').userId, upc, change);
          return toolResult({ ...cart }, cartText(cart));
        }),
    );

    server.registerTool(
      'remove_from_cart',
      {
        title: 'Remove from cart',
        description: 'Removes an item from the cart (needs the Kroger partner tier). Only when the user asked.',
        inputSchema: z.object({ upc }),
        outputSchema: Cart,
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
      },
      (args) =>
        runTool(async () => {
          const cart = await this.carts.remove(requirePrincipal(caller, 'cart:write').userId, args.upc);
          return toolResult({ ...cart }, cartText(cart));
        }),
    );

    server.registerPrompt(
      'recipe_to_cart',
      {
        title: 'Recipe to cart',
        description: "Turns a recipe into cart adds at the user's preferred store.",
        argsSchema: z.object({
          recipe: z.string().describe('The recipe, or its ingredient list'),
          servings: z.string().optional().describe('How many servings'),
        }),
      },
      ({ recipe, servings }) => ({
        messages: [
          {
            role: 'user' as const,
            content: {
              type: 'text' as const,
              text:
                `Help me buy the ingredients for this recipe${servings ? ` for ${servings} servings` : ''}:\n\n${recipe}\n\n` +
                'Steps: call get_preferred_store (or find_stores and ask me to choose); for each ingredient call search_products at that store and pick the best match, ' +
                'preferring items in stock; show me the list with prices and ask what I already have and whether I want PICKUP or DELIVERY; only then call add_to_cart with what I confirmed.',
            },
          },
        ],
      }),
    );
  }
}
