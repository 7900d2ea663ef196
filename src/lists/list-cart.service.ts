import { Injectable, Logger } from '@nestjs/common';
import { CartModality } from '../carts/carts.contract';
import { CartChannel, CartsService } from '../carts/carts.service';
import { CollectionsService } from '../collections/collections.service';
import { DomainError } from '../common/errors/domain-error';
import { TierGate } from '../common/tier-gate';
import { ProductsService } from '../products/products.service';
import { ImportCollectionResult, ListToCartOutcome, ListToCartResult } from './lists.contract';
import { ListsService } from './lists.service';
import type { ItemRow } from './shopping-list.repository';

/** As many lines as one cart add takes (POST /api/v1/cart/items). */
const CART_ADD_MAX = 25;

export interface ListToCartOptions {
  modality: CartModality;
  includeInCart?: boolean;
  channel: CartChannel;
  requestId?: string;
  idempotencyKey?: string;
}

/**
 * Where lists meet Kroger: a list's unchecked products go to the cart through CartsService's add
 * (the cart ledger, the per-user cart write limit; the caller wraps it in the idempotency record),
 * and a saved Kroger collection comes into a list (partner tier).
 */
@Injectable()
export class ListCartService {
  private readonly logger = new Logger('ListCartService');

  constructor(
    private readonly lists: ListsService,
    private readonly carts: CartsService,
    private readonly products: ProductsService,
    private readonly collections: CollectionsService,
    private readonly tiers: TierGate,
  ) {}

  /**
   * Adds every unchecked item with a product. Added items are tagged in-cart (not checked: the user
   * still has to check out, or pick them up), so a later list-to-cart adds only what is new.
   */
  async addToCart(userId: string, listId: string, options: ListToCartOptions): Promise<ListToCartResult> {
    const { items } = await this.lists.rowsOf(userId, listId);
    const outcomes = new Map<string, ListToCartOutcome>();
    const candidates: ItemRow[] = [];
    for (const item of items) {
      const skip = !item.productId
        ? 'free_text'
        : item.checked
          ? 'checked'
          : item.inCartAt && !options.includeInCart
            ? 'already_in_cart'
            : undefined;
      if (skip) outcomes.set(item.id, outcome(item, 'skipped', skip));
      else candidates.push(item);
    }
    const productIds = candidates.map((c) => c.productId!);
    // The cart add refuses its whole chunk for a product the user's store does not sell, so those are
    // refused here, one by one, like products Kroger does not know at all.
    const [known, { known: atStore }] = productIds.length
      ? await Promise.all([
          this.products.getManyByIds(productIds, undefined, userId).then((ps) => new Set(ps.map((p) => p.productId))),
          this.carts.addableProducts(userId, productIds),
        ])
      : [new Set<string>(), { known: new Map() }];
    const addable = candidates.filter((item) => {
      if (atStore.has(item.productId!)) return true;
      const reason = known.has(item.productId!) ? 'not_sold_at_store' : 'unknown_product';
      outcomes.set(item.id, outcome(item, 'refused', reason));
      return false;
    });
    const { added, cartUrl } = await this.addInChunks(userId, addable, options, outcomes);
    // The items are in the cart whatever happens now: failing to tag them must not make this an
    // error, which would release the Idempotency-Key and let a retry add them all again.
    await this.lists.markInCart(userId, listId, added).catch((error: unknown) => {
      this.logger.error({ err: error, listId, items: added.length }, 'Could not tag list items as added to the cart');
    });
    return {
      listId,
      items: items.map((item) => outcomes.get(item.id)!),
      addedCount: added.length,
      ...(cartUrl && { cartUrl }),
    };
  }

  /**
   * One cart add per 25 items. When the first fails nothing was added, so the error is the answer;
   * when a later one fails, the items already added stay added and the rest say why they were not.
   */
  private async addInChunks(
    userId: string,
    addable: ItemRow[],
    options: ListToCartOptions,
    outcomes: Map<string, ListToCartOutcome>,
  ): Promise<{ added: string[]; cartUrl?: string }> {
    const added: string[] = [];
    let cartUrl: string | undefined;
    for (let start = 0; start < addable.length; start += CART_ADD_MAX) {
      const chunk = addable.slice(start, start + CART_ADD_MAX);
      try {
        const result = await this.carts.add(
          userId,
          chunk.map((item) => ({ productId: item.productId!, quantity: item.quantity, modality: options.modality })),
          options.channel,
          options.requestId,
          options.idempotencyKey,
        );
        cartUrl = result.cartUrl;
      } catch (error) {
        if (start === 0) throw error;
        // Earlier chunks are in the cart: an answer (not an error) keeps the Idempotency-Key, so a retry
        // cannot add them twice, whatever this failure was.
        if (!(error instanceof DomainError))
          this.logger.error({ err: error, items: addable.length - start }, 'A list-to-cart chunk failed');
        const reason = error instanceof DomainError ? error.code : 'internal';
        for (const item of addable.slice(start)) outcomes.set(item.id, outcome(item, 'refused', reason));
        break;
      }
      for (const item of chunk) {
        outcomes.set(item.id, outcome(item, 'added'));
        added.push(item.id);
      }
    }
    return { added, cartUrl };
  }

  /** The collection's products, each once: those already on the list unchecked are not added again. */
  async importCollection(userId: string, listId: string, collectionId: string): Promise<ImportCollectionResult> {
    this.tiers.requireFeature('collections', 'Importing a Kroger collection');
    await this.lists.rowsOf(userId, listId);
    const collection = await this.collections.get(userId, collectionId);
    const result = await this.lists.addProducts(userId, listId, collection.items);
    return { listId, ...result };
  }
}

function outcome(item: ItemRow, result: ListToCartOutcome['result'], reason?: string): ListToCartOutcome {
  return {
    itemId: item.id,
    ...(item.productId !== null && { productId: item.productId }),
    ...(item.text !== null && { text: item.text }),
    quantity: item.quantity,
    result,
    ...(reason && { reason }),
  };
}
