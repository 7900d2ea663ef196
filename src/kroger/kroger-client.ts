import { KrogerError } from './kroger-error';
import { KrogerBreakers } from './circuit-breaker';
import { KrogerAuth, KrogerHttp, KrogerRequest } from './kroger-http';
import { CACHE_POLICIES, CachePolicy, cacheKey, ReadCache } from './cache/read-cache';
import {
  parseCart,
  parseChain,
  parseCoupon,
  parseDepartment,
  parseLocation,
  parsePage,
  parseProduct,
  parseProfile,
} from './kroger-parsers';
import { BatcherOptions, ProductBatcher } from './product-batcher';
import { UpstreamAdmission } from './upstream-admission';
import { requestContext } from '../common/request-context';
import { apiOf, QuotaEndpoint, QuotaLedger } from './quota-ledger';
import {
  KrogerCart,
  KrogerChain,
  KrogerCoupon,
  KrogerDepartment,
  KrogerLocation,
  KrogerPage,
  KrogerProduct,
  KrogerProfile,
  KrogerTokens,
} from './kroger-types';

/** A customer's Kroger token, and a way to refresh it once when Kroger says 401 (accounts provides both). */
export type UserAuth = Extract<KrogerAuth, { kind: 'user' }>;

export interface ProductSearch {
  term?: string;
  brand?: string;
  fulfillment?: string;
  locationId?: string;
  start?: number;
  limit?: number;
}

export interface LocationSearch {
  zipCode?: string;
  latLong?: string;
  radiusInMiles?: number;
  limit?: number;
  chain?: string;
  department?: string;
  locationIds?: string[];
}

export interface CartLine {
  upc: string;
  quantity: number;
  modality?: 'PICKUP' | 'DELIVERY' | 'SHIP';
  allowSubstitutes?: boolean;
  specialInstructions?: string;
}

const PRODUCT_SCOPES = ['product.compact'];
const COUPON_SCOPES = ['coupons.basic'];
const app = (scopes: string[]): KrogerAuth => ({ kind: 'app', scopes });

/**
 * One typed method per Kroger operation the features use. Public catalog reads are cached,
 * coalesced and (by id) batched; customer calls are never cached or shared between users.
 */
export class KrogerClient {
  private readonly batcher: ProductBatcher<KrogerProduct>;

  constructor(
    private readonly http: KrogerHttp,
    private readonly cache: ReadCache,
    private readonly ledger: QuotaLedger,
    private readonly breakers: KrogerBreakers,
    private readonly redirectUri: string,
    private readonly admission: UpstreamAdmission,
    batching: BatcherOptions = {},
  ) {
    this.batcher = new ProductBatcher(
      // The batch is paid for by the admission of each caller in it, so the call itself is charged to no one.
      (ids, locationId) => requestContext.runAsService(() => this.fetchProductsByIds(ids, locationId)),
      () => admission.admit('products.byId', { chargeSpend: true }),
      batching,
    );
  }

  // --- Products -------------------------------------------------------------------------------

  searchProducts(search: ProductSearch): Promise<KrogerPage<KrogerProduct>> {
    const query = {
      'filter.term': search.term,
      'filter.brand': search.brand,
      'filter.fulfillment': search.fulfillment,
      'filter.locationId': search.locationId,
      'filter.start': search.start,
      'filter.limit': search.limit,
    };
    return this.cachedRead(
      'products',
      cacheKey('products.search', query),
      this.productPolicy(search.locationId),
      async () => {
        await this.admission.admit('products.search', { chargeSpend: false });
        return parsePage((await this.get('products', '/v1/products', query, app(PRODUCT_SCOPES))).data, parseProduct);
      },
    );
  }

  /**
   * Each id through its own cache entry; the misses of concurrent callers (every user, every
   * channel) are merged into calls of at most 50 ids per store. Unknown ids are left out, and at a
   * store so are the products it does not sell, as Kroger's own filter does.
   */
  async getProductsByIds(productIds: string[], locationId?: string): Promise<KrogerProduct[]> {
    const policy = this.productPolicy(locationId);
    const payer = requestContext.payer() ?? '';
    this.batcher.arrived();
    const products = await Promise.all(
      [...new Set(productIds)].map((productId) =>
        this.cachedRead('products', cacheKey('products.get', { productId, locationId }), policy, () =>
          this.batcher.load(productId, locationId, payer),
        ),
      ),
    );
    return products.filter((p): p is KrogerProduct => Boolean(p));
  }

  /**
   * Runs `work`, the rest of a request that will look up a product by id, announced to the batcher
   * so that concurrent requests still being authenticated join one call (ProductBatcher.announce).
   */
  announceProductLookup<R>(client: string, work: () => R, onEnd: (release: () => void) => void): R {
    return this.batcher.announce(client, work, onEnd);
  }

  private async fetchProductsByIds(ids: string[], locationId: string | undefined): Promise<KrogerProduct[]> {
    const query = { 'filter.productId': ids.join(','), 'filter.locationId': locationId, 'filter.limit': ids.length };
    return parsePage((await this.get('products', '/v1/products', query, app(PRODUCT_SCOPES))).data, parseProduct).items;
  }

  // --- Locations, chains, departments ------------------------------------------------------------

  searchLocations(search: LocationSearch): Promise<KrogerLocation[]> {
    const query = {
      'filter.zipCode.near': search.zipCode,
      'filter.latLong.near': search.latLong,
      'filter.radiusInMiles': search.radiusInMiles,
      'filter.limit': search.limit,
      'filter.chain': search.chain,
      'filter.department': search.department,
      'filter.locationId': search.locationIds?.join(','),
    };
    return this.list(
      'locations',
      cacheKey('locations.search', query),
      CACHE_POLICIES.store,
      '/v1/locations',
      query,
      parseLocation,
    );
  }

  /**
   * Undefined when Kroger has no such location. Every store id a caller names is checked here, so
   * an unknown id is remembered only briefly (CACHE_POLICIES.absent) and a known one for hours.
   */
  getLocation(locationId: string): Promise<KrogerLocation | undefined> {
    return this.lookup(
      'locations',
      cacheKey('locations.get', { locationId }),
      CACHE_POLICIES.store,
      `/v1/locations/${encodeURIComponent(locationId)}`,
      {},
      parseLocation,
      CACHE_POLICIES.absent,
    );
  }

  locationExists(locationId: string): Promise<boolean> {
    return this.exists('locations', `/v1/locations/${encodeURIComponent(locationId)}`);
  }

  listChains(): Promise<KrogerChain[]> {
    return this.list('chains', 'chains.list', CACHE_POLICIES.reference, '/v1/chains', {}, parseChain);
  }

  getChain(name: string): Promise<KrogerChain | undefined> {
    return this.lookup(
      'chains',
      cacheKey('chains.get', { name: name.toUpperCase() }),
      CACHE_POLICIES.reference,
      `/v1/chains/${encodeURIComponent(name)}`,
      {},
      parseChain,
    );
  }

  listDepartments(): Promise<KrogerDepartment[]> {
    return this.list(
      'departments',
      'departments.list',
      CACHE_POLICIES.reference,
      '/v1/departments',
      {},
      parseDepartment,
    );
  }

  getDepartment(departmentId: string): Promise<KrogerDepartment | undefined> {
    return this.lookup(
      'departments',
      cacheKey('departments.get', { departmentId }),
      CACHE_POLICIES.reference,
      `/v1/departments/${encodeURIComponent(departmentId)}`,
      {},
      parseDepartment,
    );
  }

  // --- Cart (public add; partner carts) ----------------------------------------------------------

  async addToCart(auth: UserAuth, items: CartLine[]): Promise<void> {
    await this.http.send({
      endpoint: 'cart',
      method: 'PUT',
      path: '/v1/cart/add',
      json: { items: items.map(cartItem) },
      auth,
    });
  }

  async listCarts(auth: UserAuth): Promise<KrogerCart[]> {
    return parsePage(
      (await this.http.send({ endpoint: 'carts', method: 'GET', path: '/v1/carts', auth })).data,
      parseCart,
    ).items;
  }

  async getCart(auth: UserAuth, cartId: string): Promise<KrogerCart | undefined> {
    const body = await this.getOrNotFound('carts', `/v1/carts/${encodeURIComponent(cartId)}`, {}, auth);
    return body === undefined ? undefined : parseCart((body as { data?: unknown }).data);
  }

  async createCart(auth: UserAuth, items: CartLine[]): Promise<KrogerCart> {
    const res = await this.http.send<{ data?: unknown[] }>({
      endpoint: 'carts',
      method: 'POST',
      path: '/v1/carts',
      json: { items: items.map(cartItem) },
      auth,
    });
    return parseCart(res.data.data?.[0]);
  }

  async addCartItem(auth: UserAuth, cartId: string, item: CartLine): Promise<KrogerCart> {
    const res = await this.http.send<{ data?: unknown[] }>({
      endpoint: 'carts',
      method: 'POST',
      path: `/v1/carts/${encodeURIComponent(cartId)}/items`,
      json: cartItem(item),
      auth,
    });
    return parseCart(res.data.data?.[0]);
  }

  async updateCartItem(auth: UserAuth, cartId: string, upc: string, change: Omit<CartLine, 'upc'>): Promise<void> {
    await this.http.send({
      endpoint: 'carts',
      method: 'PUT',
      path: `/v1/carts/${encodeURIComponent(cartId)}/items/${encodeURIComponent(upc)}`,
      json: change,
      auth,
    });
  }

  async removeCartItem(auth: UserAuth, cartId: string, upc: string): Promise<void> {
    await this.http.send({
      endpoint: 'carts',
      method: 'DELETE',
      path: `/v1/carts/${encodeURIComponent(cartId)}/items/${encodeURIComponent(upc)}`,
      auth,
    });
  }

  // --- Identity ------------------------------------------------------------------------------------

  async getProfile(auth: UserAuth): Promise<KrogerProfile> {
    return parseProfile(
      (await this.http.send({ endpoint: 'identity', method: 'GET', path: '/v1/identity/profile', auth })).data,
    );
  }

  async getLoyaltyCard(auth: UserAuth): Promise<string | undefined> {
    return parseProfile(
      (await this.http.send({ endpoint: 'identity', method: 'GET', path: '/v1/identity/profile/loyalty', auth })).data,
    ).loyaltyCardNumber;
  }

  // --- Coupons (partner) ---------------------------------------------------------------------------

  /**
   * `GET /v1/coupons` with the application scope `coupons.basic` (§7.1), whoever asks: the list is
   * the same for every customer, so it is cached; which are clipped comes from `/v1/my_coupons`.
   */
  listCoupons(filter: {
    locationId?: string;
    productId?: string;
    merchant?: string;
    channels?: string;
  }): Promise<KrogerCoupon[]> {
    const query = {
      'filter.locationId': filter.locationId,
      'filter.productId': filter.productId,
      'filter.merchant': filter.merchant,
      'filter.channels': filter.channels,
    };
    return this.cachedRead(
      'coupons',
      cacheKey('coupons.list', query),
      CACHE_POLICIES.coupons,
      async () =>
        parsePage((await this.get('coupons', '/v1/coupons', query, app(COUPON_SCOPES))).data, parseCoupon).items,
    );
  }

  async clipCoupon(auth: UserAuth, couponId: string): Promise<void> {
    await this.http.send({ endpoint: 'coupons', method: 'POST', path: '/v1/my_coupons', json: { couponId }, auth });
  }

  async unclipCoupon(auth: UserAuth, couponId: string): Promise<void> {
    await this.http.send({
      endpoint: 'coupons',
      method: 'DELETE',
      path: '/v1/my_coupons',
      query: { 'filter.couponId': couponId },
      auth,
    });
  }

  // --- OAuth (for accounts) ------------------------------------------------------------------------

  exchangeAuthorizationCode(code: string, codeVerifier: string): Promise<KrogerTokens> {
    return this.http.requestToken({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.redirectUri,
      code_verifier: codeVerifier,
    });
  }

  /** Kroger refresh tokens are single use: an `outcome_unknown` error here means it may be spent. */
  refreshUserToken(refreshToken: string): Promise<KrogerTokens> {
    return this.http.requestToken({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  // --- Plumbing ------------------------------------------------------------------------------------

  private productPolicy(locationId: string | undefined): CachePolicy {
    return locationId ? CACHE_POLICIES.storePrices : CACHE_POLICIES.catalog;
  }

  private cachedRead<T>(
    endpoint: QuotaEndpoint,
    key: string,
    policy: CachePolicy,
    fetch: () => Promise<T>,
    absentPolicy?: CachePolicy,
  ): Promise<T> {
    const breaker = this.breakers.of(apiOf(endpoint));
    // Near the end of the daily budget, or while Kroger is failing, an old answer beats a call.
    const preferStale = this.ledger.isLow(endpoint) || breaker.snapshot().state === 'open';
    return this.cache.read(key, policy, fetch, { preferStale, absentPolicy });
  }

  /** A cached list (`{"data": [...]}`) read with an application token. */
  private list<T>(
    endpoint: QuotaEndpoint,
    key: string,
    policy: CachePolicy,
    path: string,
    query: KrogerRequest['query'],
    parse: (raw: unknown) => T,
  ): Promise<T[]> {
    return this.cachedRead(
      endpoint,
      key,
      policy,
      async () => parsePage((await this.get(endpoint, path, query, app(PRODUCT_SCOPES))).data, parse).items,
    );
  }

  /** One cached resource (`{"data": …}`); undefined when Kroger answers 404. */
  private lookup<T>(
    endpoint: QuotaEndpoint,
    key: string,
    policy: CachePolicy,
    path: string,
    query: KrogerRequest['query'],
    parse: (raw: unknown) => T,
    absentPolicy?: CachePolicy,
  ): Promise<T | undefined> {
    return this.cachedRead(
      endpoint,
      key,
      policy,
      async () => {
        const body = await this.getOrNotFound(endpoint, path, query, app(PRODUCT_SCOPES));
        return body === undefined ? undefined : parse((body as { data?: unknown }).data);
      },
      absentPolicy,
    );
  }

  private get(endpoint: QuotaEndpoint, path: string, query: KrogerRequest['query'], auth: KrogerAuth) {
    return this.http.send({ endpoint, method: 'GET', path, query, auth });
  }

  private async getOrNotFound(
    endpoint: QuotaEndpoint,
    path: string,
    query: KrogerRequest['query'],
    auth: KrogerAuth,
  ): Promise<unknown> {
    try {
      return (await this.get(endpoint, path, query, auth)).data;
    } catch (error) {
      if (error instanceof KrogerError && error.failure === 'not_found') return undefined;
      throw error;
    }
  }

  private exists(endpoint: QuotaEndpoint, path: string): Promise<boolean> {
    return this.cachedRead(endpoint, `exists:${path}`, CACHE_POLICIES.store, async () => {
      try {
        await this.http.send({ endpoint, method: 'HEAD', path, auth: app(PRODUCT_SCOPES) });
        return true;
      } catch (error) {
        if (error instanceof KrogerError && error.failure === 'not_found') return false;
        throw error;
      }
    });
  }
}

function cartItem(line: CartLine): Record<string, unknown> {
  return {
    upc: line.upc,
    quantity: line.quantity,
    ...(line.modality ? { modality: line.modality } : {}),
    ...(line.allowSubstitutes !== undefined ? { allowSubstitutes: line.allowSubstitutes } : {}),
    ...(line.specialInstructions ? { specialInstructions: line.specialInstructions } : {}),
  };
}
