/**
 * Revocation delay across two instances sharing one PostgreSQL (issue #11): how long after a logout
 * answered on instance A does instance B, which had just seen the session active, refuse its token?
 * Measured without Redis (SESSION_CHECK_INTERVAL_MS) and with Redis pub/sub.
 *   npm run bench:revocation      (needs the PostgreSQL server binaries or SCRATCH_DATABASE_URL; Redis optional)
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { TemporaryPostgres } from '../src/database/temporary-postgres';
import { bearer, linkAccount } from '../test/support/accounts';
import {
  createScratchDatabase,
  listenBenchService as listening,
  ListeningBenchService,
  report,
  runBenchmark,
} from './support';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 20);
const RETURN_TO = 'https://app.example.com/kroger/done';

type Service = ListeningBenchService;

async function status(url: string, token: string): Promise<number> {
  return (await fetch(`${url}/api/v1/me`, { headers: bearer(token) })).status;
}

/** Milliseconds from A's 204 to B's first 401, polling B back to back. */
async function trial(first: Service, second: Service): Promise<number> {
  const account = await linkAccount(first.url, { returnTo: RETURN_TO });
  if ((await status(second.url, account.accessToken)) !== 200) throw new Error('B did not accept the session');
  const logout = await fetch(`${first.url}/api/v1/auth/logout`, {
    method: 'POST',
    headers: { ...bearer(account.accessToken), 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (logout.status !== 204) throw new Error(`logout: ${logout.status}`);
  const start = performance.now();
  while ((await status(second.url, account.accessToken)) === 200) {
    if (performance.now() - start > 20_000) throw new Error('B never refused the token');
  }
  return performance.now() - start;
}

async function measure(databaseUrl: string, extra: Record<string, string>): Promise<number[]> {
  const env = {
    DATABASE_URL: databaseUrl,
    JOBS_ENABLED: 'false',
    ALLOWED_RETURN_URLS: RETURN_TO,
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64url'),
    ...extra,
  };
  const first = await listening(env);
  const second = await listening({ ...env, KROGER_ENV: 'sandbox', KROGER_BASE_URL: first.sandbox.baseUrl });
  try {
    const delays: number[] = [];
    for (let i = 0; i < TRIALS; i += 1) delays.push(await trial(first, second));
    return delays.sort((a, b) => a - b);
  } finally {
    await second.close();
    await first.close();
  }
}

function summary(delays: number[]): string {
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))].toFixed(1);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${delays[delays.length - 1].toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const server = process.env.SCRATCH_DATABASE_URL ? undefined : await TemporaryPostgres.start();
  const admin = process.env.SCRATCH_DATABASE_URL ?? server!.url;
  let redis: ChildProcess | undefined;
  try {
    const interval = await measure(await createScratchDatabase(admin, 'bench_revocation'), {});
    const rows: [string, string][] = [
      [`no Redis, SESSION_CHECK_INTERVAL_MS=500 (${TRIALS} logouts)`, summary(interval)],
    ];
    if (spawnSync('redis-server', ['--version']).status === 0) {
      const port = 16_379 + Math.floor(Math.random() * 1000);
      redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], { stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const pubsub = await measure(await createScratchDatabase(admin, 'bench_revocation'), {
        REDIS_URL: `redis://127.0.0.1:${port}`,
        SESSION_CHECK_INTERVAL_MS: '15000',
      });
      rows.push([`Redis pub/sub (${TRIALS} logouts)`, summary(pubsub)]);
      rows.push(['ratio: interval median / pub/sub median', (median(interval) / median(pubsub)).toFixed(1)]);
    } else rows.push(['Redis pub/sub', 'skipped: no redis-server']);
    rows.push(['before this change (15 s per-instance cache)', 'up to 15000 ms']);
    report('Revocation delay, logout on A until B refuses (two instances, one PostgreSQL)', rows);
  } finally {
    redis?.kill();
    server?.stop();
  }
}

function median(values: number[]): number {
  return values[Math.floor(values.length / 2)];
}

runBenchmark(main);
