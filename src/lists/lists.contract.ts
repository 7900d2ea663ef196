import { z } from 'zod';
import { requestSchema, responseSchema } from '../common/contract/schema-registry';
import { pageOf } from '../common/contract/pagination';
import { IsoDateTime, LocationId, ProductId, Quantity, wholeNumber } from '../common/contract/values';
import { CartModality } from '../carts/carts.contract';
import { CollectionId } from '../collections/collections.contract';
import { ProductPrice } from '../products/products.contract';

/** Limits that keep one user's lists small enough to show, price and add to a cart in one go. */
export const LIST_LIMITS = { listsPerUser: 50, itemsPerList: 200, itemsPerAdd: 50 } as const;

const Uuid = (what: string) =>
  z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: `must be a ${what} id` })
    .meta({ examples: ['3f1c2a8e-5b7d-4c7a-9d3e-1a2b3c4d5e6f'] });
export const ListId = Uuid('list');
export const ItemId = Uuid('list item');

/** Text a person typed: trimmed, not blank, bounded. */
const text = (max: number, example: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `must be 1 to ${max} characters` })
    .max(max, { error: `must be 1 to ${max} characters` })
    .meta({ examples: [example] });

export const ListName = text(100, 'Groceries');
const ItemText = text(200, 'ripe bananas').describe('What to buy, in words (free text)');
const ItemNote = text(500, 'the big bag').describe('A note for whoever shops');
const YesNo = z.boolean({ error: 'must be true or false' });
const Version = wholeNumber(1, 2_147_483_647).describe(
  'The version you last saw: the change is refused (409 list_item.version_conflict) when someone changed it since',
);

export const ListsQuery = z.strictObject({
  start: wholeNumber(0, 1000).optional().describe('Lists to skip (default 0)'),
  limit: wholeNumber(1, LIST_LIMITS.listsPerUser).optional().describe('How many lists (default 20)'),
});
export type ListsQuery = z.infer<typeof ListsQuery>;

export const ListQuery = z.strictObject({
  locationId: LocationId.optional().describe(
    "The store to order items by aisle and price them for; defaults to the user's preferred store",
  ),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const CreateListRequest = requestSchema('CreateListRequest', z.strictObject({ name: ListName }));
export type CreateListRequest = z.infer<typeof CreateListRequest>;

export const RenameListRequest = requestSchema(
  'RenameListRequest',
  z.strictObject({
    name: ListName,
    version: Version.optional().describe('The list version you last saw (409 list.version_conflict when stale)'),
  }),
);
export type RenameListRequest = z.infer<typeof RenameListRequest>;

function itemArray<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(item)
    .min(1, { error: 'must list at least one item' })
    .max(max, { error: `may list at most ${max} items` });
}

export const NewListItem = z
  .strictObject({
    text: ItemText.optional(),
    productId: ProductId.optional().describe('A Kroger productId: priced, placed by aisle and addable to the cart'),
    quantity: Quantity.optional().describe('1 to 99 (default 1)'),
    note: ItemNote.optional(),
  })
  .refine((item) => item.text !== undefined || item.productId !== undefined, {
    error: 'send text, productId or both',
    path: ['text'],
    params: { rule: 'required' },
  });
export type NewListItem = z.infer<typeof NewListItem>;

export const AddListItemsRequest = requestSchema(
  'AddListItemsRequest',
  z.strictObject({
    items: itemArray(NewListItem, LIST_LIMITS.itemsPerAdd),
  }),
);
export type AddListItemsRequest = z.infer<typeof AddListItemsRequest>;

export const UpdateListItemRequest = requestSchema(
  'UpdateListItemRequest',
  z.strictObject({
    text: ItemText.nullable().optional().describe('New text; null clears it (the item then needs a productId)'),
    productId: ProductId.nullable().optional().describe('New product; null makes it a free-text item'),
    quantity: Quantity.optional(),
    note: ItemNote.nullable().optional().describe('New note; null clears it'),
    checked: YesNo.optional(),
    version: Version.optional(),
  }),
);
export type UpdateListItemRequest = z.infer<typeof UpdateListItemRequest>;

export const CheckOffListItemsRequest = requestSchema(
  'CheckOffListItemsRequest',
  z.strictObject({
    itemIds: itemArray(ItemId, LIST_LIMITS.itemsPerList),
    checked: YesNo.optional().describe('false unchecks (default true)'),
  }),
);
export type CheckOffListItemsRequest = z.infer<typeof CheckOffListItemsRequest>;

export const AddListToCartRequest = requestSchema(
  'AddListToCartRequest',
  z.strictObject({
    modality: CartModality,
    includeInCart: YesNo.optional().describe(
      'Also add items an earlier list-to-cart already added (default false: they are skipped)',
    ),
  }),
);
export type AddListToCartRequest = z.infer<typeof AddListToCartRequest>;

export const ImportCollectionRequest = requestSchema(
  'ImportCollectionRequest',
  z.strictObject({ collectionId: CollectionId }),
);
export type ImportCollectionRequest = z.infer<typeof ImportCollectionRequest>;

export const ListItem = responseSchema(
  'ListItem',
  z.object({
    itemId: z.uuid(),
    text: z.string().optional(),
    productId: z.string().optional(),
    quantity: z.number().int(),
    note: z.string().optional(),
    checked: z.boolean(),
    inCartAt: IsoDateTime.optional().describe('When list-to-cart added it to the Kroger cart'),
    position: z.number().int().describe('Insertion order within the list'),
    version: z.number().int().describe('Send it back with a change to refuse overwriting a newer one'),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    product: z
      .object({
        name: z.string(),
        price: ProductPrice.optional(),
        stockLevel: z.string().optional(),
        aisle: z
          .string()
          .optional()
          .meta({ examples: ['AISLE 23'] }),
      })
      .optional()
      .describe('What Kroger says of the productId at the store (only when reading one list)'),
  }),
);
export type ListItem = z.infer<typeof ListItem>;

const listFields = {
  listId: z.uuid(),
  name: z.string(),
  version: z.number().int().describe('Counts every change to the list and its items'),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
};

export const ListSummary = responseSchema(
  'ListSummary',
  z.object({
    ...listFields,
    itemCount: z.number().int(),
    uncheckedCount: z.number().int(),
  }),
);
export type ListSummary = z.infer<typeof ListSummary>;

export const ListPage = pageOf('ListPage', ListSummary);
export type ListPage = z.infer<typeof ListPage>;

export const ShoppingList = responseSchema(
  'ShoppingList',
  z.object({
    ...listFields,
    locationId: z.string().optional().describe('The store the order, prices and stock are for'),
    note: z.string().optional().describe('Why prices, stock or aisles are missing (Kroger not answering)'),
    items: z
      .array(ListItem)
      .describe('By aisle at the store; then products without an aisle; then free-text items, in the order added'),
  }),
);
export type ShoppingList = z.infer<typeof ShoppingList>;

export const ListItems = responseSchema(
  'ListItems',
  z.object({ listId: z.uuid(), version: z.number().int(), items: z.array(ListItem) }),
);
export type ListItems = z.infer<typeof ListItems>;

export const ListToCartOutcome = z.object({
  itemId: z.uuid(),
  productId: z.string().optional(),
  text: z.string().optional(),
  quantity: z.number().int(),
  result: z.enum(['added', 'skipped', 'refused']),
  reason: z
    .string()
    .optional()
    .meta({
      description:
        'skipped: free_text, checked, already_in_cart. refused: unknown_product, not_sold_at_store (your preferred ' +
        'store does not sell it), or the error code of a failed cart add',
      examples: ['free_text'],
    }),
});
export type ListToCartOutcome = z.infer<typeof ListToCartOutcome>;

export const ListToCartResult = responseSchema(
  'ListToCartResult',
  z.object({
    listId: z.uuid(),
    items: z.array(ListToCartOutcome),
    addedCount: z.number().int(),
    cartUrl: z.string().optional().describe('Where to check out, when anything was added'),
  }),
);
export type ListToCartResult = z.infer<typeof ListToCartResult>;

export const ImportCollectionResult = responseSchema(
  'ImportCollectionResult',
  z.object({
    listId: z.uuid(),
    added: z.array(ListItem),
    skipped: z.array(z.string()).describe('productIds already on the list unchecked, not added twice'),
  }),
);
export type ImportCollectionResult = z.infer<typeof ImportCollectionResult>;
