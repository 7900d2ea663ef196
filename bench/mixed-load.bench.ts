/**
 * Mixed reads under many connections (issue #15), the built service in its own process: product
 * searches, products by id, stores and the cart (holding 12 priced lines), 200 connections for
 * 30 s, from 16 linked shoppers (each pass of a connection through the paths as the next one), on
 * PGlite and on PostgreSQL (a throwaway server from the machine's binaries, when present). Prints
 * req/s, p50/p99, errors, and the service's RSS at the start, at its peak and after 30 s idle.
 * Throttling counts every request with limits set out of reach: a dozen connections per user would
 * otherwise measure the 429 path.
 *   npm run bench:mixed     (BENCH_SECONDS=30, BENCH_CONNECTIONS=200, BENCH_IDLE_SECONDS=30, BENCH_SHOPPERS=16)
 *   BENCH_SERVICE_ROOT=/path/to/other/checkout npm run bench:mixed   (that checkout's build, same load)
 *   BENCH_BASELINE_ROOT=/path/to/other/checkout npm run bench:mixed   (that build first, then this
 *                                                one, on each database, in the same run)
 *   BENCH_DATABASES=postgresql npm run bench:mixed   (one database only: pglite or postgresql)
 *   BENCH_MEMORY_DETAIL=1 npm run bench:mixed   (adds the service's JS heap / external / array buffers
 *                                                at each RSS reading: which part of the memory moved)
 */
import type autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemporaryPostgres } from '../src/database/temporary-postgres';
import { bearer, linkAccount, startLinking } from '../test/support/accounts';
import { errorsOf, load } from './load';
import { routeLatencies } from './route-latency';
import { memoryRow } from './memory-probe-report';
import type { MemorySample } from './memory-probe';
import { BASELINE_ROOT, startServiceProcess } from './service-process';
import { createScratchDatabase, report, runBenchmark } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const IDLE_MS = Number(process.env.BENCH_IDLE_SECONDS ?? 30) * 1000;
/**
 * Distinct users sending the load; the sandbox registers the shoppers it lacks (a build without that
 * route: 1). At most 20: the sign-in routes take 20 a minute from one address.
 */
const SHOPPERS = Number(process.env.BENCH_SHOPPERS ?? 16);
const RETURN_TO = 'https://app.example.com/done';
const STORE = '01400943';
/** Lets the bench read the service's own latency histogram by route. */
const METRICS_TOKEN = randomBytes(16).toString('hex');
const MEMORY_DETAIL = process.env.BENCH_MEMORY_DETAIL === '1';
/** `pglite`, `postgresql` or both (the default), to explore one database at a time. */
const DATABASES = (process.env.BENCH_DATABASES ?? 'pglite,postgresql').split(',');

/** Each connection cycles through these in turn: mostly searches, as apps and assistants send. */
const PATHS = [
  ...['milk', 'greek%20yogurt', 'eggs', 'bread', 'coffee', 'bananas'].map(
    (term) => `/api/v1/products?term=${term}&locationId=${STORE}&limit=10`,
  ),
  `/api/v1/products/0001111041700?locationId=${STORE}`,
  `/api/v1/locations/${STORE}`,
  '/api/v1/locations?zipCode=45240&limit=5',
  '/api/v1/cart',
];

/** `{"503":4}`: the non-2xx answers by status, so a failure names itself. */
function statuses(result: autocannon.Result): string {
  const stats =
    (result as autocannon.Result & { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const failed = Object.entries(stats).filter(([status]) => !status.startsWith('2'));
  return JSON.stringify(Object.fromEntries(failed.map(([status, { count }]) => [status, count])));
}

/** Lines in the user's cart while the load runs: a cart view renders them, priced at the store. */
const CART_LINES = 12;

/** The user shops at STORE and has CART_LINES products in the cart, as a real shopper's cart view would. */
async function fillCart(url: string, headers: Record<string, string>): Promise<void> {
  const json = { ...headers, 'Content-Type': 'application/json' };
  const stored = await fetch(`${url}/api/v1/me/preferred-location`, {
    method: 'PUT',
    headers: json,
    body: JSON.stringify({ locationId: STORE }),
  });
  if (stored.status !== 200) throw new Error(`preferred store: ${stored.status} ${await stored.text()}`);
  const found = await fetch(`${url}/api/v1/products?term=milk&locationId=${STORE}&limit=${CART_LINES}`, { headers });
  const products = ((await found.json()) as { data: { productId: string }[] }).data;
  const added = await fetch(`${url}/api/v1/cart/items`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ items: products.map((p) => ({ upc: p.productId, quantity: 1, modality: 'PICKUP' })) }),
  });
  if (added.status !== 201) throw new Error(`cart add: ${added.status} ${await added.text()}`);
}

/**
 * Links SHOPPERS distinct Kroger customers (the sandbox's first one, then shoppers it registers) and
 * fills each one's cart; their bearer headers.
 */
async function linkShoppers(url: string): Promise<Record<string, string>[]> {
  const sandbox = (await startLinking(url, RETURN_TO)).origin;
  const shoppers: Record<string, string>[] = [];
  for (let n = 0; n < SHOPPERS; n++) {
    const email = n === 0 ? 'shopper@example.com' : `bench-shopper-${n}@example.com`;
    if (n > 0) {
      const registered = await fetch(`${sandbox}/__sandbox/customers`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      if (registered.status !== 201)
        throw new Error(`registering shopper ${email}: ${registered.status} (BENCH_SHOPPERS=1 for a build without it)`);
    }
    const headers = bearer((await linkAccount(url, { returnTo: RETURN_TO, email })).accessToken);
    await fillCart(url, headers);
    shoppers.push(headers);
  }
  return shoppers;
}

async function run(label: string, env: Record<string, string>, root?: string): Promise<[string, string | number][]> {
  const service = await startServiceProcess(
    {
      LOG_LEVEL: 'info',
      THROTTLE_LIMIT: '1000000',
      THROTTLE_EXPENSIVE_LIMIT: '1000000',
      ALLOWED_RETURN_URLS: RETURN_TO,
      METRICS_TOKEN,
      ...env,
    },
    { memoryProbe: MEMORY_DETAIL, root },
  );
  try {
    const shoppers = await linkShoppers(service.url);
    const headers = shoppers[0];
    for (const path of PATHS) {
      const res = await fetch(`${service.url}${path}`, { headers });
      if (res.status !== 200) throw new Error(`warm-up ${path}: ${res.status} ${await res.text()}`);
    }
    const samples: [string, MemorySample | undefined][] = [['start', await service.memorySample()]];
    const rssStart = service.rssMiB();
    let rssPeak = rssStart;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, service.rssMiB())), 200);
    const result = await load({
      url: service.url,
      connections: CONNECTIONS,
      seconds: SECONDS,
      callers: shoppers,
      paths: PATHS,
    });
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, service.rssMiB());
    samples.push(['end of load', await service.memorySample()]);
    const byRoute = await routeLatencies(service.url, METRICS_TOKEN);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const rssIdle = service.rssMiB();
    samples.push([`after ${IDLE_MS / 1000} s idle`, await service.memorySample()]);
    return [
      [`${label}: req/s (mean)`, result.requests.average.toFixed(0)],
      [`${label}: latency p50 / p99, ms`, `${result.latency.p50} / ${result.latency.p99}`],
      [
        `${label}: errors, timeouts, non-2xx (by status)`,
        `${result.errors}, ${result.timeouts}, ${result.non2xx} ${statuses(result)}`,
      ],
      [
        `${label}: RSS start / peak / after ${IDLE_MS / 1000} s idle, MiB`,
        [rssStart, rssPeak, rssIdle].map((v) => v.toFixed(0)).join(' / '),
      ],
      [`${label}: RSS after idle / start (aim <= 1.10)`, (rssIdle / rssStart).toFixed(2)],
      ...byRoute.map(({ route, count, p50, p99 }): [string, string] => [
        `${label}: ${route}: requests, p50 / p99`,
        `${count}, ${p50} / ${p99}`,
      ]),
      ...samples.flatMap(([when, sample]) => (sample ? [memoryRow(`${label}: memory at ${when}`, sample)] : [])),
      ...(errorsOf(result) > 0 ? [[`${label}: WARNING`, 'some requests failed'] as [string, string]] : []),
    ];
  } finally {
    await service.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kroger-mixed-'));
  const rows: [string, string | number][] = [];
  try {
    if (DATABASES.includes('pglite')) {
      if (BASELINE_ROOT)
        rows.push(...(await run('baseline, PGlite', { PGLITE_DATA_DIR: join(dir, 'pglite-baseline') }, BASELINE_ROOT)));
      rows.push(...(await run('PGlite', { PGLITE_DATA_DIR: join(dir, 'pglite') })));
    }
    if (!DATABASES.includes('postgresql')) rows.push(['PostgreSQL', 'skipped: BENCH_DATABASES']);
    else if (TemporaryPostgres.isAvailable()) {
      const postgres = await TemporaryPostgres.start();
      try {
        if (BASELINE_ROOT) {
          const baselineUrl = await createScratchDatabase(postgres.url, 'mixed_baseline');
          const env = { DATABASE_URL: baselineUrl, PGLITE_DATA_DIR: join(dir, 'secrets-baseline') };
          rows.push(...(await run('baseline, PostgreSQL', env, BASELINE_ROOT)));
        }
        const url = await createScratchDatabase(postgres.url, 'mixed');
        rows.push(...(await run('PostgreSQL', { DATABASE_URL: url, PGLITE_DATA_DIR: join(dir, 'secrets') })));
      } finally {
        postgres.stop();
      }
    } else rows.push(['PostgreSQL', 'skipped: no initdb / pg_ctl on the PATH']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report(
    `Mixed reads (${PATHS.length} paths: searches, product by id, stores, cart), ${CONNECTIONS} connections from ${SHOPPERS} shoppers, ${SECONDS} s`,
    rows,
  );
}

runBenchmark(main);
