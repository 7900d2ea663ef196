import { Router } from 'express';
import { callerOf, guard, SandboxContext } from '../context';

/** `/v1/identity/profile` (public: the id only; partner: the full profile) and `/loyalty` (partner). */
export function identityRoutes(ctx: SandboxContext): Router {
  const router = Router();
  router.get(
    '/identity/profile',
    guard(ctx, { quota: 'identity', customer: true, anyScope: ['profile.compact', 'profile.full'] }),
    (_req, res) => {
      const { client, customer } = callerOf(res);
      if (client.tier !== 'partner') return res.json({ data: { id: customer!.profileId }, meta: {} });
      const c = customer!;
      res.json({
        data: {
          id: c.profileId,
          firstName: c.firstName,
          lastName: c.lastName,
          email: c.email,
          phoneNumbers: [{ type: 'MOBILE', value: c.phone }],
          addresses: [{ ...c.address, addressLine2: '' }],
          loyalty: { cardNumber: c.loyaltyCardNumber },
        },
        meta: {},
      });
    },
  );
  router.get(
    '/identity/profile/loyalty',
    guard(ctx, {
      quota: 'identity',
      customer: true,
      partner: { code: 'IDENTITY-2216', reason: 'required scope not found. expected [profile.full]' },
    }),
    (_req, res) => {
      res.json({ data: { loyalty: { cardNumber: callerOf(res).customer!.loyaltyCardNumber } }, meta: {} });
    },
  );
  return router;
}
