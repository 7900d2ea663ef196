import { Injectable } from '@nestjs/common';
import { DomainError, NotFoundError, ValidationError } from '../common/errors/domain-error';
import { KrogerClient } from '../kroger/kroger-client';
import { LocationsService } from '../locations/locations.service';
import { PreferredLocationService } from '../locations/preferred-location.service';
import { toProductDto, toProductSummary } from './product.mapper';
import {
  BulkSearchOutcome,
  FULFILLMENT_CODES,
  Product,
  ProductPage,
  SearchProductsBulkInput,
  SearchProductsQuery,
} from './products.contract';

/** Searches of one bulk call in flight at once: enough to overlap Kroger's latency, not a burst. */
const BULK_CONCURRENCY = 4;

/** Product search and lookup, the same for REST and MCP. */
@Injectable()
export class ProductsService {
  constructor(
    private readonly kroger: KrogerClient,
    private readonly locations: LocationsService,
    private readonly preferred: PreferredLocationService,
  ) {}

  /**
   * The store prices are for: the one named (checked with Kroger first, so an unknown id is an
   * error rather than a catalogue without prices), else a signed-in user's preferred store.
   */
  async storeFor(locationId: string | undefined, userId: string | undefined): Promise<string | undefined> {
    if (locationId === undefined) return this.preferred.locationIdOf(userId);
    await this.locations.requireStore(locationId);
    return locationId;
  }

  async search(query: SearchProductsQuery, userId?: string): Promise<ProductPage> {
    if (!query.productIds?.length && !query.term && !query.brand) {
      throw new ValidationError([
        { field: 'term', rule: 'required', message: 'send term, brand or productIds' },
        { field: 'brand', rule: 'required', message: 'send term, brand or productIds' },
      ]);
    }
    const locationId = await this.storeFor(query.locationId, userId);
    const domain = await this.locations.domainOfStore(locationId);
    if (query.productIds?.length) {
      const products = await this.kroger.getProductsByIds(query.productIds, locationId);
      return {
        data: products.map((p) => toProductDto(p, locationId, domain)),
        pagination: { start: 0, limit: products.length, total: products.length },
      };
    }
    const page = await this.kroger.searchProducts({
      term: query.term,
      brand: query.brand,
      fulfillment: query.fulfillment?.map((f) => FULFILLMENT_CODES[f]).join(','),
      locationId,
      start: query.start,
      limit: query.limit ?? 10,
    });
    return {
      data: page.items.map((p) => toProductDto(p, locationId, domain)),
      pagination: { start: page.start, limit: page.limit, total: page.total },
    };
  }

  /** By product id or UPC (13 digits). */
  async get(productId: string, locationId: string | undefined, userId?: string): Promise<Product> {
    const store = await this.storeFor(locationId, userId);
    const product = await this.kroger.getProduct(productId, store);
    if (!product) throw new NotFoundError('Product', `Kroger has no product ${productId}.`);
    return toProductDto(product, store, await this.locations.domainOfStore(store));
  }

  async getMany(productIds: string[], locationId: string | undefined, userId?: string): Promise<Product[]> {
    const store = await this.storeFor(locationId, userId);
    const domain = await this.locations.domainOfStore(store);
    return (await this.kroger.getProductsByIds(productIds, store)).map((p) => toProductDto(p, store, domain));
  }

  /**
   * One search per shopping-list term, through the same path as a single search (read cache,
   * coalescing, the caller's spend budget). A term refused (budget, Kroger failing) says why in
   * its own outcome; the others still answer. `onDone` reports progress as terms finish.
   */
  async searchMany(
    input: SearchProductsBulkInput,
    userId: string | undefined,
    onDone?: (done: number, outcome: BulkSearchOutcome) => Promise<void>,
  ): Promise<{ results: BulkSearchOutcome[]; locationId?: string }> {
    const locationId = await this.storeFor(input.locationId, userId);
    const limit = input.limitPerTerm ?? 3;
    const results = new Array<BulkSearchOutcome>(input.terms.length);
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < input.terms.length) {
        const index = next++;
        const term = input.terms[index];
        results[index] = await this.search({ term, locationId, limit }, userId).then(
          (page) => ({ term, products: page.data.map(toProductSummary), total: page.pagination.total }),
          (error: unknown) => {
            if (!(error instanceof DomainError)) throw error;
            return { term, products: [], total: 0, error: { code: error.code, message: error.detail } };
          },
        );
        await onDone?.(++done, results[index]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, input.terms.length) }, worker));
    return { results, locationId };
  }
}
