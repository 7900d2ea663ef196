import { z } from 'zod';
import { responseSchema } from '../common/contract/schema-registry';
import { PageQuery, pageOf } from '../common/contract/pagination';
import { IsoDateTime, LocationId, ProductId } from '../common/contract/values';

export const CouponId = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,40}$/, { error: 'must be letters, digits or -' })
  .describe('couponId, from the coupon list');

export const CouponQuery = z.strictObject({
  locationId: LocationId.optional().describe(
    'Only coupons valid at this store; an id Kroger does not know is 422 location.not_found',
  ),
  productId: ProductId.optional().describe('Only coupons for this product'),
  merchant: z
    .string()
    .regex(/^[A-Za-z0-9 ']{2,40}$/, { error: 'must be a chain name' })
    .optional()
    .meta({ examples: ['KROGER'] }),
  channels: z.enum(['instore', 'online'], { error: 'must be instore or online' }).optional(),
  ...PageQuery.shape,
});
export type CouponQuery = z.infer<typeof CouponQuery>;

/** Kroger publishes no coupon schema: this model is ours (KROGER_API.md §7.1). */
export const Coupon = responseSchema(
  'Coupon',
  z.object({
    couponId: z.string(),
    description: z.string().meta({ examples: ['Save $1.00 on 2 Kroger Cereal'] }),
    brand: z.string().optional(),
    value: z
      .object({ type: z.string(), amount: z.number() })
      .optional()
      .meta({ examples: [{ type: 'AMOUNT_OFF', amount: 1 }] }),
    minimumQuantity: z.number().int().optional(),
    expirationDate: IsoDateTime.optional(),
    productIds: z.array(z.string()),
    clipped: z.boolean().describe("On the user's card"),
  }),
);
export type Coupon = z.infer<typeof Coupon>;
export const CouponList = pageOf('CouponList', Coupon);
export type CouponList = z.infer<typeof CouponList>;

export const ClipState = z.object({ couponId: z.string(), clipped: z.boolean() });
