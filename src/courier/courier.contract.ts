import { z } from 'zod';
import { responseSchema } from '../common/contract/schema-registry';
import { PageQuery, pageOf } from '../common/contract/pagination';
import { IsoDateTime } from '../common/contract/values';

export const FOLLOWING_ACTIONS = ['CONFIRM_PICKUP', 'CONFIRM_DELIVERY', 'NONE'] as const;

export const DeliveryId = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'must be a delivery id from the delivery list' })
  .meta({ examples: ['8c0d5f8e-1b7a-4c3e-9f2d-6a4b3c2d1e0f'] });

export const DeliveriesQuery = z.strictObject({
  followingAction: z
    .enum(FOLLOWING_ACTIONS, { error: `must be one of ${FOLLOWING_ACTIONS.join(', ')}` })
    .optional()
    .describe('Only deliveries waiting for this confirmation'),
  ...PageQuery.shape,
});
export type DeliveriesQuery = z.infer<typeof DeliveriesQuery>;

/** Kroger publishes no delivery schema: this model is ours (sandbox/README.md, "modeled"). */
export const Delivery = responseSchema(
  'Delivery',
  z.object({
    deliveryId: z.string(),
    status: z.string().meta({ examples: ['READY_FOR_PICKUP'] }),
    followingAction: z
      .string()
      .meta({ examples: ['CONFIRM_PICKUP'], description: 'What the courier confirms next; NONE when done' }),
    orderId: z.string().optional(),
    locationId: z.string().optional().describe('The store the order is picked up at'),
    window: z.object({ start: IsoDateTime, end: IsoDateTime }).optional().describe('The delivery window'),
  }),
);
export type Delivery = z.infer<typeof Delivery>;

export const DeliveryList = pageOf('DeliveryList', Delivery);
export type DeliveryList = z.infer<typeof DeliveryList>;
