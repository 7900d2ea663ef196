import { z } from 'zod';
import { cursorPageOf, cursorQuery } from '../common/contract/pagination';
import { requestSchema, responseSchema } from '../common/contract/schema-registry';
import { IsoDateTime, MODALITIES, ProductId, Quantity } from '../common/contract/values';

/** PICKUP and DELIVERY everywhere; SHIP (ship to home) only through Kroger's partner carts (§5.2). */
export const CartModality = z
  .enum([...MODALITIES, 'SHIP'], { error: 'must be PICKUP, DELIVERY or SHIP' })
  .meta({ description: 'Ask the user: pickup at the store, delivery, or ship to home (SHIP: partner tier only)' });
export type CartModality = z.infer<typeof CartModality>;

/** Kroger's partner item options (§5.2); the public tier cannot send them (501 tier.partner_required). */
const itemOptions = {
  allowSubstitutes: z
    .boolean({ error: 'must be true or false' })
    .optional()
    .describe('May the store substitute a similar product (partner tier)'),
  specialInstructions: z
    .string()
    .max(200, { error: 'must be at most 200 characters' })
    .optional()
    .meta({ description: 'Instructions for the shopper (partner tier)', examples: ['Green bananas, please'] }),
};

export const CartItemRequest = z
  .strictObject({
    productId: ProductId.optional().describe('13-digit productId (or send upc)'),
    upc: ProductId.optional().describe('13-digit UPC, as Kroger writes it (or send productId)'),
    quantity: Quantity,
    modality: CartModality,
    ...itemOptions,
  })
  .refine((item) => item.productId !== undefined || item.upc !== undefined, {
    error: 'productId must be 13 digits (or send upc)',
    path: ['productId'],
    params: { rule: 'required' },
  });
export type CartItemRequest = z.infer<typeof CartItemRequest>;

export const AddCartItemsRequest = requestSchema(
  'AddCartItemsRequest',
  z.strictObject({
    items: z
      .array(CartItemRequest)
      .min(1, { error: 'must list at least one item' })
      .max(25, { error: 'may list at most 25 items' }),
  }),
);
export type AddCartItemsRequest = z.infer<typeof AddCartItemsRequest>;

export const UpdateCartItemRequest = requestSchema(
  'UpdateCartItemRequest',
  z.strictObject({
    quantity: Quantity.describe('1 to 99; DELETE removes the item'),
    modality: CartModality.optional(),
    ...itemOptions,
  }),
);
export type UpdateCartItemRequest = z.infer<typeof UpdateCartItemRequest>;

export const UpdateCartRequest = requestSchema(
  'UpdateCartRequest',
  z.strictObject({
    items: z
      .array(
        z.strictObject({
          upc: ProductId.describe('13-digit UPC of an item already in this cart'),
          quantity: Quantity,
          modality: CartModality.optional(),
          ...itemOptions,
        }),
      )
      .min(1, { error: 'must list at least one item' })
      .max(25, { error: 'may list at most 25 items' }),
  }),
);
export type UpdateCartRequest = z.infer<typeof UpdateCartRequest>;

export const CartIdParam = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'must be a Kroger cart id' })
  .meta({ examples: ['2b9b3963-5cac-42f8-9d28-7bebdec0b9e4'] });

/** A line of the cart ledger (public tier), as GET /api/v1/cart and /api/v1/cart/items show it. */
export const LedgerId = z.uuid({ error: 'must be a ledgerId from GET /api/v1/cart/items' });

/**
 * DELETE /api/v1/cart/items/{itemId}: the partner tier names the Kroger cart item by UPC, the
 * public tier a ledger line by ledgerId.
 */
export const CartItemKey = z
  .string()
  .regex(/^(\d{13}|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$/, {
    error: 'must be a 13-digit UPC (partner tier) or a ledgerId (public tier)',
  })
  .meta({ examples: ['0001111041700'] });

export const CartLine = z.object({
  ledgerId: z
    .string()
    .optional()
    .describe('Ledger only: DELETE /api/v1/cart/items/{ledgerId} forgets the line once removed on Kroger’s site'),
  upc: z.string().meta({ examples: ['0001111041700'] }),
  name: z
    .string()
    .optional()
    .meta({ examples: ['Kroger 2% Reduced Fat Milk'] }),
  quantity: z
    .number()
    .int()
    .meta({ examples: [2] }),
  modality: z.string().meta({ examples: ['PICKUP'] }),
  allowSubstitutes: z.boolean().optional().describe('Partner cart only'),
  specialInstructions: z.string().optional().describe('Partner cart only'),
  unitPrice: z
    .number()
    .optional()
    .meta({ examples: [3.49], description: 'Unit price when added (ledger) or now (partner cart)' }),
  status: z
    .enum(['SENT', 'ACCEPTED', 'UNKNOWN', 'FAILED'])
    .optional()
    .describe(
      'Ledger only: what became of the add. UNKNOWN: sent, but Kroger never answered (or the service stopped); check the cart page',
    ),
  note: z.string().optional().describe('Ledger only: what the user should check, for UNKNOWN lines'),
  addedAt: IsoDateTime.optional(),
  channel: z
    .string()
    .optional()
    .meta({ description: 'Which channel added it: rest or mcp', examples: ['rest'] }),
});
export type CartLine = z.infer<typeof CartLine>;

/** Lines of the current ledger GET /api/v1/cart shows; the rest are a page away. */
export const LEDGER_VIEW_LINES = 50;

const EstimatedTotal = z
  .number()
  .nullable()
  .meta({
    examples: [12.47],
    description:
      'Estimated from known prices over the whole cart (ledger: lines ACCEPTED or UNKNOWN); null when none are known',
  });

export const Cart = responseSchema(
  'Cart',
  z.object({
    source: z
      .enum(['kroger', 'ledger'])
      .describe(
        '`kroger`: the real cart (partner tier, carts feature). `ledger`: what this app added (without partner carts the cart cannot be read)',
      ),
    note: z.string().optional().describe('Why the list may differ from the cart the user sees at Kroger'),
    cartId: z.string().optional().describe('The cart shown (partner tier): the first Kroger lists'),
    items: z
      .array(CartLine)
      .describe(
        `Ledger: the newest ${LEDGER_VIEW_LINES} lines of the current ledger; all of them, page by page: GET /api/v1/cart/items`,
      ),
    lineCount: z.number().int().describe('How many lines the cart (or the current ledger) has, shown or not'),
    carts: z
      .array(z.object({ cartId: z.string(), name: z.string().optional(), itemCount: z.number().int() }))
      .optional()
      .describe('Partner tier: every cart Kroger has for the user, with its id (GET /api/v1/cart/{id} shows one)'),
    estimatedTotal: EstimatedTotal,
    cartUrl: z
      .string()
      .meta({ examples: ['https://www.kroger.com/cart'], description: "The chain's cart page, to check out" }),
  }),
);
export type Cart = z.infer<typeof Cart>;

export const AddCartItemsResult = responseSchema(
  'AddCartItemsResult',
  z.object({ added: z.array(CartLine), cartUrl: z.string().meta({ examples: ['https://www.kroger.com/cart'] }) }),
);
export type AddCartItemsResult = z.infer<typeof AddCartItemsResult>;

/** The retry key MCP cart tools take where REST has the Idempotency-Key header. */
export const ToolRequestId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,120}$/, { error: 'must be 8 to 120 letters, digits or ._:-' })
  .optional()
  .describe(
    'A fresh id (e.g. a UUID) for each add the user asks for; send the same id again only when retrying this same add after a timeout or error, so it is not added twice.',
  );

/** add_to_cart's arguments: the REST body, plus the retry key. */
export const AddToCartToolInput = AddCartItemsRequest.extend({ requestId: ToolRequestId });

export const AddToCartToolResult = AddCartItemsResult.extend({
  outcome: z
    .enum(['added', 'already_added'])
    .describe('already_added: this requestId was added before, and nothing was added now'),
  sameAddEarlier: z
    .object({ at: IsoDateTime, secondsAgo: z.number().int() })
    .optional()
    .describe('The same items were also added moments before this add: the cart now has both'),
});

export const LEDGERS = ['current', 'previous'] as const;

export const ListCartItemsQuery = z.strictObject({
  ...cursorQuery(100, 50).shape,
  ledger: z
    .enum(LEDGERS, { error: 'must be current or previous' })
    .optional()
    .describe(
      'Public tier: `previous` reads the ledger closed by the latest POST /api/v1/cart/checked-out (default current)',
    ),
});
export type ListCartItemsQuery = z.infer<typeof ListCartItemsQuery>;

const CartSource = z.enum(['kroger', 'ledger']);

export const CartItemPage = cursorPageOf('CartItemPage', CartLine, {
  source: CartSource.describe('`kroger`: the real cart (partner tier). `ledger`: what this app added (public tier)'),
  checkout: z
    .object({ checkoutId: z.uuid(), checkedOutAt: IsoDateTime })
    .nullable()
    .describe('The checkout that closed this ledger; null for the current ledger and the Kroger cart'),
  totals: z.object({
    lines: z.number().int().describe('Lines on every page together'),
    quantity: z.number().int().describe('Units on every page together'),
    estimatedTotal: EstimatedTotal,
  }),
});
export type CartItemPage = z.infer<typeof CartItemPage>;

export const CheckedOutCart = responseSchema(
  'CheckedOutCart',
  z.object({
    checkoutId: z
      .uuid()
      .nullable()
      .describe(
        'The closed ledger (read it with GET /api/v1/cart/items?ledger=previous); null when the ledger was already empty',
      ),
    checkedOutAt: IsoDateTime.nullable(),
    lines: z.number().int().describe('Lines the closed ledger holds; 0 when there was nothing to close'),
    estimatedTotal: EstimatedTotal,
  }),
);
export type CheckedOutCart = z.infer<typeof CheckedOutCart>;
