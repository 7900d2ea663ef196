import { Injectable } from '@nestjs/common';
import { DomainError, NotFoundError, ValidationError } from '../common/errors/domain-error';
import { KrogerClient } from '../kroger/kroger-client';
import { KrogerProduct } from '../kroger/kroger-types';
import { LocationsService } from '../locations/locations.service';
import { PreferredLocationService } from '../locations/preferred-location.service';
import { BarcodeCandidate, BarcodeError, BarcodeFormat, readProductCode, readScannedBarcode } from './barcode';
import { onSaleAndSorted } from './price-order';
import { toProductSummary } from './product.mapper';
import {
  BulkSearchOutcome,
  FULFILLMENT_CODES,
  PRICE_WINDOW,
  Product,
  ProductPage,
  SearchProductsBulkInput,
  SearchProductsQuery,
} from './products.contract';
import { pageProducts, sharedProductDto, sharedProductPage } from './shared-product-answers';

/** Searches of one bulk call in flight at once: enough to overlap Kroger's latency, not a burst. */
const BULK_CONCURRENCY = 4;
/** Kroger's largest page, used to read the window that onSale and sort work over. */
const KROGER_MAX_PAGE = 50;

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
    if (query.ids?.length) return this.byCodes(query.ids, query.locationId, userId);
    if (!query.term && !query.brand) {
      throw new ValidationError([
        { field: 'term', rule: 'required', message: 'send term, brand or ids' },
        { field: 'brand', rule: 'required', message: 'send term, brand or ids' },
      ]);
    }
    const byPrice = query.onSale === true || (query.sort !== undefined && query.sort !== 'relevance');
    const locationId = await this.storeFor(query.locationId, userId);
    if (byPrice && !locationId) {
      const rule = { field: 'locationId', rule: 'requiredForPrices' };
      throw new ValidationError([
        { ...rule, message: 'locationId must be sent for onSale or sort by price (or set a preferred store)' },
      ]);
    }
    const domain = await this.locations.domainOfStore(locationId);
    const search = {
      term: query.term,
      brand: query.brand,
      fulfillment: query.fulfillment?.map((f) => FULFILLMENT_CODES[f]).join(','),
      locationId,
    };
    const start = query.start ?? 0;
    const limit = query.limit ?? 10;
    if (byPrice) {
      const window = await this.readWindow(search);
      const ranked = onSaleAndSorted(
        window.map((p) => sharedProductDto(p, locationId, domain)),
        query,
      );
      return {
        data: ranked.slice(start, start + limit),
        pagination: { start, limit, total: ranked.length },
        searchedAmong: window.length,
      };
    }
    return sharedProductPage(await this.kroger.searchProducts({ ...search, start, limit }), locationId, domain);
  }

  /** By Kroger's 13-digit product id. */
  get(productId: string, locationId: string | undefined, userId?: string): Promise<Product> {
    return this.getOne([{ productId, format: 'kroger-id' }], productId, locationId, userId);
  }

  /** A code as scanned from a package (see barcode.ts for how each form is read). */
  getByBarcode(code: string, format: BarcodeFormat | undefined, locationId: string | undefined, userId?: string) {
    return this.getOne(
      readCode(() => readScannedBarcode(code, format), 'code'),
      code,
      locationId,
      userId,
    );
  }

  /** By product id or any scanned form of it (MCP get_product). */
  getByCode(code: string, locationId: string | undefined, userId?: string): Promise<Product> {
    return this.getOne(
      readCode(() => readProductCode(code), 'productId'),
      code,
      locationId,
      userId,
    );
  }

  /** Up to 50 ids or scanned codes; the ones Kroger does not know are named, not dropped. */
  async getMany(codes: string[], locationId: string | undefined, userId?: string) {
    const page = await this.byCodes(codes, locationId, userId);
    return { products: page.data, notFound: page.notFound ?? [] };
  }

  /**
   * By Kroger product ids this service stored itself (shopping lists): read as ids only, never as
   * scanned codes, so no other reading of a 13-digit id is asked of Kroger.
   */
  async getManyByIds(productIds: string[], locationId: string | undefined, userId?: string): Promise<Product[]> {
    const found = await this.lookUp(
      productIds.map((productId) => [{ productId, format: 'kroger-id' as const }]),
      locationId,
      userId,
    );
    return found.filter((product): product is Product => product !== undefined);
  }

  /**
   * One search per shopping-list term, through the same path as a single search (read cache,
   * coalescing, the caller's spend budget and upstream window). A term refused (budget, Kroger
   * failing) says why in its own outcome; the others still answer. `onDone` reports progress.
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

  private async getOne(
    candidates: BarcodeCandidate[],
    asSent: string,
    locationId: string | undefined,
    userId: string | undefined,
  ): Promise<Product> {
    const store = await this.storeFor(locationId, userId);
    const [product] = await this.resolve([candidates], store);
    if (!product) throw new NotFoundError('Product', `Kroger has no product ${asSent}.`);
    return sharedProductDto(product, store, await this.locations.domainOfStore(store));
  }

  private async byCodes(codes: string[], locationId: string | undefined, userId?: string): Promise<ProductPage> {
    const candidates = codes.map((code, i) => readCode(() => readProductCode(code), `ids.${i}`));
    const found = await this.lookUp(candidates, locationId, userId);
    const data = found.filter((product): product is Product => product !== undefined);
    return {
      data,
      pagination: { start: 0, limit: codes.length, total: data.length },
      notFound: codes.filter((_, i) => !found[i]),
    };
  }

  /** Each code's product as answered at the store (undefined where none was found), in the order asked. */
  private async lookUp(codes: BarcodeCandidate[][], locationId: string | undefined, userId: string | undefined) {
    const store = await this.storeFor(locationId, userId);
    const domain = await this.locations.domainOfStore(store);
    const products = await this.resolve(codes, store);
    return products.map((product) => product && sharedProductDto(product, store, domain));
  }

  /**
   * Each code's product: its candidate ids (in order of preference) all looked up together through
   * the batcher, the first Kroger knows wins. At a store, Kroger leaves out what the store does not
   * sell; codes with no candidate found there are looked up again without it, so they come back
   * without the store's price (a code already found is not asked again for its other readings).
   */
  private async resolve(codes: BarcodeCandidate[][], store: string | undefined) {
    const idsOf = (list: BarcodeCandidate[][]) => [...new Set(list.flat().map((c) => c.productId))];
    const found = new Map((await this.kroger.getProductsByIds(idsOf(codes), store)).map((p) => [p.productId, p]));
    const unsold = store ? idsOf(codes.filter((candidates) => !candidates.some((c) => found.has(c.productId)))) : [];
    if (unsold.length > 0) for (const p of await this.kroger.getProductsByIds(unsold)) found.set(p.productId, p);
    return codes.map((candidates) => candidates.map((c) => found.get(c.productId)).find(Boolean));
  }

  /** Kroger's first PRICE_WINDOW matches, in pages of 50 (each a cached read): what onSale and sort see. */
  private async readWindow(search: Parameters<KrogerClient['searchProducts']>[0]): Promise<KrogerProduct[]> {
    const first = await this.kroger.searchProducts({ ...search, start: 0, limit: KROGER_MAX_PAGE });
    const starts: number[] = [];
    for (let start = KROGER_MAX_PAGE; start < Math.min(first.total, PRICE_WINDOW); start += KROGER_MAX_PAGE)
      starts.push(start);
    const rest = await Promise.all(
      starts.map((start) => this.kroger.searchProducts({ ...search, start, limit: KROGER_MAX_PAGE })),
    );
    const seen = new Set<string>();
    // Kroger's order can shift between pages; a product seen twice is kept once.
    return [first, ...rest].flatMap(pageProducts).filter((p) => !seen.has(p.productId) && seen.add(p.productId));
  }
}

/** A code read by the rules of barcode.ts; a code it refuses is a 400 naming the field and rule. */
function readCode(read: () => BarcodeCandidate[], field: string): BarcodeCandidate[] {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof BarcodeError)) throw error;
    throw new ValidationError([{ field, rule: error.rule, message: `${field} ${error.message}` }]);
  }
}
