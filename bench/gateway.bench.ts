/**
 * Kroger gateway benchmarks (issue #4): what Kroger sees under load, from one run.
 *   npm run bench:gateway
 */
import { KrogerClient } from '../src/kroger/kroger-client';
import { KrogerError } from '../src/kroger/kroger-error';
import { report, runBenchmark, startBenchService, zipf } from './support';

const STORES = [
  '01400943',
  '01400513',
  '01600569',
  '62000005',
  '70300193',
  '70500847',
  '09700376',
  '66000624',
  '61500085',
  '70100360',
];

async function main(): Promise<void> {
  // (a) and (b): defaults.
  {
    const service = await startBenchService();
    const kroger = service.app.get(KrogerClient);

    const started = Date.now();
    await Promise.all(
      Array.from({ length: 1000 }, () =>
        kroger.searchProducts({ term: 'greek yogurt', locationId: '01400943', limit: 20 }),
      ),
    );
    report('(a) 1,000 concurrent identical product searches', [
      ['upstream /v1/products calls', service.calls('/v1/products')],
      ['upstream token calls', service.calls('/v1/connect/oauth2/token')],
      ['calls per search (ratio)', (service.calls('/v1/products') / 1000).toFixed(4)],
      ['wall time, ms', Date.now() - started],
    ]);

    const words = [
      ...new Set(
        service.sandbox.context.catalog.products
          .flatMap((p) => p.description.toLowerCase().split(/[^a-z]+/))
          .filter((w) => w.length >= 4),
      ),
    ].slice(0, 200);
    const queries = words
      .flatMap((term) => STORES.map((locationId) => ({ term, locationId, limit: 10 })))
      .slice(0, 2000);
    const draw = zipf(queries.length, 1.0, 42);
    const before = service.calls('/v1/products');
    const seen = new Set<number>();
    const t0 = Date.now();
    for (let batch = 0; batch < 10_000 / 50; batch += 1) {
      const picks = Array.from({ length: 50 }, draw);
      picks.forEach((i) => seen.add(i));
      await Promise.all(picks.map((i) => kroger.searchProducts(queries[i])));
    }
    const upstream = service.calls('/v1/products') - before;
    report('(b) 10,000 searches, Zipf(s=1) over 2,000 distinct queries, within the TTL', [
      ['distinct queries drawn', seen.size],
      ['upstream /v1/products calls', upstream],
      ['upstream calls / distinct queries (ratio, 1.0 is ideal)', (upstream / seen.size).toFixed(3)],
      ['upstream calls / searches (ratio)', (upstream / 10_000).toFixed(3)],
      ['wall time, ms', Date.now() - t0],
    ]);

    const ids = service.sandbox.context.catalog.products.slice(100, 600).map((p) => p.productId);
    const beforeIds = service.calls('/v1/products');
    const t1 = Date.now();
    const found = await Promise.all(ids.map((id) => kroger.getProductsByIds([id], '01400943')));
    report('(c) 500 concurrent by-id lookups of distinct products', [
      ['products found (the rest are not carried at the store)', found.flat().length],
      ['upstream /v1/products calls (at most 10 wanted)', service.calls('/v1/products') - beforeIds],
      ['wall time, ms', Date.now() - t1],
    ]);
    await service.close();
  }

  // (d): 30% of product calls fail; then a 429 with Retry-After 60.
  {
    const service = await startBenchService({
      KROGER_RETRY_ATTEMPTS: '8',
      KROGER_RETRY_BUDGET_MS: '20000',
      KROGER_BREAKER_THRESHOLD: '12',
    });
    const kroger = service.app.get(KrogerClient);
    service.sandbox.context.faults.replace([{ path: '/v1/products', status: 503, rate: 0.3 }]);
    const words = [
      ...new Set(
        service.sandbox.context.catalog.products
          .flatMap((p) => p.description.toLowerCase().split(/[^a-z]+/))
          .filter((w) => w.length >= 4),
      ),
    ];
    const queries = words
      .flatMap((term) => STORES.map((locationId) => ({ term, locationId, limit: 5 })))
      .slice(0, 1000);
    let failed = 0;
    const t2 = Date.now();
    for (let i = 0; i < queries.length; i += 100) {
      const outcomes = await Promise.allSettled(queries.slice(i, i + 100).map((q) => kroger.searchProducts(q)));
      failed += outcomes.filter((o) => o.status === 'rejected').length;
    }
    const log = service.sandbox.context.requestLog.list({ path: '/v1/products' });
    report('(d1) 1,000 distinct searches while 30% of product calls answer 503', [
      ['searches that failed', failed],
      ['searches that succeeded', queries.length - failed],
      ['upstream calls (incl. retries)', log.length],
      ['upstream 503s', log.filter((r) => r.status === 503).length],
      ['calls per search (ratio)', (log.length / queries.length).toFixed(3)],
      ['wall time, ms', Date.now() - t2],
      ['settings', 'KROGER_RETRY_ATTEMPTS=8, KROGER_BREAKER_THRESHOLD=12'],
    ]);

    // Kroger's budget is spent: every products call now answers 429 with Retry-After: 60.
    service.sandbox.context.faults.replace([{ path: '/v1/products', status: 429, retryAfter: 60, rate: 1 }]);
    service.sandbox.context.requestLog.clear();
    const fresh = words
      .slice(0, 400)
      .flatMap((term) => [
        { term, limit: 7 },
        { term, limit: 8 },
        { term, limit: 9 },
      ])
      .slice(0, 1000);
    const first = await kroger.searchProducts(fresh[0]).then(
      () => 'answered',
      (error: KrogerError) => error.code,
    );
    const afterFirst = service.sandbox.context.requestLog.list({ path: '/v1/products' }).length;
    let refused = 0;
    for (let i = 1; i < fresh.length; i += 100) {
      const outcomes = await Promise.allSettled(fresh.slice(i, i + 100).map((q) => kroger.searchProducts(q)));
      refused += outcomes.filter(
        (o) => o.status === 'rejected' && (o.reason as KrogerError).code === 'kroger.quota_exhausted',
      ).length;
    }
    report('(d2) 1,000 searches while Kroger answers 429 with Retry-After: 60', [
      ['first search', first],
      [
        'upstream /v1/products calls in the 60 s window',
        service.sandbox.context.requestLog.list({ path: '/v1/products' }).length,
      ],
      [
        '  of which after the first 429 was seen',
        service.sandbox.context.requestLog.list({ path: '/v1/products' }).length - afterFirst,
      ],
      ['searches refused at once with kroger.quota_exhausted', `${refused} of ${fresh.length - 1}`],
    ]);

    // The same with 100 searches already in flight when the first 429 arrives.
    const burst = await startBenchService({ KROGER_RETRY_ATTEMPTS: '8' });
    const burstClient = burst.app.get(KrogerClient);
    await burstClient.listChains(); // token and connections warm
    burst.sandbox.context.faults.replace([{ path: '/v1/products', status: 429, retryAfter: 60, rate: 1 }]);
    const concurrent = words.slice(0, 1000).map((term) => ({ term, limit: 6 }));
    const firstBurst = await Promise.allSettled(concurrent.slice(0, 100).map((q) => burstClient.searchProducts(q)));
    const inFlight = burst.calls('/v1/products');
    await Promise.allSettled(concurrent.slice(100).map((q) => burstClient.searchProducts(q)));
    report('(d3) the same, 100 searches in flight together when the first 429 arrives', [
      [
        'calls already in flight (each answered 429, none retried)',
        `${inFlight} (${firstBurst.filter((o) => o.status === 'rejected').length} refused)`,
      ],
      ['calls after the first 429 was seen', burst.calls('/v1/products') - inFlight],
    ]);
    await burst.close();
    await service.close();
  }
}

runBenchmark(main);
