import type { NextFunction, Request, Response } from 'express';
import { CatalogIndex } from './data/catalog';
import { Delivery } from './data/deliveries';
import { Store } from './data/stores';
import { SandboxClock } from './clock';
import { Faults } from './faults';
import { KrogerErrors } from './kroger-errors';
import { QUOTA_API_CODES, QuotaKey, Quotas } from './quotas';
import { Customer, RegisteredClient } from './registry';
import { RequestLog } from './request-log';
import { AccessToken, TokenStore } from './token-store';

/** Per-customer state that Kroger keeps: the cart and clipped coupons. */
export interface CartItem {
  upc: string;
  description: string;
  quantity: number;
  modality: 'PICKUP' | 'DELIVERY' | 'SHIP';
  allowSubstitutes: boolean;
  specialInstructions: string;
  createdDate: string;
}

export interface CustomerCart {
  id: string;
  name: string;
  createdDate: string;
  items: CartItem[];
}

export interface SandboxContext {
  clock: SandboxClock;
  errors: KrogerErrors;
  clients: Map<string, RegisteredClient>;
  customers: Customer[];
  tokens: TokenStore;
  catalog: CatalogIndex;
  stores: Store[];
  storesById: Map<string, Store>;
  quotas: Quotas;
  faults: Faults;
  requestLog: RequestLog;
  carts: Map<string, CustomerCart>;
  clippedCoupons: Map<string, Set<string>>;
  /** The courier partner's deliveries (modeled; reset restores the seeded ones). */
  deliveries: Delivery[];
}

export interface Caller {
  token: AccessToken;
  client: RegisteredClient;
  customer?: Customer;
}

export interface GuardOptions {
  /** Daily quota counted once the caller is authenticated. */
  quota?: QuotaKey;
  /** At least one of these scopes. */
  anyScope?: string[];
  /** A customer (authorization-code) token is required. */
  customer?: boolean;
  /** Partner tier only; public-tier callers get this 403 instead. */
  partner?: { code: string; reason: string };
}

/** Authenticates the bearer token, checks scopes, tier and quota, then exposes the caller. */
export function guard(ctx: SandboxContext, options: GuardOptions = {}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.header('authorization');
    if (!header || !/^bearer\s+\S+/i.test(header)) return ctx.errors.missingToken(res);
    const token = ctx.tokens.verifyAccessToken(header.replace(/^bearer\s+/i, '').trim());
    if (!token) return ctx.errors.invalidToken(res);
    const client = ctx.clients.get(token.clientId)!;
    ctx.requestLog.attachClient(req, client.clientId);
    const customer = token.customerEmail ? ctx.customers.find((c) => c.email === token.customerEmail) : undefined;
    if (customer) ctx.requestLog.attachCustomer(req, customer.email);

    if (options.partner && client.tier !== 'partner')
      return ctx.errors.api(res, 403, options.partner.code, options.partner.reason);
    if (options.customer && !customer) return ctx.errors.missingScope(res);
    if (options.anyScope && !options.anyScope.some((s) => token.scopes.includes(s)))
      return ctx.errors.missingScope(res);
    if (options.quota) {
      const taken = ctx.quotas.take(options.quota);
      if (!taken.ok) {
        res.setHeader('Retry-After', String(taken.retryAfterSeconds));
        // Kroger documents no 429 at all (§8.1): this body is the sandbox's invention.
        ctx.errors.api(
          res,
          429,
          `${QUOTA_API_CODES[options.quota]}-4290-429`,
          'Daily rate limit exceeded (simulated: Kroger does not document this response)',
        );
        return;
      }
    }
    res.locals.caller = { token, client, customer } satisfies Caller;
    next();
  };
}

export const callerOf = (res: Response): Caller => res.locals.caller as Caller;
