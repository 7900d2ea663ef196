import { z } from 'zod';
import { ToolRequestId } from '../carts/carts.contract';
import { IdempotencyService } from '../common/idempotency.service';
import { McpRegistrar, McpToolset, requirePrincipal, Toolset, toolResult } from '../mcp/mcp-toolset';
import { ListCartService } from './list-cart.service';
import {
  AddListItemsRequest,
  AddListToCartRequest,
  CheckOffListItemsRequest,
  ImportCollectionRequest,
  ImportCollectionResult,
  ItemId,
  ListItem,
  ListItems,
  ListPage,
  ListQuery,
  ListToCartResult,
  ShoppingList,
} from './lists.contract';
import { DEFAULT_LIST_NAME, ListsService } from './lists.service';

const list = z
  .string()
  .trim()
  .min(1, { error: 'must be 1 to 100 characters' })
  .max(100, { error: 'must be 1 to 100 characters' })
  .optional()
  .describe("The list's name or listId; default: the list changed most recently");

const NO_LIST = 'The user has no shopping list yet; add_to_list creates one.';

function itemLine(item: ListItem): string {
  const name = item.product?.name ?? item.text ?? item.productId;
  const extra = [
    item.text && item.product ? `"${item.text}"` : undefined,
    item.product?.price && `$${item.product.price.current.toFixed(2)}`,
    item.product?.aisle,
    item.product?.stockLevel && item.product.stockLevel !== 'HIGH' ? item.product.stockLevel : undefined,
    item.note && `note: ${item.note}`,
    item.inCartAt && 'in cart',
  ].filter(Boolean);
  return `[${item.checked ? 'x' : ' '}] ${item.quantity} x ${name}${extra.length ? ` (${extra.join(', ')})` : ''} id=${item.itemId}`;
}

function listText(view: ShoppingList): string {
  const header = `${view.name} (listId ${view.listId}, ${view.items.length} items${view.locationId ? `, aisle order at store ${view.locationId}` : ''})`;
  return [header, view.note, ...view.items.map(itemLine)].filter(Boolean).join('\n');
}

function cartText(result: ListToCartResult): string {
  const by = (kind: string) => result.items.filter((i) => i.result === kind);
  const names = (items: ListToCartResult['items']) =>
    items.map((i) => `${i.text ?? i.productId}${i.reason ? ` [${i.reason}]` : ''}`).join(', ');
  return [
    `Added ${result.addedCount} item(s) to the Kroger cart${by('added').length ? `: ${names(by('added'))}` : ''}.`,
    by('skipped').length ? `Skipped: ${names(by('skipped'))}.` : '',
    by('refused').length ? `Not added: ${names(by('refused'))}.` : '',
    result.cartUrl ? `Check out at ${result.cartUrl}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Shopping list tools for MCP clients, over the same ListsService as REST. */
@McpToolset()
export class ListsTools implements Toolset {
  constructor(
    private readonly lists: ListsService,
    private readonly listCart: ListCartService,
    private readonly idempotency: IdempotencyService,
  ) {}

  register(mcp: McpRegistrar): void {
    mcp.tool(
      'list_shopping_lists',
      {
        title: 'List shopping lists',
        description: "The user's shopping lists (shared with their phone and web app), with item counts.",
        inputSchema: z.object({}),
        outputSchema: ListPage,
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      async (_args, call) => {
        const page = await this.lists.page(requirePrincipal(call, 'read').userId, { limit: 50 });
        const text = page.data.length
          ? page.data
              .map((l) => `${l.name} (listId ${l.listId}): ${l.uncheckedCount} of ${l.itemCount} to buy`)
              .join('\n')
          : NO_LIST;
        return toolResult({ ...page }, text);
      },
    );

    mcp.tool(
      'add_to_list',
      {
        title: 'Add to shopping list',
        description:
          `Adds items to a shopping list the user also sees on their phone: free text ("ripe bananas") and/or a productId from search_products. ` +
          `Without list, adds to the list changed most recently, or creates "${DEFAULT_LIST_NAME}"; a list name nobody has yet creates that list.`,
        inputSchema: AddListItemsRequest.extend({ list }),
        outputSchema: ListItems,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
      },
      async (args, call) => {
        const { userId } = requirePrincipal(call, 'lists:write');
        const target = await this.lists.findOrCreate(userId, args.list);
        const added = await this.lists.addItems(userId, target.id, args.items);
        return toolResult(
          { ...added },
          `Added to ${target.name}: ${added.items.map((i) => `${i.quantity} x ${i.text ?? i.productId} id=${i.itemId}`).join(', ')}`,
        );
      },
    );

    mcp.tool(
      'view_list',
      {
        title: 'View shopping list',
        description:
          'A shopping list in aisle order at a store (the preferred store by default), with prices and stock; free-text items last. Item ids are for check_off.',
        inputSchema: ListQuery.extend({ list }),
        outputSchema: ShoppingList,
        annotations: { readOnlyHint: true, openWorldHint: true },
      },
      async (args, call) => {
        const { userId } = requirePrincipal(call, 'read');
        const target = await this.lists.find(userId, args.list);
        const view = await this.lists.get(userId, target.id, args.locationId);
        return toolResult({ ...view }, listText(view));
      },
    );

    mcp.tool(
      'check_off',
      {
        title: 'Check off list items',
        description:
          'Checks items off a shopping list by their ids from view_list (checked: false unchecks). Only items the user said they have.',
        inputSchema: CheckOffListItemsRequest.extend({ list }),
        outputSchema: ListItems,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      },
      async (args, call) => {
        const { userId } = requirePrincipal(call, 'lists:write');
        const target = await this.lists.find(userId, args.list);
        const done = await this.lists.checkOff(userId, target.id, args.itemIds, args.checked);
        return toolResult(
          { ...done },
          `${args.checked === false ? 'Unchecked' : 'Checked off'}: ${done.items.map((i) => i.text ?? i.productId).join(', ')}`,
        );
      },
    );

    mcp.tool(
      'remove_from_list',
      {
        title: 'Remove from shopping list',
        description: 'Removes one item (by its id from view_list) from a shopping list. Only when the user asked.',
        inputSchema: z.object({ list, itemId: ItemId }),
        outputSchema: z.object({ removed: z.string() }),
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
      },
      async (args, call) => {
        const { userId } = requirePrincipal(call, 'lists:write');
        const target = await this.lists.find(userId, args.list);
        await this.lists.removeItem(userId, target.id, args.itemId);
        return toolResult({ removed: args.itemId }, `Removed item ${args.itemId} from ${target.name}.`);
      },
    );

    mcp.tool(
      'list_to_cart',
      {
        title: 'Add shopping list to cart',
        description:
          "Adds every unchecked item of a shopping list that has a productId to the user's real Kroger cart; free-text items are skipped (find them with search_products and add_to_list first). " +
          'Ask PICKUP or DELIVERY first. Items added are tagged "in cart" and skipped next time unless includeInCart. ' +
          'Send a fresh requestId for each add the user asks for, and the same one only when retrying after a timeout.',
        inputSchema: AddListToCartRequest.extend({ list, requestId: ToolRequestId }),
        outputSchema: ListToCartResult.extend({ outcome: z.enum(['added', 'already_added']) }),
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      },
      async ({ list: ref, requestId, ...body }, call) => {
        const { userId } = requirePrincipal(call, 'cart:write');
        requirePrincipal(call, 'lists:write');
        const target = await this.lists.find(userId, ref);
        // As add_to_cart: the same requestId is a retry of this add, replayed and never added twice.
        const key = requestId && `mcp:list:${requestId}`;
        const result = await this.idempotency.run(userId, key, { listId: target.id, ...body }, async () => ({
          status: 201,
          body: await this.listCart.addToCart(userId, target.id, { ...body, channel: 'mcp', idempotencyKey: key }),
        }));
        const added = result.body as ListToCartResult;
        if (result.replayed)
          return toolResult(
            { ...added, outcome: 'already_added' },
            `Already done (requestId ${requestId}), nothing added again. ${cartText(added)}`,
          );
        return toolResult({ ...added, outcome: 'added' }, cartText(added));
      },
    );

    mcp.tool(
      'import_collection_to_list',
      {
        title: 'Import collection to list',
        description:
          "Copies a saved Kroger collection's products (list_collections) into a shopping list; products already on it unchecked are not added twice.",
        inputSchema: ImportCollectionRequest.extend({ list }),
        outputSchema: ImportCollectionResult,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
        partnerFeature: 'collections',
      },
      async (args, call) => {
        const { userId } = requirePrincipal(call, 'lists:write');
        const target = await this.lists.findOrCreate(userId, args.list);
        const imported = await this.listCart.importCollection(userId, target.id, args.collectionId);
        return toolResult(
          { ...imported },
          `Imported ${imported.added.length} product(s) into ${target.name}` +
            (imported.skipped.length ? `; ${imported.skipped.length} were already on it.` : '.'),
        );
      },
    );
  }
}
