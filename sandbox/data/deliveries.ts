import { Store } from './stores';
import { uuidFrom } from './random';

/**
 * The sandbox's courier-delivery model. Kroger's partner quick reference names
 * `GET /v1/courier/deliveries` (`filter.followingAction`) and `POST` by `delivery_id` (scopes
 * `delivery.basic`, `delivery.basic:rw`) but publishes no schema: this shape is modeled, not verified.
 * A delivery waits for the courier to confirm the pickup at the store, then the drop-off.
 */
export const FOLLOWING_ACTIONS = ['CONFIRM_PICKUP', 'CONFIRM_DELIVERY', 'NONE'] as const;
export type FollowingAction = (typeof FOLLOWING_ACTIONS)[number];

export interface Delivery {
  deliveryId: string;
  status: 'READY_FOR_PICKUP' | 'PICKED_UP' | 'DELIVERED';
  followingAction: FollowingAction;
  orderId: string;
  locationId: string;
  window: { start: string; end: string };
}

/** What confirming does: the next status and the action after it. */
export const CONFIRMATION: Record<Exclude<FollowingAction, 'NONE'>, Pick<Delivery, 'status' | 'followingAction'>> = {
  CONFIRM_PICKUP: { status: 'PICKED_UP', followingAction: 'CONFIRM_DELIVERY' },
  CONFIRM_DELIVERY: { status: 'DELIVERED', followingAction: 'NONE' },
};

export function generateDeliveries(stores: Store[], now: number): Delivery[] {
  const hour = 3600 * 1000;
  const retail = stores.filter((s) => /^\d{8}$/.test(s.locationId)).slice(0, 4);
  return retail.map((store, i) => {
    const stage = i % 3;
    return {
      deliveryId: uuidFrom(`delivery:${i}`),
      status: (['READY_FOR_PICKUP', 'PICKED_UP', 'DELIVERED'] as const)[stage],
      followingAction: FOLLOWING_ACTIONS[stage],
      orderId: `ORD-${String(700000 + i * 37)}`,
      locationId: store.locationId,
      window: {
        start: new Date(now + (i + 1) * hour).toISOString(),
        end: new Date(now + (i + 2) * hour).toISOString(),
      },
    };
  });
}
