import express, { Request, Response, Router } from 'express';
import { guard, SandboxContext } from '../context';
import { CONFIRMATION, FOLLOWING_ACTIONS, FollowingAction } from '../data/deliveries';
import { q, sendWholeList } from './query';

const PARTNER_403 = { code: 'DELIVERY-2216', reason: 'required scope not found. expected [delivery.basic]' };

/**
 * `GET /v1/courier/deliveries` (`filter.followingAction`) and `POST /v1/courier/deliveries` with
 * `delivery_id` (query or JSON body): the deliveries waiting for the courier partner, and confirming
 * the next step of one. Called with the courier partner's application token (client credentials);
 * MODELED: Kroger publishes no schema (see data/deliveries.ts).
 */
export function courierRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const json = express.json({ limit: '16kb', strict: false });
  router.get(
    '/courier/deliveries',
    guard(ctx, { partner: PARTNER_403, anyScope: ['delivery.basic', 'delivery.basic:rw'] }),
    (req: Request, res: Response) => {
      const action = q(req, 'filter.followingAction')?.trim().toUpperCase();
      if (action !== undefined && !FOLLOWING_ACTIONS.includes(action as FollowingAction)) {
        return ctx.errors.api(
          res,
          400,
          'DELIVERY-2008-400',
          `Field 'followingAction' must be one of ${FOLLOWING_ACTIONS.join(', ')}`,
        );
      }
      const data = ctx.deliveries.filter((d) => !action || d.followingAction === action);
      sendWholeList(res, data);
    },
  );
  router.post(
    '/courier/deliveries',
    guard(ctx, {
      partner: { ...PARTNER_403, reason: 'required scope not found. expected [delivery.basic:rw]' },
      anyScope: ['delivery.basic:rw'],
    }),
    json,
    (req: Request, res: Response) => {
      const fromBody = (req.body as { delivery_id?: unknown } | undefined)?.delivery_id;
      const id = typeof fromBody === 'string' ? fromBody : q(req, 'delivery_id');
      if (!id) return ctx.errors.api(res, 400, 'DELIVERY-2000-400', 'delivery_id is required');
      const delivery = ctx.deliveries.find((d) => d.deliveryId === id);
      if (!delivery) return ctx.errors.api(res, 404, 'DELIVERY-4040-404', 'delivery not found');
      if (delivery.followingAction === 'NONE')
        return ctx.errors.api(res, 409, 'DELIVERY-4090-409', 'delivery awaits no confirmation');
      Object.assign(delivery, CONFIRMATION[delivery.followingAction]);
      res.json({ data: delivery, meta: {} });
    },
  );
  return router;
}
