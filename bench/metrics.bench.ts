/**
 * What a Prometheus scrape of /metrics costs with 10,000 linked users who all spent Kroger calls:
 * time and size of one scrape, with the database gauges read afresh (a scrape after their 5 s
 * reuse) and reused, against the same scrapes on an empty database, in one run.
 *
 *   npm run bench:metrics      (needs the PostgreSQL server binaries or SCRATCH_DATABASE_URL)
 */
import { Client } from 'pg';
import { TemporaryPostgres } from '../src/database/temporary-postgres';
import { createScratchDatabase, report, runBenchmark, startBenchService } from './support';

const USERS = 10_000;
const METRICS_TOKEN = 'bench-metrics-token-0123456789';
const FRESH_SAMPLES = 5;
const REUSED_SAMPLES = 50;
/** Longer than the database gauges are reused (DatabaseMetrics' 5 s). */
const SNAPSHOT_EXPIRY_MS = 5_200;

interface Scrapes {
  freshMs: number;
  reusedMs: number;
  bytes: number;
  series: number;
}

async function scrapeOnce(url: string): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const res = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return { ms: performance.now() - started, body };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(url: string): Promise<Scrapes> {
  const fresh: number[] = [];
  let body = '';
  for (let i = 0; i < FRESH_SAMPLES; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, SNAPSHOT_EXPIRY_MS));
    const scrape = await scrapeOnce(url);
    fresh.push(scrape.ms);
    body = scrape.body;
  }
  const reused: number[] = [];
  for (let i = 0; i < REUSED_SAMPLES; i += 1) reused.push((await scrapeOnce(url)).ms);
  return {
    freshMs: median(fresh),
    reusedMs: median(reused),
    bytes: Buffer.byteLength(body),
    series: body.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length,
  };
}

/** 10,000 users, each linked (a few needing re-linking) and charged for three endpoints, in SQL. */
async function seed(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`
    create temporary table seeded as
      select gen_random_uuid() as id, n from generate_series(1, ${USERS}) as n;
    insert into "User" ("id", "createdAt", "updatedAt") select id, now(), now() from seeded;
    insert into "KrogerLink" ("userId", "profileId", "scopes", "status", "accessTokenExpiresAt", "lastUsedAt", "lastRefreshedAt", "updatedAt")
      select id, 'profile-' || n, array['product.compact'],
             (case when n % 50 = 0 then 'REAUTH_REQUIRED' else 'ACTIVE' end)::"LinkStatus",
             now() + interval '20 minutes', now() - (n % 1440) * interval '1 minute', now(), now()
      from seeded;
    insert into "KrogerSpend" ("kind", "subject", "endpoint", "userId", "count", "windowStart", "windowEnd", "updatedAt")
      select 'user', id::text, e.endpoint, id, 1 + (n * 7919 + e.k) % 450, now(), now() + interval '1 day', now()
      from seeded cross join (values ('products', 1), ('locations', 2), ('identity', 3)) as e(endpoint, k);
    analyze;`);
  await client.end();
}

async function main(): Promise<void> {
  const server = process.env.SCRATCH_DATABASE_URL ? undefined : await TemporaryPostgres.start();
  const admin = process.env.SCRATCH_DATABASE_URL ?? server!.url;
  try {
    const databaseUrl = await createScratchDatabase(admin, 'bench_metrics');
    const service = await startBenchService({ DATABASE_URL: databaseUrl, JOBS_ENABLED: 'false', METRICS_TOKEN });
    await service.app.listen(0, '127.0.0.1');
    const { port } = service.app.getHttpServer().address() as { port: number };
    const url = `http://127.0.0.1:${port}`;
    try {
      // Warm-up (JIT, connection pool, Prisma's first queries), so the empty run is not the cold one.
      await measure(url);
      const empty = await measure(url);
      await seed(databaseUrl);
      const full = await measure(url);
      const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
      report(`GET /metrics, empty database vs ${USERS.toLocaleString('en')} users (medians, one run)`, [
        [
          'database gauges read afresh: empty / 10k users (ms)',
          `${empty.freshMs.toFixed(1)} / ${full.freshMs.toFixed(1)}`,
        ],
        [
          'database gauges reused: empty / 10k users (ms)',
          `${empty.reusedMs.toFixed(1)} / ${full.reusedMs.toFixed(1)}`,
        ],
        ['afresh, 10k users vs empty', ratio(full.freshMs, empty.freshMs)],
        ['afresh vs reused, 10k users', ratio(full.freshMs, full.reusedMs)],
        ['body: empty / 10k users (bytes)', `${empty.bytes} / ${full.bytes}`],
        ['series (sample lines): empty / 10k users', `${empty.series} / ${full.series}`],
      ]);
    } finally {
      await service.close();
    }
  } finally {
    server?.stop();
  }
}

runBenchmark(main);
