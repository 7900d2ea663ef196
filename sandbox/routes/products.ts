import { Request, Response, Router } from 'express';
import { callerOf, guard, SandboxContext } from '../context';
import { CatalogProduct } from '../data/catalog';
import { appTagFor, carries, fulfillmentAt, productView } from '../views/product-view';
import { q, sendWholeList, wholeNumber } from './query';

const LOCATION_ID = /^[A-Za-z0-9]{8}$/;
const FULFILLMENT_CODES: Record<string, keyof ReturnType<typeof fulfillmentAt>> = {
  ais: 'inStore',
  csp: 'curbside',
  dth: 'delivery',
  sth: 'shipToHome',
};

/**
 * `/v1/products` and `/v1/products/{id}` (KROGER_API.md §3). Texts marked [doc] are Kroger's own;
 * the others follow their pattern, since Kroger does not publish them.
 */
export function productRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const access = guard(ctx, { quota: 'products', anyScope: ['product.compact', 'product.basic'] });
  const bad = (res: Response, code: string, reason: string) => ctx.errors.api(res, 400, code, reason);

  router.get('/products', access, (req: Request, res: Response) => {
    const term = q(req, 'filter.term');
    const locationId = q(req, 'filter.locationId');
    const brand = q(req, 'filter.brand');
    const fulfillment = q(req, 'filter.fulfillment');
    const productIds = q(req, 'filter.productId');
    const startRaw = q(req, 'filter.start');
    const limitRaw = q(req, 'filter.limit');

    if (locationId !== undefined && !LOCATION_ID.test(locationId))
      return bad(res, 'PRODUCT-2011-400', "Field 'locationId' must have a length of 8 characters"); // [doc]
    const store = locationId ? ctx.storesById.get(locationId) : undefined;
    const appTag = appTagFor(callerOf(res).client.clientId);
    const now = ctx.clock.now();
    // Kroger documents that filter.locationId returns only products sold at that store (§3.2): a
    // well-formed id of no store sells nothing, so the answer is an empty page, not the whole
    // catalogue without prices. [assumed: the live body for an unknown store is not captured]
    const unknownStore = locationId !== undefined && !store;

    if (productIds !== undefined) {
      // "When used, all other query parameters are ignored" — except the store, which clients rely on (§3.2).
      const ids = productIds
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (ids.length === 0 || ids.length > 50)
        return bad(res, 'PRODUCT-2006-400', "Field 'productId' must contain between 1 and 50 product ids");
      if (ids.some((id) => id.length !== 13))
        return bad(res, 'PRODUCT-2006-400', "Field 'productId' must have a length of 13 characters");
      const found = [...new Set(ids)].map((id) => ctx.catalog.get(id)).filter((p): p is CatalogProduct => Boolean(p));
      const visible = unknownStore ? [] : store ? found.filter((p) => carries(p, store)) : found;
      sendWholeList(
        res,
        visible.map((p) => productView(p, store, appTag, now)),
      );
      return;
    }

    if (term === undefined && brand === undefined) return bad(res, 'PRODUCT-2000-400', 'Invalid parameters'); // [doc]
    if (term !== undefined) {
      if (term.trim().length < 3)
        return bad(res, 'PRODUCT-2005-400', "Field 'term' must have a length of at least 3 characters");
      if (term.trim().split(/\s+/).length > 8)
        return bad(res, 'PRODUCT-2005-400', "Field 'term' must have no more than 8 words");
    }
    const limit = limitRaw === undefined ? 10 : wholeNumber(limitRaw);
    if (limit === undefined || limit < 1 || limit > 50)
      return bad(res, 'PRODUCT-2002-400', "Field 'limit' must be a number between 1 and 50 (inclusive)");
    // Live: start counts skipped results and is 0 when omitted, though the spec says minimum 1 (§9).
    const start = startRaw === undefined ? 0 : wholeNumber(startRaw);
    if (start === undefined || start < 0 || start > 250)
      return bad(res, 'PRODUCT-2003-400', "Field 'start' must be a number between 1 and 250 (inclusive)");
    const codes = fulfillment?.split(',').map((s) => s.trim());
    if (codes && codes.some((c) => !(c in FULFILLMENT_CODES)))
      return bad(res, 'PRODUCT-2008-400', "Field 'fulfillment' must be one of ais, csp, dth, sth");

    let results = term !== undefined ? ctx.catalog.search(term) : ctx.catalog.byBrands(brand!.split('|'));
    if (term !== undefined && brand !== undefined) {
      const brands = new Set(brand.split('|')); // case-sensitive, as Kroger's
      results = results.filter((p) => p.brand !== undefined && brands.has(p.brand));
    }
    if (unknownStore) results = [];
    else if (store) results = results.filter((p) => carries(p, store));
    if (codes) {
      results = results.filter((p) =>
        codes.every((c) => (store ? fulfillmentAt(p, store)[FULFILLMENT_CODES[c]] : c !== 'sth' || p.shippable)),
      );
    }
    const page = results.slice(start, start + limit);
    res.json({
      data: page.map((p) => productView(p, store, appTag, now)),
      meta: { pagination: { start, limit, total: results.length } },
    });
  });

  router.get('/products/:id', access, (req: Request, res: Response) => {
    const id = String(req.params.id);
    const locationId = q(req, 'filter.locationId');
    if (id.length !== 13) return bad(res, 'PRODUCT-2012-400', 'UPC must have a length of 13 characters'); // [doc]
    if (locationId !== undefined && !LOCATION_ID.test(locationId))
      return bad(res, 'PRODUCT-2011-400', "Field 'locationId' must have a length of 8 characters"); // [doc]
    const product = ctx.catalog.get(id);
    // Kroger documents no 404 here (§3.5, open question 5); the sandbox answers one in Kroger's envelope.
    if (!product) return ctx.errors.api(res, 404, 'PRODUCT-4040-404', `Product ${id} not found`);
    const store = locationId ? ctx.storesById.get(locationId) : undefined;
    res.json({
      data: productView(
        product,
        store && carries(product, store) ? store : undefined,
        appTagFor(callerOf(res).client.clientId),
        ctx.clock.now(),
      ),
      meta: {},
    });
  });

  return router;
}
