import { KrogerAuth, KrogerHttp } from './kroger-http';
import { KrogerError } from './kroger-error';
import { CartLine, UserAuth } from './kroger-client';
import { parseCart, parseCollection, parseCoupon, parseDelivery, parsePage } from './kroger-parsers';
import { KrogerCart, KrogerCollection, KrogerDelivery } from './kroger-types';

const app = (scopes: string[]): KrogerAuth => ({ kind: 'app', scopes });

/**
 * Kroger's partner operations beyond catalog, cart lines and coupons listing (KROGER_API.md §5.2,
 * §6, §7.1 and the partner quick reference): profile-exists checks, collections, courier
 * deliveries, cart-level updates, clipped coupons. Never cached: each answer is about one customer
 * (or a courier's live work). Quota, spend and breaker accounting happen in KrogerHttp per endpoint.
 */
export class KrogerPartnerClient {
  constructor(private readonly http: KrogerHttp) {}

  /** `HEAD /v1/identity/profile?email=` with the application scope `profile.exists`. */
  async profileExists(email: string): Promise<boolean> {
    try {
      await this.http.send({
        endpoint: 'identity',
        method: 'HEAD',
        path: '/v1/identity/profile',
        query: { email },
        auth: app(['profile.exists']),
      });
      return true;
    } catch (error) {
      if (error instanceof KrogerError && error.failure === 'not_found') return false;
      throw error;
    }
  }

  /** `GET /v1/collections` (modeled shape). */
  async listCollections(auth: UserAuth, filter: { name?: string; type?: string } = {}): Promise<KrogerCollection[]> {
    const res = await this.http.send({
      endpoint: 'collections',
      method: 'GET',
      path: '/v1/collections',
      query: { 'filter.name': filter.name, 'filter.type': filter.type },
      auth,
    });
    return parsePage(res.data, parseCollection).items;
  }

  /** `PUT /v1/carts/{id}`: changes items already in the cart (quantity and options). */
  async updateCart(auth: UserAuth, cartId: string, items: CartLine[]): Promise<KrogerCart> {
    const res = await this.http.send<{ data?: unknown[] }>({
      endpoint: 'carts',
      method: 'PUT',
      path: `/v1/carts/${encodeURIComponent(cartId)}`,
      json: { items },
      auth,
    });
    return parseCart(res.data.data?.[0]);
  }

  /** `GET /v1/my_coupons`: the coupons on the customer's card (scope `coupon.personalized:rw`). */
  async listClippedCouponIds(auth: UserAuth): Promise<string[]> {
    const res = await this.http.send({ endpoint: 'coupons', method: 'GET', path: '/v1/my_coupons', auth });
    return parsePage(res.data, parseCoupon).items.map((c) => c.couponId);
  }

  /** `GET /v1/courier/deliveries` with the application scope `delivery.basic` (modeled shape). */
  async listDeliveries(followingAction?: string): Promise<KrogerDelivery[]> {
    const res = await this.http.send({
      endpoint: 'courier',
      method: 'GET',
      path: '/v1/courier/deliveries',
      query: { 'filter.followingAction': followingAction },
      auth: app(['delivery.basic']),
    });
    return parsePage(res.data, parseDelivery).items;
  }

  /** `POST /v1/courier/deliveries` by `delivery_id` (scope `delivery.basic:rw`): confirms the next step. */
  async confirmDelivery(deliveryId: string): Promise<KrogerDelivery> {
    const res = await this.http.send<{ data?: unknown }>({
      endpoint: 'courier',
      method: 'POST',
      path: '/v1/courier/deliveries',
      json: { delivery_id: deliveryId },
      auth: app(['delivery.basic:rw']),
    });
    return parseDelivery(res.data.data);
  }
}
