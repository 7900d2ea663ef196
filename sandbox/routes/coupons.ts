import express, { Request, Response, Router } from 'express';
import { callerOf, guard, SandboxContext } from '../context';
import { Coupon } from '../data/coupons';
import { q, sendWholeList } from './query';

const PARTNER_ONLY = { code: 'COUPON-2216', reason: 'required scope not found. expected [coupons.basic]' };

/**
 * Partner coupons (KROGER_API.md §7.1): `GET /v1/coupons`, and `GET|POST|DELETE /v1/my_coupons` to
 * list, clip and unclip on the customer's card. Shapes are the sandbox's model (see data/coupons.ts).
 * A coupon is named by `couponId` in the JSON body or by `filter.couponId`.
 */
export function couponRoutes(ctx: SandboxContext, coupons: () => Coupon[]): Router {
  const router = Router();
  const json = express.json({ limit: '16kb', strict: false });
  const clippedBy = (email: string) => {
    let set = ctx.clippedCoupons.get(email);
    if (!set) ctx.clippedCoupons.set(email, (set = new Set()));
    return set;
  };
  const view = (coupon: Coupon, email?: string) => ({
    ...coupon,
    clipped: email ? clippedBy(email).has(coupon.couponId) : false,
  });

  router.get(
    '/coupons',
    guard(ctx, { partner: PARTNER_ONLY, anyScope: ['coupons.basic', 'coupon.personalized:rw'] }),
    (req: Request, res: Response) => {
      const merchant = q(req, 'filter.merchant')?.toUpperCase();
      const productId = q(req, 'filter.productId');
      const channels = q(req, 'filter.channels')?.toLowerCase().split(',').filter(Boolean);
      const locationId = q(req, 'filter.locationId');
      if (locationId !== undefined && !/^[A-Za-z0-9]{8}$/.test(locationId)) {
        return ctx.errors.api(res, 400, 'COUPON-2011-400', "Field 'locationId' must have a length of 8 characters");
      }
      if (channels && channels.some((c) => c !== 'instore' && c !== 'online')) {
        return ctx.errors.api(res, 400, 'COUPON-2008-400', "Field 'channels' must be one of instore, online");
      }
      const storeChain = locationId ? ctx.storesById.get(locationId)?.chain : undefined;
      const now = ctx.clock.now();
      const email = callerOf(res).customer?.email;
      const data = coupons()
        .filter((c) => Date.parse(c.expirationDate) > now)
        .filter((c) => !merchant || c.merchants.includes(merchant))
        .filter((c) => !storeChain || c.merchants.includes(storeChain))
        .filter((c) => !productId || c.productIds.includes(productId))
        .filter((c) => !channels || channels.some((ch) => c.channels.includes(ch as 'instore' | 'online')))
        .map((c) => view(c, email));
      sendWholeList(res, data);
    },
  );

  const personal = guard(ctx, { partner: PARTNER_ONLY, customer: true, anyScope: ['coupon.personalized:rw'] });
  router.get('/my_coupons', personal, (_req, res) => {
    const email = callerOf(res).customer!.email;
    const clipped = clippedBy(email);
    const data = coupons()
      .filter((c) => clipped.has(c.couponId))
      .map((c) => view(c, email));
    sendWholeList(res, data);
  });

  const target = (req: Request, res: Response): Coupon | undefined => {
    const fromBody = (req.body as { couponId?: unknown } | undefined)?.couponId;
    const id =
      typeof fromBody === 'string' || typeof fromBody === 'number'
        ? String(fromBody)
        : (q(req, 'filter.couponId') ?? '');
    if (!id) {
      ctx.errors.api(res, 400, 'COUPON-2000-400', 'couponId is required');
      return undefined;
    }
    const coupon = coupons().find((c) => c.couponId === id);
    if (!coupon) ctx.errors.api(res, 404, 'COUPON-4040-404', 'coupon not found');
    return coupon;
  };
  router.post('/my_coupons', personal, json, (req: Request, res: Response) => {
    const coupon = target(req, res);
    if (!coupon) return;
    if (Date.parse(coupon.expirationDate) <= ctx.clock.now())
      return ctx.errors.api(res, 409, 'COUPON-4090-409', 'coupon expired');
    clippedBy(callerOf(res).customer!.email).add(coupon.couponId);
    res.status(204).end();
  });
  router.delete('/my_coupons', personal, json, (req: Request, res: Response) => {
    const coupon = target(req, res);
    if (!coupon) return;
    clippedBy(callerOf(res).customer!.email).delete(coupon.couponId);
    res.status(204).end();
  });
  return router;
}
