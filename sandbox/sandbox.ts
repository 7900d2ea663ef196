import express, { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SandboxClock, Clock } from './clock';
import { SandboxContext } from './context';
import { CatalogIndex, generateCatalog } from './data/catalog';
import { Coupon, generateCoupons } from './data/coupons';
import { generateDeliveries } from './data/deliveries';
import { generateStores } from './data/stores';
import { Faults } from './faults';
import { KrogerErrors } from './kroger-errors';
import { Quotas } from './quotas';
import { Customer, DEFAULT_CLIENTS, DEFAULT_CUSTOMERS, RegisteredClient } from './registry';
import { RequestLog } from './request-log';
import { cartRoutes } from './routes/cart';
import { collectionRoutes } from './routes/collections';
import { controlRoutes } from './routes/control';
import { couponRoutes } from './routes/coupons';
import { courierRoutes } from './routes/courier';
import { identityRoutes } from './routes/identity';
import { locationRoutes } from './routes/locations';
import { oauthRoutes } from './routes/oauth';
import { productRoutes } from './routes/products';
import { TokenStore } from './token-store';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Seed of the generated catalog, stores and prices. */
  seed?: number;
  /** The time source the sandbox clock moves forward from. */
  clock?: Clock;
  clients?: RegisteredClient[];
  customers?: Customer[];
  /** Mount /__sandbox (dev/test mode). Default true; never enable in a production deployment. */
  controlSurface?: boolean;
  /** Refresh-token lifetime; Kroger's is unsettled (24 h in the spec, six months in the guide). */
  refreshTokenTtlSeconds?: number;
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:53124 — Kroger paths are under /v1. */
  baseUrl: string;
  clients: RegisteredClient[];
  customers: Customer[];
  catalogSize: number;
  storeCount: number;
  startupMs: number;
  context: SandboxContext;
  close(): Promise<void>;
}

const SIX_MONTHS_SECONDS = 182 * 24 * 3600;

/** Starts the Kroger sandbox on a loopback port. Used by `npm run sandbox`, tests and the service. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const started = Date.now();
  const seed = options.seed ?? 20240521;
  const clock = new SandboxClock(options.clock);
  const clients = options.clients ?? DEFAULT_CLIENTS;
  // A copy: customers registered through the control surface join this sandbox only, until its reset.
  const customers = [...(options.customers ?? DEFAULT_CUSTOMERS)];
  const seededCustomers = customers.length;
  const catalog = new CatalogIndex(generateCatalog(seed));
  const stores = generateStores(seed);
  let coupons: Coupon[] = generateCoupons(catalog.products, clock.now());

  const ctx: SandboxContext = {
    clock,
    errors: new KrogerErrors(clock),
    clients: new Map(clients.map((c) => [c.clientId, c])),
    customers,
    tokens: new TokenStore(clock, options.refreshTokenTtlSeconds ?? SIX_MONTHS_SECONDS),
    catalog,
    stores,
    storesById: new Map(stores.map((s) => [s.locationId, s])),
    quotas: new Quotas(clock),
    faults: new Faults(),
    requestLog: new RequestLog(clock),
    carts: new Map(),
    clippedCoupons: new Map(),
    deliveries: generateDeliveries(stores, clock.now()),
  };
  const reset = () => {
    clock.reset();
    ctx.tokens.clear();
    ctx.quotas.reset();
    ctx.faults.replace([]);
    ctx.requestLog.clear();
    ctx.carts.clear();
    ctx.clippedCoupons.clear();
    coupons = generateCoupons(catalog.products, clock.now());
    ctx.deliveries = generateDeliveries(stores, clock.now());
    customers.splice(seededCustomers);
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  const v1 = express.Router();
  v1.use(ctx.requestLog.middleware);
  v1.use(
    ctx.faults.middleware((status) => ({
      errors: {
        timestamp: clock.now(),
        code: `API-${status}0-${status}`,
        reason: status >= 500 ? 'Internal server error' : 'Injected fault',
      },
    })),
  );
  v1.use(oauthRoutes(ctx));
  v1.use(productRoutes(ctx));
  v1.use(locationRoutes(ctx));
  v1.use(cartRoutes(ctx));
  v1.use(identityRoutes(ctx));
  v1.use(couponRoutes(ctx, () => coupons));
  v1.use(collectionRoutes(ctx));
  v1.use(courierRoutes(ctx));
  v1.use((_req: Request, res: Response) => ctx.errors.api(res, 404, 'API-4040-404', 'Resource not found'));
  app.use('/v1', v1);
  if (options.controlSurface ?? true) app.use('/__sandbox', controlRoutes(ctx, reset));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    ctx.errors.serverError(res, 'API');
    void err;
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  server.keepAliveTimeout = 5000;
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    baseUrl: `http://${host}:${port}`,
    clients,
    customers,
    catalogSize: catalog.products.length,
    storeCount: stores.length,
    startupMs: Date.now() - started,
    context: ctx,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
