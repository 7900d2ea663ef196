import { shareAnswer } from '../common/http/shared-answers';
import { billTo, chargeMemory, jsonBytes } from '../common/memory-accounts';
import { KrogerPage, KrogerProduct } from '../kroger/kroger-types';
import { toProductDto } from './product.mapper';
import { Product, ProductPage } from './products.contract';

/**
 * Answers built once per cached Kroger entry (the in-memory read cache hands every reader the same
 * object while the entry lives) instead of on every request: weakly keyed by that object, so they
 * go with it. Entries read from Redis are new objects on each read and simply miss.
 * Within one entry they differ by what the answer shows: the store (only when the entry carries its
 * price or aisle, as toProductDto shows it) and the banner's web domain, so one user's store never
 * shows in another's answer. What they keep is charged to the cache that holds the entry (see
 * memory-accounts.ts), so its byte limit bounds them: each answer built counts its JSON size, and
 * its serialized bytes count once sent (shared-answers.ts), as do MCP's tool results built from it
 * and their JSON (mcp-toolset.ts).
 */
const products = new WeakMap<KrogerProduct, Map<string, Product>>();
const pages = new WeakMap<KrogerPage<KrogerProduct>, Map<string, ProductPage>>();

export function sharedProductDto(product: KrogerProduct, locationId: string | undefined, domain: string): Product {
  const shownLocation = product.price || product.aisleLocations.length > 0 ? locationId : undefined;
  return remembered(products, product, `${shownLocation ?? ''} ${domain}`, () => {
    const dto = shareAnswer(toProductDto(product, shownLocation, domain));
    chargeMemory(product, jsonBytes(dto));
    return dto;
  });
}

/** A page of search results as served, for the store its cache entry was read for. */
export function sharedProductPage(
  page: KrogerPage<KrogerProduct>,
  locationId: string | undefined,
  domain: string,
): ProductPage {
  return remembered(pages, page, `${locationId ?? ''} ${domain}`, () =>
    shareAnswer({
      data: Object.freeze(pageProducts(page).map((p) => sharedProductDto(p, locationId, domain))) as Product[],
      pagination: { start: page.start, limit: page.limit, total: page.total },
    }),
  );
}

/** A cached page's products, whose answers live as long as the page does: charged to its entry. */
export function pageProducts(page: KrogerPage<KrogerProduct>): KrogerProduct[] {
  for (const item of page.items) billTo(item, page);
  return page.items;
}

function remembered<K extends object, V extends object>(
  memo: WeakMap<K, Map<string, V>>,
  entry: K,
  key: string,
  build: () => V,
): V {
  let byView = memo.get(entry);
  if (!byView) memo.set(entry, (byView = new Map<string, V>()));
  let value = byView.get(key);
  if (value === undefined) {
    byView.set(key, (value = build()));
    // Its serialized bytes, once sent, are charged where the entry's are.
    billTo(value, entry);
  }
  return value;
}
