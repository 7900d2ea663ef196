import express, { Request, Response, Router } from 'express';
import type { SandboxContext } from '../context';
import { FaultRule, validateFaultRule } from '../faults';
import { DEFAULT_LIMITS } from '../quotas';
import { registeredCustomer } from '../registry';
import { EMAIL } from './identity';

/**
 * `/__sandbox/…`: test controls (reset, clock, faults, quotas, customers, grants, the request log). Mounted
 * only in dev/test mode, never in a production deployment.
 */
export function controlRoutes(ctx: SandboxContext, reset: () => void): Router {
  const router = Router();
  router.use(express.json({ limit: '64kb' }));
  const bad = (res: Response, message: string) => res.status(400).json({ error: message });

  router.post('/reset', (_req, res) => {
    reset();
    res.json({ reset: true, now: new Date(ctx.clock.now()).toISOString() });
  });

  router.get('/clock', (_req, res) => res.json({ now: new Date(ctx.clock.now()).toISOString() }));
  router.post('/clock', (req: Request, res: Response) => {
    const seconds = (req.body as { advanceSeconds?: unknown }).advanceSeconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
      return bad(res, 'advanceSeconds must be a number of seconds, at least 0');
    ctx.clock.advance(seconds);
    res.json({ now: new Date(ctx.clock.now()).toISOString() });
  });

  router.get('/faults', (_req, res) => res.json({ rules: ctx.faults.list() }));
  router.put('/faults', (req: Request, res: Response) => {
    const body = req.body as { rules?: unknown } | unknown[];
    const rules = Array.isArray(body) ? body : body.rules;
    if (!Array.isArray(rules)) return bad(res, 'send {"rules": [...]}');
    for (const [i, rule] of rules.entries()) {
      const problem = validateFaultRule(rule);
      if (problem) return bad(res, `rules[${i}]: ${problem}`);
    }
    ctx.faults.replace(rules as FaultRule[]);
    res.json({ rules: ctx.faults.list() });
  });
  router.delete('/faults', (_req, res) => {
    ctx.faults.replace([]);
    res.status(204).end();
  });

  router.get('/quotas', (_req, res) => res.json(ctx.quotas.describe()));
  router.put('/quotas', (req: Request, res: Response) => {
    const body = req.body as { limits?: Record<string, unknown>; reset?: unknown };
    const limits = body.limits ?? {};
    for (const [key, value] of Object.entries(limits)) {
      if (!(key in DEFAULT_LIMITS))
        return bad(res, `unknown quota ${key}; use ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
      if (!Number.isInteger(value) || (value as number) < 0)
        return bad(res, `${key} must be a whole number, at least 0`);
    }
    ctx.quotas.configure(limits, body.reset === true);
    res.json(ctx.quotas.describe());
  });

  /** Registers a shopper who can then sign in (password `sandbox`); load tests use many. */
  router.post('/customers', (req: Request, res: Response) => {
    const { email, firstName, lastName } = (req.body ?? {}) as {
      email?: unknown;
      firstName?: unknown;
      lastName?: unknown;
    };
    if (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email))
      return bad(res, 'email must be an email address');
    for (const [field, value] of Object.entries({ firstName, lastName }))
      if (value !== undefined && (typeof value !== 'string' || value.length === 0 || value.length > 50))
        return bad(res, `${field} must be a name of 1 to 50 characters`);
    if (ctx.customers.some((c) => c.email.toLowerCase() === email.toLowerCase()))
      return res.status(409).json({ error: `${email} is already a customer` });
    const added = registeredCustomer(
      email.toLowerCase(),
      firstName as string | undefined,
      lastName as string | undefined,
    );
    ctx.customers.push(added);
    res.status(201).json({ email: added.email, password: added.password, profileId: added.profileId });
  });

  router.post('/grants/revoke', (req: Request, res: Response) => {
    const { email, refreshToken } = req.body as { email?: unknown; refreshToken?: unknown };
    if (typeof email !== 'string' && typeof refreshToken !== 'string')
      return bad(res, 'send {"email": …} or {"refreshToken": …}');
    const revoked = ctx.tokens.revoke({
      email: typeof email === 'string' ? email : undefined,
      refreshToken: typeof refreshToken === 'string' ? refreshToken : undefined,
    });
    res.json({ revoked });
  });

  router.get('/requests', (req: Request, res: Response) => {
    const method = typeof req.query.method === 'string' ? req.query.method : undefined;
    const path = typeof req.query.path === 'string' ? req.query.path : undefined;
    const requests = ctx.requestLog.list({ method, path });
    res.json({ count: requests.length, requests });
  });
  router.delete('/requests', (_req, res) => {
    ctx.requestLog.clear();
    res.status(204).end();
  });
  return router;
}
