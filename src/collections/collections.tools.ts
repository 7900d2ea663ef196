import { z } from 'zod';
import { IdempotencyService } from '../common/idempotency.service';
import { McpRegistrar, McpToolset, requirePrincipal, Toolset, toolResult } from '../mcp/mcp-toolset';
import { AddCartItemsResult, AddToCartToolResult, ToolRequestId } from '../carts/carts.contract';
import {
  AddCollectionToCartRequest,
  Collection,
  CollectionId,
  CollectionList,
  CollectionsQuery,
} from './collections.contract';
import { CollectionsService } from './collections.service';

const collectionLine = (c: Collection) =>
  `${c.name} [${c.type}] (${c.collectionId}): ${c.items.map((i) => `${i.quantity} x ${i.productId}`).join(', ') || 'empty'}`;

const addedText = (added: AddCartItemsResult) =>
  added.added.map((a) => `${a.quantity} x ${a.name ?? a.upc}`).join(', ');

/** Collections tools for MCP clients (partner tier), over the same CollectionsService as REST. */
@McpToolset()
export class CollectionsTools implements Toolset {
  constructor(
    private readonly collections: CollectionsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  register(mcp: McpRegistrar): void {
    mcp.tool(
      'list_collections',
      {
        title: 'List collections',
        description:
          "The user's saved Kroger collections (shopping lists, recipes, favorites) with their product ids (partner tier).",
        inputSchema: CollectionsQuery,
        outputSchema: CollectionList,
        annotations: { readOnlyHint: true, openWorldHint: true },
        partnerFeature: 'collections',
      },
      async (args, call) => {
        const list = await this.collections.list(requirePrincipal(call, 'read').userId, args);
        return toolResult(
          { ...list },
          list.data.length ? list.data.map(collectionLine).join('\n') : 'No collections found.',
        );
      },
    );

    mcp.tool(
      'get_collection',
      {
        title: 'Get collection',
        description: 'One saved collection by collectionId, with its product ids and quantities (partner tier).',
        inputSchema: z.object({ collectionId: CollectionId }),
        outputSchema: Collection,
        annotations: { readOnlyHint: true, openWorldHint: true },
        partnerFeature: 'collections',
      },
      async (args, call) => {
        const collection = await this.collections.get(requirePrincipal(call, 'read').userId, args.collectionId);
        return toolResult({ ...collection }, collectionLine(collection));
      },
    );

    mcp.tool(
      'add_collection_to_cart',
      {
        title: 'Add collection to cart',
        description:
          "Adds every item of one saved collection to the user's Kroger cart, in the collection's quantities. " +
          'Only when the user asked for that collection; ask PICKUP, DELIVERY or SHIP first. ' +
          'Send a fresh requestId with every add the user asks for, and the same one only when retrying after a timeout.',
        inputSchema: AddCollectionToCartRequest.extend({ collectionId: CollectionId, requestId: ToolRequestId }),
        outputSchema: AddToCartToolResult.omit({ sameAddEarlier: true }),
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
        partnerFeature: 'collections',
      },
      async ({ collectionId, modality, requestId }, call) => {
        const { userId } = requirePrincipal(call, 'cart:write');
        // As add_to_cart: the same requestId is a retry of this add, replayed and never added twice.
        const key = requestId && `mcp:collection:${requestId}`;
        const result = await this.idempotency.run(userId, key, { collectionId, modality }, async () => ({
          status: 201,
          body: await this.collections.addToCart(userId, collectionId, modality, 'mcp', undefined, key),
        }));
        const added = result.body as AddCartItemsResult;
        const checkout = `Check out at ${added.cartUrl}`;
        if (result.replayed)
          return toolResult(
            { ...added, outcome: 'already_added' },
            `Already added (requestId ${requestId}), not added again: ${addedText(added)}. ${checkout}`,
          );
        return toolResult({ ...added, outcome: 'added' }, `Added ${addedText(added)}. ${checkout}`);
      },
    );
  }
}
