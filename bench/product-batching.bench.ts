/**
 * Kroger calls caused by a list screen and a shopping list, through the REST routes (issue #14):
 * 100 concurrent GET /api/v1/products/{id} and one 20-term POST /api/v1/products/search-batch, with
 * a cold and a warm cache, counted at the sandbox. Run once with the default batching waits and
 * once with long ones, since on a busy machine the 100 requests reach the service over a second or more.
 *   npm run bench:product-batching
 */
import { report, runBenchmark, startBenchService } from './support';

const STORE = '01400943';
const TERMS = [
  'milk',
  'eggs',
  'bread',
  'butter',
  'cheese',
  'apples',
  'bananas',
  'coffee',
  'yogurt',
  'pasta',
  'rice',
  'cereal',
  'chicken',
  'juice',
  'chips',
  'salsa',
  'honey',
  'onions',
  'flour',
  'sugar',
];

async function measure(label: string, env: Record<string, string>): Promise<void> {
  const service = await startBenchService({ THROTTLE_EXPENSIVE_LIMIT: '1000', ...env });
  await service.app.listen(0, '127.0.0.1');
  const { port } = service.app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${port}/api/v1/products`;
  const productCalls = () => service.calls('/v1/products');
  try {
    const ids = new Set<string>();
    for (const term of ['chips', 'cereal', 'cheese', 'bread', 'juice']) {
      const page = (await (await fetch(`${base}?term=${term}&limit=50&locationId=${STORE}`)).json()) as {
        data: { productId: string }[];
      };
      page.data.forEach((p) => ids.add(p.productId));
    }
    const hundred = [...ids].slice(0, 100);
    const byId = async () => {
      const before = productCalls();
      const started = Date.now();
      const statuses = await Promise.all(
        hundred.map(async (id) => (await fetch(`${base}/${id}?locationId=${STORE}`)).status),
      );
      if (statuses.some((s) => s !== 200)) throw new Error(`by-id: ${statuses.filter((s) => s !== 200).join(',')}`);
      return { calls: productCalls() - before, ms: Date.now() - started };
    };
    const bulk = async () => {
      const before = productCalls();
      const res = await fetch(`${base}/search-batch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ terms: TERMS, locationId: STORE, limitPerTerm: 3 }),
      });
      if (res.status !== 200) throw new Error(`search-batch: ${res.status}`);
      return productCalls() - before;
    };
    const cold = await byId();
    const warm = await byId();
    const bulkCold = await bulk();
    const bulkWarm = await bulk();
    report(label, [
      ['100 concurrent by-id, cold: Kroger calls', cold.calls],
      ['100 concurrent by-id, cold: wall time, ms', cold.ms],
      ['100 concurrent by-id, warm: Kroger calls', warm.calls],
      ['by-id calls per request, cold (ratio)', (cold.calls / 100).toFixed(3)],
      ['20-term search-batch, cold: Kroger calls', bulkCold],
      ['20-term search-batch, warm: Kroger calls', bulkWarm],
    ]);
  } finally {
    await service.close();
  }
}

async function main(): Promise<void> {
  await measure('Defaults (KROGER_BATCH_IDLE_MS=50, KROGER_BATCH_MAX_WAIT_MS=1000)', {});
  await measure('Long waits (KROGER_BATCH_IDLE_MS=1000, KROGER_BATCH_MAX_WAIT_MS=5000)', {
    KROGER_BATCH_IDLE_MS: '1000',
    KROGER_BATCH_MAX_WAIT_MS: '5000',
  });
}

runBenchmark(main);
