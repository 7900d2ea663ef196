import type { McpServer } from '@modelcontextprotocol/server';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IdempotencyService } from '../common/idempotency.service';
import { McpCaller, McpToolset, requirePrincipal, runTool, Toolset, toolResult } from '../mcp/mcp-toolset';
import { AddCartItemsResult } from '../carts/carts.contract';
import {
  AddCollectionToCartRequest,
  Collection,
  CollectionId,
  CollectionList,
  CollectionsQuery,
} from './collections.contract';
import { CollectionsService } from './collections.service';

/** A retried tool call is the same call: same user, arguments and request id within ten minutes. */
const DEDUPE_WINDOW_MS = 10 * 60_000;

const collectionLine = (c: Collection) =>
  `${c.name} [${c.type}] (${c.collectionId}): ${c.items.map((i) => `${i.quantity} x ${i.productId}`).join(', ') || 'empty'}`;

/** Collections tools for MCP clients, over the same CollectionsService as REST. */
@McpToolset()
export class CollectionsTools implements Toolset {
  constructor(
    private readonly collections: CollectionsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  register(server: McpServer, caller: McpCaller): void {
    server.registerTool(
      'list_collections',
      {
        title: 'List collections',
        description:
          "The user's saved Kroger collections (shopping lists, recipes, favorites) with their product ids (partner tier).",
        inputSchema: CollectionsQuery,
        outputSchema: CollectionList,
        annotations: { readOnlyHint: true, openWorldHint: true },
      },
      (args) =>
        runTool(async () => {
          const list = await this.collections.list(requirePrincipal(caller, 'read').userId, args);
          return toolResult(
            { ...list },
            list.data.length ? list.data.map(collectionLine).join('\n') : 'No collections found.',
          );
        }),
    );

    server.registerTool(
      'get_collection',
      {
        title: 'Get collection',
        description: 'One saved collection by collectionId, with its product ids and quantities (partner tier).',
        inputSchema: z.object({ collectionId: CollectionId }),
        outputSchema: Collection,
        annotations: { readOnlyHint: true, openWorldHint: true },
      },
      (args) =>
        runTool(async () => {
          const collection = await this.collections.get(requirePrincipal(caller, 'read').userId, args.collectionId);
          return toolResult({ ...collection }, collectionLine(collection));
        }),
    );

    server.registerTool(
      'add_collection_to_cart',
      {
        title: 'Add collection to cart',
        description:
          "Adds every item of one saved collection to the user's Kroger cart, in the collection's quantities. " +
          'Only when the user asked for that collection; ask PICKUP, DELIVERY or SHIP first.',
        inputSchema: AddCollectionToCartRequest.extend({ collectionId: CollectionId }),
        outputSchema: AddCartItemsResult,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      },
      (args, ctx) =>
        runTool(async () => {
          const principal = requirePrincipal(caller, 'cart:write');
          const bucket = Math.floor(Date.now() / DEDUPE_WINDOW_MS);
          const key = `mcp-${createHash('sha256')
            .update(JSON.stringify([principal.userId, 'collection', args, String(ctx.mcpReq.id), bucket]))
            .digest('hex')
            .slice(0, 40)}`;
          const result = await this.idempotency.run(principal.userId, key, args, async () => ({
            status: 201,
            body: await this.collections.addToCart(
              principal.userId,
              args.collectionId,
              args.modality,
              'mcp',
              undefined,
              key,
            ),
          }));
          const added = result.body as AddCartItemsResult;
          return toolResult(
            { ...added },
            `Added ${added.added.map((a) => `${a.quantity} x ${a.name ?? a.upc}`).join(', ')}. Check out at ${added.cartUrl}`,
          );
        }),
    );
  }
}
