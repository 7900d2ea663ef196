import { z } from 'zod';
import { requestSchema, responseSchema } from '../common/contract/schema-registry';
import { IsoDateTime, Modality, ProductId, Quantity } from '../common/contract/values';

export const CartItemRequest = z
  .strictObject({
    productId: ProductId.optional().describe('13-digit productId (or send upc)'),
    upc: ProductId.optional().describe('13-digit UPC, as Kroger writes it (or send productId)'),
    quantity: Quantity,
    modality: Modality,
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
    modality: Modality.optional(),
  }),
);
export type UpdateCartItemRequest = z.infer<typeof UpdateCartItemRequest>;

export const CartLine = z.object({
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

export const Cart = responseSchema(
  'Cart',
  z.object({
    source: z
      .enum(['kroger', 'ledger'])
      .describe(
        '`kroger`: the real cart (partner tier). `ledger`: what this app added (the public tier cannot read the cart)',
      ),
    note: z.string().optional().describe('Why the list may differ from the cart the user sees at Kroger'),
    cartId: z.string().optional(),
    items: z.array(CartLine),
    estimatedTotal: z
      .number()
      .nullable()
      .meta({ examples: [12.47], description: 'Estimated from known prices; null when none are known' }),
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

/** add_to_cart's arguments: the REST body, plus the retry key MCP has no header for. */
export const AddToCartToolInput = AddCartItemsRequest.extend({
  requestId: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,120}$/, { error: 'must be 8 to 120 letters, digits or ._:-' })
    .optional()
    .describe(
      'A fresh id (e.g. a UUID) for each add the user asks for; send the same id again only when retrying this same add after a timeout or error, so it is not added twice.',
    ),
});

export const AddToCartToolResult = AddCartItemsResult.extend({
  outcome: z
    .enum(['added', 'already_added'])
    .describe('already_added: this requestId was added before, and nothing was added now'),
  sameAddEarlier: z
    .object({ at: IsoDateTime, secondsAgo: z.number().int() })
    .optional()
    .describe('The same items were also added moments before this add: the cart now has both'),
});
