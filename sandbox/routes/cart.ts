import { randomUUID } from 'node:crypto';
import express, { Request, Response, Router } from 'express';
import { callerOf, CartItem, CustomerCart, guard, SandboxContext } from '../context';

type Modality = CartItem['modality'];

const PUBLIC_MODALITIES = ['DELIVERY', 'PICKUP'];
const PARTNER_MODALITIES = ['SHIP', 'DELIVERY', 'PICKUP'];
const PARTNER_403 = { code: 'CART-2216', reason: 'required scope not found. expected [cart.basic:rw]' };

interface ItemRequest {
  upc: string;
  quantity: number;
  modality: Modality;
  allowSubstitutes: boolean;
  specialInstructions: string;
}

/**
 * Parses one CartItemReq with Kroger's messages (§5). Returns the reason on failure.
 * `requireUpc` is false for PUT /carts/{id}/items/{upc}, where the UPC is in the path.
 */
function parseItem(raw: unknown, modalities: string[], requireUpc = true): ItemRequest | string {
  if (!raw || typeof raw !== 'object') return 'Cannot parse parameters';
  const item = raw as Record<string, unknown>;
  if (requireUpc && (typeof item.upc !== 'string' || item.upc.length !== 13))
    return 'UPC must have a length of 13 characters';
  if (!Number.isInteger(item.quantity) || (item.quantity as number) < 1) return 'Cannot parse parameters';
  if (item.modality !== undefined && (typeof item.modality !== 'string' || !modalities.includes(item.modality))) {
    return `Modality must be omitted or equal one of the following codes: ${modalities.join(', ')}`;
  }
  return {
    upc: typeof item.upc === 'string' ? item.upc : '',
    quantity: item.quantity as number,
    modality: (item.modality as Modality | undefined) ?? 'PICKUP',
    allowSubstitutes: item.allowSubstitutes === undefined ? true : Boolean(item.allowSubstitutes),
    specialInstructions: typeof item.specialInstructions === 'string' ? item.specialInstructions : '',
  };
}

/** `PUT /v1/cart/add` (public) and the partner `/v1/carts…` (KROGER_API.md §5). One cart per customer. */
export function cartRoutes(ctx: SandboxContext): Router {
  const router = Router();
  // Kroger answers unparseable bodies with its own 400, not a framework error page.
  const json = express.json({ limit: '64kb', strict: false });
  const jsonErrors = (err: unknown, _req: Request, res: Response, next: (e?: unknown) => void) =>
    err ? ctx.errors.api(res, 400, 'CART-2000-400', 'Cannot parse parameters') : next();
  const bad = (res: Response, reason: string) => ctx.errors.api(res, 400, 'CART-2001-400', reason);

  const cartOf = (email: string, create: boolean): CustomerCart | undefined => {
    let cart = ctx.carts.get(email);
    if (!cart && create) {
      cart = { id: randomUUID(), name: 'ACTIVE', createdDate: new Date(ctx.clock.now()).toISOString(), items: [] };
      ctx.carts.set(email, cart);
    }
    return cart;
  };
  const descriptionOf = (upc: string) => ctx.catalog.get(upc)?.description ?? '';
  const addTo = (cart: CustomerCart, item: ItemRequest) => {
    const existing = cart.items.find((i) => i.upc === item.upc && i.modality === item.modality);
    // Adding a UPC again increases its quantity (§5.1).
    if (existing) existing.quantity += item.quantity;
    else
      cart.items.push({
        ...item,
        description: descriptionOf(item.upc),
        createdDate: new Date(ctx.clock.now()).toISOString(),
      });
  };
  const notFulfillable = (res: Response) => ctx.errors.api(res, 409, 'CART-4090-409', 'cart not fulfillable');
  const unknownUpc = (upc: string) => !ctx.catalog.get(upc);

  router.put(
    '/cart/add',
    guard(ctx, { quota: 'cart', customer: true, anyScope: ['cart.basic:write', 'cart.basic:rw'] }),
    json,
    jsonErrors,
    (req: Request, res: Response) => {
      const body = req.body as { items?: unknown } | undefined;
      if (!body || !Array.isArray(body.items) || body.items.length === 0) return bad(res, 'Cannot parse parameters');
      const items: ItemRequest[] = [];
      for (const raw of body.items) {
        const parsed = parseItem(raw, PUBLIC_MODALITIES);
        if (typeof parsed === 'string') return bad(res, parsed);
        items.push(parsed);
      }
      const cart = cartOf(callerOf(res).customer!.email, true)!;
      for (const item of items) addTo(cart, item);
      res.status(204).end();
    },
  );

  const read = guard(ctx, { customer: true, anyScope: ['cart.basic', 'cart.basic:rw', 'cart.basic:write'] });
  const write = guard(ctx, { customer: true, partner: PARTNER_403, anyScope: ['cart.basic:rw'] });
  const cartView = (cart: CustomerCart) => ({
    id: cart.id,
    name: cart.name,
    createdDate: cart.createdDate,
    items: cart.items,
  });
  const ownCart = (res: Response, id: string) => {
    const cart = cartOf(callerOf(res).customer!.email, false);
    return cart && cart.id === id ? cart : undefined;
  };

  // The list is partner-only; a public cart.basic:write token gets 403 (observed, §2.5).
  router.get(
    '/carts',
    guard(ctx, { customer: true, partner: PARTNER_403, anyScope: ['cart.basic', 'cart.basic:rw'] }),
    (_req, res) => {
      const cart = cartOf(callerOf(res).customer!.email, false);
      res.json({ data: cart ? [cartView(cart)] : [], meta: {} });
    },
  );

  router.post('/carts', write, json, jsonErrors, (req: Request, res: Response) => {
    const email = callerOf(res).customer!.email;
    if (cartOf(email, false)) return bad(res, 'Cart exists for user');
    const raw = (req.body as { items?: unknown } | undefined)?.items ?? [];
    if (!Array.isArray(raw)) return bad(res, 'Cannot parse parameters');
    const items: ItemRequest[] = [];
    for (const entry of raw) {
      const parsed = parseItem(entry, PARTNER_MODALITIES);
      if (typeof parsed === 'string') return bad(res, parsed);
      if (unknownUpc(parsed.upc)) return notFulfillable(res);
      items.push(parsed);
    }
    const cart = cartOf(email, true)!;
    for (const item of items) addTo(cart, item);
    res.status(201).json({ data: [cartView(cart)] });
  });

  // Observed live: a public token with cart.basic:write can read one cart by id (§2.5, S8).
  router.get('/carts/:id', read, (req: Request, res: Response) => {
    const cart = ownCart(res, String(req.params.id));
    if (!cart) return ctx.errors.api(res, 404, 'CART-4040-404', 'cart not found');
    res.json({ data: cartView(cart), meta: {} });
  });

  router.put('/carts/:id', write, json, jsonErrors, (req: Request, res: Response) => {
    const cart = ownCart(res, String(req.params.id));
    if (!cart) return ctx.errors.api(res, 404, 'CART-4040-404', 'cart not found');
    const raw = (req.body as { items?: unknown } | undefined)?.items;
    if (!Array.isArray(raw)) return bad(res, 'Cannot parse parameters');
    const updates: ItemRequest[] = [];
    for (const entry of raw) {
      const parsed = parseItem(entry, PARTNER_MODALITIES);
      if (typeof parsed === 'string') return bad(res, parsed);
      // Only items already in the cart can be updated.
      if (!cart.items.some((i) => i.upc === parsed.upc)) return notFulfillable(res);
      updates.push(parsed);
    }
    for (const update of updates)
      Object.assign(
        cart.items.find((i) => i.upc === update.upc)!,
        update,
      );
    res.json({ data: [cartView(cart)] });
  });

  router.post('/carts/:id/items', write, json, jsonErrors, (req: Request, res: Response) => {
    const cart = ownCart(res, String(req.params.id));
    if (!cart) return ctx.errors.api(res, 404, 'CART-4040-404', 'cart not found');
    const parsed = parseItem(req.body, PARTNER_MODALITIES);
    if (typeof parsed === 'string') return bad(res, parsed);
    if (unknownUpc(parsed.upc)) return notFulfillable(res);
    addTo(cart, parsed);
    res.status(201).json({ data: [cartView(cart)] });
  });

  router.put('/carts/:id/items/:upc', write, json, jsonErrors, (req: Request, res: Response) => {
    const cart = ownCart(res, String(req.params.id));
    if (!cart) return ctx.errors.api(res, 404, 'CART-4040-404', 'cart not found');
    const upc = String(req.params.upc);
    if (upc.length !== 13) return bad(res, 'UPC must have a length of 13 characters');
    const item = cart.items.find((i) => i.upc === upc);
    if (!item) return ctx.errors.api(res, 404, 'CART-4041-404', 'item not found in cart');
    const parsed = parseItem({ ...(req.body as object), upc }, PARTNER_MODALITIES, false);
    if (typeof parsed === 'string') return bad(res, parsed);
    if (parsed.quantity > 99) return notFulfillable(res);
    const body = req.body as Record<string, unknown>;
    item.quantity = parsed.quantity;
    if (body.modality !== undefined) item.modality = parsed.modality;
    if (body.allowSubstitutes !== undefined) item.allowSubstitutes = parsed.allowSubstitutes;
    if (body.specialInstructions !== undefined) item.specialInstructions = parsed.specialInstructions;
    res.status(204).end();
  });

  router.delete('/carts/:id/items/:upc', write, (req: Request, res: Response) => {
    const cart = ownCart(res, String(req.params.id));
    if (!cart) return ctx.errors.api(res, 404, 'CART-4040-404', 'cart not found');
    const before = cart.items.length;
    cart.items = cart.items.filter((i) => i.upc !== String(req.params.upc));
    if (cart.items.length === before) return ctx.errors.api(res, 404, 'CART-4041-404', 'item not found in cart');
    res.status(204).end();
  });

  return router;
}
