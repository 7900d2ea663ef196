import { z } from 'zod';
import { IdempotencyService } from '../common/idempotency.service';
import { McpRegistrar, McpToolset, requirePrincipal, Toolset, toolResult } from '../mcp/mcp-toolset';
import { CartsService } from './carts.service';
import { ProductId } from '../common/contract/values';
import {
  AddCartItemsResult,
  AddToCartToolInput,
  AddToCartToolResult,
  Cart,
  CartLine,
  UpdateCartItemRequest,
} from './carts.contract';

const upc = ProductId.describe('13-digit UPC / productId of the cart item');
/** An identical add this recent is worth pointing out: the user may have asked twice by mistake. */
const SAME_ADD_WINDOW_MS = 2 * 60_000;

function linesText(lines: CartLine[]): string {
  return lines.map((a) => `${a.quantity} x ${a.name ?? a.upc} (${a.modality})`).join(', ');
}

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

  register(mcp: McpRegistrar): void {
    mcp.tool(
      'add_to_cart',
      {
        title: 'Add to cart',
        description:
          "Adds products to the user's real Kroger cart. Add only what the user asked for, in the quantities they asked for, and ask whether they want PICKUP or DELIVERY before adding. " +
          'Use productIds from search_products. Send a fresh requestId with every add the user asks for, and the same requestId when retrying after a timeout: ' +
          'then a retry is never added twice, and the result says "added" or "already added, not added again". The user checks out on the Kroger site.',
        inputSchema: AddToCartToolInput,
        outputSchema: AddToCartToolResult,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      },
      async ({ items, requestId }, call) => {
        const { userId } = requirePrincipal(call, 'cart:write');
        // With a requestId, a repeat is a retry of this same add: replayed, never added again.
        // Without one, every call is an add the user asked for; a recent identical add is reported.
        const key = requestId && `mcp:${requestId}`;
        const earlier = key ? undefined : await this.carts.sameAddSince(userId, items, SAME_ADD_WINDOW_MS);
        const result = await this.idempotency.run(userId, key, { items }, async () => ({
          status: 201,
          body: await this.carts.add(userId, items, 'mcp', undefined, key),
        }));
        const added = result.body as AddCartItemsResult;
        const checkout = `Check out at ${added.cartUrl}`;
        if (result.replayed) {
          const at = added.added[0]?.addedAt ?? 'an earlier call';
          return toolResult(
            { ...added, outcome: 'already_added' },
            `Already added at ${at} (requestId ${requestId}), not added again: ${linesText(added.added)}. ${checkout}`,
          );
        }
        const secondsAgo = earlier && Math.max(0, Math.round((Date.now() - earlier.getTime()) / 1000));
        const note =
          earlier &&
          ` Note: you added the same ${secondsAgo} seconds ago (at ${earlier.toISOString()}); the cart now has both. If the user did not mean to add it twice, tell them.`;
        return toolResult(
          {
            ...added,
            outcome: 'added',
            ...(earlier && { sameAddEarlier: { at: earlier.toISOString(), secondsAgo } }),
          },
          `Added ${linesText(added.added)}.${note ?? ''} ${checkout}`,
        );
      },
    );

    mcp.tool(
      'view_cart',
      {
        title: 'View cart',
        description:
          "The user's cart: the real Kroger cart on the partner tier; on the public tier, what was added through this app (Kroger does not let apps read the cart).",
        inputSchema: z.object({}),
        outputSchema: Cart,
        annotations: { readOnlyHint: true, openWorldHint: true },
      },
      async (_args, call) => {
        const cart = await this.carts.view(requirePrincipal(call, 'read').userId);
        return toolResult({ ...cart }, cartText(cart));
      },
    );

    mcp.tool(
      'update_cart_item',
      {
        title: 'Update cart item',
        description:
          'Changes the quantity of an item in the cart (needs the Kroger partner tier). Only when the user asked.',
        inputSchema: UpdateCartItemRequest.extend({ upc }),
        outputSchema: Cart,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
        partnerFeature: 'carts',
      },
      async (args, call) => {
        const { upc, ...change } = args;
        const cart = await this.carts.update(requirePrincipal(call, 'cart:write').userId, upc, change);
        return toolResult({ ...cart }, cartText(cart));
      },
    );

    mcp.tool(
      'remove_from_cart',
      {
        title: 'Remove from cart',
        description: 'Removes an item from the cart (needs the Kroger partner tier). Only when the user asked.',
        inputSchema: z.object({ upc }),
        outputSchema: Cart,
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
        partnerFeature: 'carts',
      },
      async (args, call) => {
        const cart = await this.carts.remove(requirePrincipal(call, 'cart:write').userId, args.upc);
        return toolResult({ ...cart }, cartText(cart));
      },
    );

    mcp.prompt(
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
                'Steps: call get_preferred_store (or find_stores and ask me to choose); call search_products_bulk with all the ingredients at that store and pick the best match for each, ' +
                'preferring items in stock; show me the list with prices and ask what I already have and whether I want PICKUP or DELIVERY; only then call add_to_cart with what I confirmed.',
            },
          },
        ],
      }),
    );
  }
}
