import { Injectable } from '@nestjs/common';
import { KrogerUserTokens } from '../auth/kroger-user-tokens';
import { LedgerUnavailableError, NotFoundError, ValidationError } from '../common/errors/domain-error';
import { KrogerClient } from '../kroger/kroger-client';
import { KrogerError } from '../kroger/kroger-error';
import { LocationsService } from '../locations/locations.service';
import { PreferredLocationService } from '../locations/preferred-location.service';
import { CartLedgerEntry, CartLedgerRepository } from './cart-ledger.repository';
import { CartWriteLimiter } from './cart-write-limiter';
import {
  AddCartItemsResult,
  Cart,
  CartItemPage,
  CartItemRequest,
  CartLine,
  CheckedOutCart,
  ListCartItemsQuery,
  CartModality,
  UpdateCartItemRequest,
  UpdateCartRequest,
} from './carts.contract';
import { KrogerPartnerClient } from '../kroger/kroger-partner-client';
import { KrogerCart } from '../kroger/kroger-types';
import { TierGate } from '../common/tier-gate';
import { CartLedgerService, roundedTotal } from './cart-ledger.service';
import { invalidCursor } from '../common/contract/pagination';
import { AccountEventsService } from '../events/account-events.service';

export type CartChannel = 'rest' | 'mcp';

const LEDGER_NOTE =
  "Items this app added to your Kroger cart. Kroger's public API cannot read the cart, so items added or removed elsewhere are not shown; check out on the cart page.";

/** The user's Kroger cart: the real one on the partner tier, the ledger of our adds on the public tier. */
@Injectable()
export class CartsService {
  constructor(
    private readonly ledger: CartLedgerRepository,
    private readonly kroger: KrogerClient,
    private readonly partner: KrogerPartnerClient,
    private readonly tokens: KrogerUserTokens,
    private readonly locations: LocationsService,
    private readonly preferred: PreferredLocationService,
    private readonly tiers: TierGate,
    private readonly limiter: CartWriteLimiter,
    private readonly ledgerLines: CartLedgerService,
    private readonly events: AccountEventsService,
  ) {}

  /**
   * The products a cart add accepts, by UPC: those Kroger finds at the user's preferred store (at a
   * store, Kroger leaves out what it does not sell there), or anywhere without one.
   */
  async addableProducts(userId: string, upcs: string[]) {
    const locationId = await this.preferred.locationIdOf(userId);
    const products = await this.kroger.getProductsByIds(upcs, locationId);
    return { locationId, known: new Map(products.map((p) => [p.upc, p])) };
  }

  /**
   * Adds items. Each line is written to the ledger (SENT) before Kroger is called, then marked
   * ACCEPTED, FAILED, or UNKNOWN when the answer never came (never retried: it may have been added).
   */
  async add(
    userId: string,
    items: CartItemRequest[],
    channel: CartChannel,
    requestId?: string,
    idempotencyKey?: string,
  ): Promise<AddCartItemsResult> {
    if (items.some(usesPartnerOptions)) this.tiers.requireFeature('carts', 'Item options and SHIP');
    await this.limiter.take(userId);
    const lines = items.map((item) => ({
      upc: item.upc ?? item.productId!,
      quantity: item.quantity,
      modality: item.modality,
      allowSubstitutes: item.allowSubstitutes,
      specialInstructions: item.specialInstructions,
    }));
    const { locationId, known } = await this.addableProducts(
      userId,
      lines.map((l) => l.upc),
    );
    const unknown = lines.map((l, index) => ({ l, index })).filter(({ l }) => !known.has(l.upc));
    if (unknown.length > 0) {
      throw new ValidationError(
        unknown.map(({ l, index }) => ({
          field: `items.${index}`,
          rule: 'knownProduct',
          message: `Kroger has no product ${l.upc}`,
        })),
      );
    }
    const entries = await this.ledger.recordSent(
      lines.map((line) => {
        const product = known.get(line.upc)!;
        return {
          userId,
          upc: line.upc,
          quantity: line.quantity,
          modality: line.modality,
          channel,
          productName: product.description,
          unitPrice: product.price ? (product.price.promo > 0 ? product.price.promo : product.price.regular) : null,
          locationId: locationId ?? null,
          idempotencyKey: idempotencyKey ?? null,
          requestId: requestId ?? null,
        };
      }),
    );
    const ids = entries.map((e) => e.id);
    try {
      await this.tokens.withUserToken(userId, async (auth) => {
        // Without the partner carts feature the link has only cart.basic:write: the public add.
        if (!this.tiers.offers('carts')) return this.kroger.addToCart(auth, lines);
        const [cart] = await this.kroger.listCarts(auth);
        if (!cart) return void (await this.kroger.createCart(auth, lines));
        for (const line of lines) await this.kroger.addCartItem(auth, cart.id, line);
      });
    } catch (error) {
      const outcomeUnknown = error instanceof KrogerError && error.failure === 'outcome_unknown';
      await this.ledger.setStatus(
        ids,
        outcomeUnknown ? 'UNKNOWN' : 'FAILED',
        (error as { code?: string }).code ?? 'internal',
      );
      // The user's other devices (and this one, if the answer is lost too) learn what to check.
      if (outcomeUnknown)
        await this.events.publish(userId, {
          type: 'cart.add_unknown',
          data: {
            reason: 'no_answer',
            items: entries.map((e) => ({ ledgerId: e.id, upc: e.upc, quantity: e.quantity })),
          },
        });
      throw error;
    }
    await this.ledger.setStatus(ids, 'ACCEPTED');
    return this.acceptedAnswer(entries, locationId);
  }

  /**
   * What an add answers once Kroger accepted its lines: also how crash recovery answers the
   * Idempotency-Key of an add whose lines were accepted but whose answer was never stored.
   */
  async acceptedAnswer(entries: CartLedgerEntry[], locationId: string | undefined): Promise<AddCartItemsResult> {
    return {
      added: entries.map((e) => ({
        ...(this.tiers.offers('carts') ? {} : { ledgerId: e.id }),
        upc: e.upc,
        name: e.productName ?? undefined,
        quantity: e.quantity,
        modality: e.modality,
        unitPrice: e.unitPrice ?? undefined,
        status: 'ACCEPTED',
        addedAt: e.createdAt.toISOString(),
        channel: e.channel,
      })),
      cartUrl: await this.cartUrl(locationId),
    };
  }

  /**
   * When the same lines (product, quantity, modality) were all added within the last `windowMs`
   * and not refused, the time of the latest: an add that may be the user asking twice.
   */
  async sameAddSince(userId: string, items: CartItemRequest[], windowMs: number): Promise<Date | undefined> {
    const recent = (await this.ledger.listSinceByUserId(userId, new Date(Date.now() - windowMs))).filter(
      (entry) => entry.status !== 'FAILED',
    );
    let latest: Date | undefined;
    for (const item of items) {
      const upc = item.upc ?? item.productId!;
      const match = recent.find((e) => e.upc === upc && e.quantity === item.quantity && e.modality === item.modality);
      if (!match) return undefined;
      if (!latest || match.createdAt > latest) latest = match.createdAt;
    }
    return latest;
  }

  async view(userId: string): Promise<Cart> {
    if (!this.tiers.offers('carts')) {
      // The ledger and the preferred store in one statement, shared with other users waiting (see currentWithStore).
      const { items, totals, preferredLocationId } = await this.ledgerLines.current(userId);
      const cartUrl = await this.cartUrl(preferredLocationId);
      return {
        source: 'ledger',
        note: LEDGER_NOTE,
        items,
        lineCount: totals.lines,
        // UNKNOWN counts: an add whose answer was lost has usually been applied (see the Cart schema).
        estimatedTotal: roundedTotal(totals),
        cartUrl,
      };
    }
    const locationId = await this.preferred.locationIdOf(userId);
    const cartUrl = await this.cartUrl(locationId);
    const carts = await this.tokens.withUserToken(userId, (auth) => this.kroger.listCarts(auth));
    return this.krogerView(carts[0], carts, locationId, cartUrl);
  }

  /** The cart's lines page by page: the current (or previous) ledger, or the real cart on the partner tier. */
  async listItems(userId: string, query: ListCartItemsQuery): Promise<CartItemPage> {
    if (!this.tiers.offers('carts')) return { source: 'ledger', ...(await this.ledgerLines.page(userId, query)) };
    if (query.ledger === 'previous')
      throw new LedgerUnavailableError('Reading a previous ledger', 'Kroger keeps no checked-out carts to read.');
    // Kroger answers with the whole cart: paged here, the cursor being the offset.
    const { items, estimatedTotal } = await this.view(userId);
    const start = query.cursor ? offsetOf(query.cursor) : 0;
    const limit = query.limit ?? 50;
    return {
      source: 'kroger',
      data: items.slice(start, start + limit),
      pagination: { limit, next: start + limit < items.length ? `o${start + limit}` : null },
      checkout: null,
      totals: { lines: items.length, quantity: items.reduce((sum, i) => sum + i.quantity, 0), estimatedTotal },
    };
  }

  /** Public tier: the user checked out on Kroger's site, so the ledger starts again. */
  checkOut(userId: string): Promise<CheckedOutCart> {
    if (this.tiers.offers('carts'))
      throw new LedgerUnavailableError(
        'Marking the cart checked out',
        'Kroger empties that cart when you check out; GET /api/v1/cart shows it as it is.',
      );
    return this.ledgerLines.checkOut(userId);
  }

  /** One of the user's Kroger carts by id (partner tier). */
  async viewCart(userId: string, cartId: string): Promise<Cart> {
    this.tiers.requireFeature('carts', 'Reading a cart by id');
    const cart = await this.tokens.withUserToken(userId, (auth) => this.kroger.getCart(auth, cartId));
    if (!cart) throw new NotFoundError('Cart', `You have no Kroger cart ${cartId}.`);
    const locationId = await this.preferred.locationIdOf(userId);
    return this.krogerView(cart, undefined, locationId, await this.cartUrl(locationId));
  }

  /** Cart-level update (`PUT /v1/carts/{id}`): quantities and options of items already in that cart. */
  async updateCart(userId: string, cartId: string, items: UpdateCartRequest['items']): Promise<Cart> {
    this.tiers.requireFeature('carts', 'Changing a cart');
    await this.limiter.take(userId);
    try {
      await this.tokens.withUserToken(userId, (auth) => this.partner.updateCart(auth, cartId, items));
    } catch (error) {
      if (error instanceof KrogerError && error.failure === 'not_found')
        throw new NotFoundError('Cart', `You have no Kroger cart ${cartId}.`);
      throw error;
    }
    return this.viewCart(userId, cartId);
  }

  private async krogerView(
    cart: KrogerCart | undefined,
    all: KrogerCart[] | undefined,
    locationId: string | undefined,
    cartUrl: string,
  ): Promise<Cart> {
    const carts = all?.map((c) => ({ cartId: c.id, name: c.name, itemCount: c.items.length }));
    if (!cart)
      return { source: 'kroger', items: [], lineCount: 0, estimatedTotal: null, cartUrl, ...(carts ? { carts } : {}) };
    const prices = new Map(
      (
        await this.kroger.getProductsByIds(
          cart.items.map((i) => i.upc),
          locationId,
        )
      ).map((p) => [p.upc, p]),
    );
    const items: CartLine[] = cart.items.map((i) => {
      const product = prices.get(i.upc);
      return {
        upc: i.upc,
        name: i.description ?? product?.description,
        quantity: i.quantity,
        modality: i.modality,
        allowSubstitutes: i.allowSubstitutes,
        specialInstructions: i.specialInstructions || undefined,
        unitPrice: product?.price ? (product.price.promo > 0 ? product.price.promo : product.price.regular) : undefined,
      };
    });
    return {
      source: 'kroger',
      cartId: cart.id,
      items,
      lineCount: items.length,
      estimatedTotal: estimate(items),
      cartUrl,
      ...(carts ? { carts } : {}),
    };
  }

  async update(userId: string, upc: string, change: UpdateCartItemRequest): Promise<Cart> {
    this.tiers.requireFeature('carts', 'Changing a cart item');
    await this.limiter.take(userId);
    await this.onCartItem(userId, upc, (auth, cartId) => this.kroger.updateCartItem(auth, cartId, upc, change));
    return this.view(userId);
  }

  /** By ledgerId on the public tier (no Kroger call: its public cart cannot remove), by UPC on the partner tier. */
  async remove(userId: string, itemKey: string): Promise<Cart> {
    const isUpc = /^\d{13}$/.test(itemKey);
    if (!this.tiers.offers('carts') && !isUpc) {
      await this.ledgerLines.remove(userId, itemKey);
      return this.view(userId);
    }
    if (!isUpc)
      throw new LedgerUnavailableError(
        'Removing a ledger line',
        'remove the item from the Kroger cart by its UPC, DELETE /api/v1/cart/items/{upc}.',
      );
    return this.removeFromKrogerCart(userId, itemKey);
  }

  private async removeFromKrogerCart(userId: string, upc: string): Promise<Cart> {
    this.tiers.requireFeature('carts', 'Removing a cart item');
    await this.limiter.take(userId);
    await this.onCartItem(userId, upc, (auth, cartId) => this.kroger.removeCartItem(auth, cartId, upc));
    return this.view(userId);
  }

  private async onCartItem(
    userId: string,
    upc: string,
    change: (auth: Parameters<KrogerClient['removeCartItem']>[0], cartId: string) => Promise<void>,
  ): Promise<void> {
    await this.tokens.withUserToken(userId, async (auth) => {
      const [cart] = await this.kroger.listCarts(auth);
      if (!cart || !cart.items.some((i) => i.upc === upc))
        throw new NotFoundError('Cart item', `Your cart has no item ${upc}.`);
      await change(auth, cart.id);
    });
  }

  private async cartUrl(locationId: string | undefined): Promise<string> {
    return `https://${await this.locations.domainOfStore(locationId)}/cart`;
  }
}

function usesPartnerOptions(item: {
  modality?: CartModality;
  allowSubstitutes?: boolean;
  specialInstructions?: string;
}): boolean {
  return item.modality === 'SHIP' || item.allowSubstitutes !== undefined || item.specialInstructions !== undefined;
}

function estimate(items: CartLine[]): number | null {
  const priced = items.filter((i) => i.unitPrice !== undefined);
  if (priced.length === 0) return null;
  return Math.round(priced.reduce((sum, i) => sum + i.unitPrice! * i.quantity, 0) * 100) / 100;
}

function offsetOf(cursor: string): number {
  const match = /^o(\d{1,6})$/.exec(cursor);
  if (!match) throw invalidCursor();
  return Number(match[1]);
}
