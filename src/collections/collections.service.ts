import { Injectable } from '@nestjs/common';
import { KrogerUserTokens } from '../auth/kroger-user-tokens';
import { NotFoundError, ValidationError } from '../common/errors/domain-error';
import { TierGate } from '../common/tier-gate';
import { KrogerPartnerClient } from '../kroger/kroger-partner-client';
import { KrogerCollection } from '../kroger/kroger-types';
import { CartChannel, CartsService } from '../carts/carts.service';
import { AddCartItemsResult } from '../carts/carts.contract';
import { CartModality } from '../carts/carts.contract';
import { Collection, CollectionList, CollectionsQuery } from './collections.contract';
import { pageLocally } from '../common/contract/pagination';

const WHAT = 'Collections';

/**
 * The customer's saved Kroger collections (lists, recipes, favorites; partner tier, modeled shape),
 * and adding one to the cart through CartsService's idempotent add, as add_to_cart does.
 */
@Injectable()
export class CollectionsService {
  constructor(
    private readonly partner: KrogerPartnerClient,
    private readonly tokens: KrogerUserTokens,
    private readonly carts: CartsService,
    private readonly tiers: TierGate,
  ) {}

  /** Kroger answers with every collection at once: paged here. */
  async list(userId: string, query: CollectionsQuery): Promise<CollectionList> {
    return pageLocally(await this.all(userId, query), query);
  }

  /** Kroger has no by-id read: the customer's own list is filtered, so no one reads another's. */
  async get(userId: string, collectionId: string): Promise<Collection> {
    const found = (await this.all(userId, {})).find((c) => c.collectionId === collectionId);
    if (!found) throw new NotFoundError('Collection', `You have no collection ${collectionId}.`);
    return found;
  }

  private async all(userId: string, filter: Pick<CollectionsQuery, 'name' | 'type'>): Promise<Collection[]> {
    this.tiers.requireFeature('collections', WHAT);
    const { name, type } = filter;
    return (await this.tokens.withUserToken(userId, (auth) => this.partner.listCollections(auth, { name, type }))).map(
      toDto,
    );
  }

  /** Adds every item of the collection: the caller wraps this in its idempotency record. */
  async addToCart(
    userId: string,
    collectionId: string,
    modality: CartModality,
    channel: CartChannel,
    requestId?: string,
    idempotencyKey?: string,
  ): Promise<AddCartItemsResult> {
    const collection = await this.get(userId, collectionId);
    if (collection.items.length === 0)
      throw new ValidationError([{ field: 'collectionId', rule: 'minItems', message: 'the collection is empty' }]);
    const items = collection.items.map((i) => ({ productId: i.productId, quantity: i.quantity, modality }));
    return this.carts.add(userId, items, channel, requestId, idempotencyKey);
  }
}

function toDto(collection: KrogerCollection): Collection {
  return {
    collectionId: collection.id,
    name: collection.name,
    type: collection.type,
    items: collection.items.map((i) => ({ productId: i.productId, quantity: Math.min(99, Math.max(1, i.quantity)) })),
  };
}
