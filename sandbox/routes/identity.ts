import { Request, Response, Router } from 'express';
import { callerOf, guard, SandboxContext } from '../context';
import { q } from './query';

const PARTNER_403 = (scope: string) => ({
  code: 'IDENTITY-2216',
  reason: `required scope not found. expected [${scope}]`,
});
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `/v1/identity/profile` (public: the id only; partner: what the token's profile scopes allow),
 * `/loyalty`, and the partner profile-exists checks (KROGER_API.md §6). Which fields each partner
 * scope unlocks is [assumed]: the quick reference names the scopes, not their field sets.
 */
export function identityRoutes(ctx: SandboxContext): Router {
  const router = Router();

  // Registered before GET: Express would otherwise answer HEAD with the GET handler.
  const exists = guard(ctx, {
    quota: 'identity',
    partner: PARTNER_403('profile.exists'),
    anyScope: ['profile.exists'],
  });
  const emailOf = (req: Request, res: Response, head: boolean): string | undefined => {
    const email = q(req, 'email');
    if (email && EMAIL.test(email)) return email.toLowerCase();
    if (head) res.status(400).end();
    else ctx.errors.api(res, 400, 'IDENTITY-2001-400', "Field 'email' must be a valid email address");
    return undefined;
  };
  const known = (email: string) => ctx.customers.some((c) => c.email.toLowerCase() === email);
  router.head('/identity/profile', exists, (req: Request, res: Response) => {
    const email = emailOf(req, res, true);
    if (email) res.status(known(email) ? 204 : 404).end();
  });
  router.get('/identity/profile/invoke/exists', exists, (req: Request, res: Response) => {
    const email = emailOf(req, res, false);
    if (email) res.json({ data: { exists: known(email) }, meta: {} });
  });

  router.get(
    '/identity/profile',
    guard(ctx, {
      quota: 'identity',
      customer: true,
      anyScope: ['profile.compact', 'profile.name', 'profile.basic', 'profile.full'],
    }),
    (_req, res) => {
      const { client, customer, token } = callerOf(res);
      const c = customer!;
      if (client.tier !== 'partner') return res.json({ data: { id: c.profileId }, meta: {} });
      const has = (...scopes: string[]) => scopes.some((s) => token.scopes.includes(s));
      res.json({
        data: {
          id: c.profileId,
          ...(has('profile.name', 'profile.basic', 'profile.full')
            ? { firstName: c.firstName, lastName: c.lastName }
            : {}),
          ...(has('profile.basic', 'profile.full')
            ? {
                email: c.email,
                phoneNumbers: [{ type: 'MOBILE', value: c.phone }],
                addresses: [{ ...c.address, addressLine2: '' }],
              }
            : {}),
          ...(has('profile.full', 'profile.loyalty') ? { loyalty: { cardNumber: c.loyaltyCardNumber } } : {}),
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
      partner: PARTNER_403('profile.loyalty'),
      anyScope: ['profile.loyalty', 'profile.full'],
    }),
    (_req, res) => {
      res.json({ data: { loyalty: { cardNumber: callerOf(res).customer!.loyaltyCardNumber } }, meta: {} });
    },
  );
  return router;
}
