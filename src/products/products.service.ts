import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationError } from '../common/errors/domain-error';
import { KrogerClient } from '../kroger/kroger-client';
import { LocationsService } from '../locations/locations.service';
import { PreferredLocationService } from '../locations/preferred-location.service';
import { toProductDto } from './product.mapper';
import { FULFILLMENT_CODES, Product, ProductPage, SearchProductsQuery } from './products.contract';

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
}
