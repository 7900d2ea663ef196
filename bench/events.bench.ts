/**
 * Account event delivery latency (issue #14): from `AccountEventsService.publish` on instance A until
 * an SSE client connected to instance B has parsed the message, one event at a time. Measured on one
 * instance (embedded PGlite, in-process fan-out), and across two instances on one PostgreSQL with
 * LISTEN/NOTIFY and with Redis pub/sub.
 *   npm run bench:events      (two-instance rows need the PostgreSQL binaries or SCRATCH_DATABASE_URL)
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { TemporaryPostgres } from '../src/database/temporary-postgres';
import { AccountEventsService } from '../src/events/account-events.service';
import { bearer, linkAccount } from '../test/support/accounts';
import { SseConnection } from '../test/support/sse-client';
import { createScratchDatabase, listenBenchService, ListeningBenchService, report, runBenchmark } from './support';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
const RETURN_TO = 'https://app.example.com/kroger/done';

type Service = ListeningBenchService;

const listening = (env: Record<string, string>) =>
  listenBenchService({ JOBS_ENABLED: 'false', ALLOWED_RETURN_URLS: RETURN_TO, ...env });

/** Milliseconds per event, publish on `from` to parsed on a stream from `to`, sorted. */
async function deliveries(from: Service, to: Service): Promise<number[]> {
  const account = await linkAccount(from.url, { returnTo: RETURN_TO });
  const me = (await (await fetch(`${from.url}/api/v1/me`, { headers: bearer(account.accessToken) })).json()) as {
    userId: string;
  };
  const stream = await SseConnection.open(`${to.url}/api/v1/me/events`, bearer(account.accessToken));
  if (stream.status !== 200) throw new Error(`stream: ${stream.status}`);
  await stream.next('events.ready');
  const events = from.app.get(AccountEventsService);
  const latencies: number[] = [];
  try {
    for (let version = 1; version <= EVENTS; version += 1) {
      const seen = stream.events.length;
      const start = performance.now();
      await events.publish(me.userId, { type: 'list.changed', data: { listId: 'bench', change: 'renamed', version } });
      await stream.next('list.changed', seen);
      latencies.push(performance.now() - start);
    }
  } finally {
    stream.close();
  }
  return latencies.sort((a, b) => a - b);
}

async function pair(databaseUrl: string, extra: Record<string, string>): Promise<number[]> {
  const env = { DATABASE_URL: databaseUrl, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64url'), ...extra };
  const first = await listening(env);
  const second = await listening({ ...env, KROGER_ENV: 'sandbox', KROGER_BASE_URL: first.sandbox.baseUrl });
  try {
    return await deliveries(first, second);
  } finally {
    await second.close();
    await first.close();
  }
}

function summary(latencies: number[]): string {
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
  return `median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${latencies[latencies.length - 1].toFixed(2)} ms`;
}

const median = (values: number[]) => values[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const rows: [string, string][] = [];
  const single = await listening({});
  let local: number[];
  try {
    local = await deliveries(single, single);
  } finally {
    await single.close();
  }
  rows.push([`one instance, PGlite, in-process fan-out (${EVENTS} events)`, summary(local)]);

  const server = process.env.SCRATCH_DATABASE_URL ? undefined : await TemporaryPostgres.start();
  const admin = process.env.SCRATCH_DATABASE_URL ?? server!.url;
  let redis: ChildProcess | undefined;
  try {
    const oneOnPostgres = await listening({
      DATABASE_URL: await createScratchDatabase(admin, 'bench_events'),
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64url'),
    });
    let samePg: number[];
    try {
      samePg = await deliveries(oneOnPostgres, oneOnPostgres);
    } finally {
      await oneOnPostgres.close();
    }
    rows.push([`one instance, PostgreSQL, LISTEN/NOTIFY (${EVENTS} events)`, summary(samePg)]);
    const notify = await pair(await createScratchDatabase(admin, 'bench_events'), {});
    rows.push([`A -> B, PostgreSQL LISTEN/NOTIFY (${EVENTS} events)`, summary(notify)]);
    rows.push(['ratio: A -> B median / one PostgreSQL instance median', (median(notify) / median(samePg)).toFixed(2)]);
    if (spawnSync('redis-server', ['--version']).status === 0) {
      const port = 16_379 + Math.floor(Math.random() * 1000);
      redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], { stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const pubsub = await pair(await createScratchDatabase(admin, 'bench_events'), {
        REDIS_URL: `redis://127.0.0.1:${port}`,
      });
      rows.push([`A -> B, Redis pub/sub (${EVENTS} events)`, summary(pubsub)]);
      rows.push(['ratio: Redis median / LISTEN/NOTIFY median', (median(pubsub) / median(notify)).toFixed(2)]);
    } else rows.push(['A -> B, Redis pub/sub', 'skipped: no redis-server']);
  } finally {
    redis?.kill();
    server?.stop();
  }
  report('Account event delivery, publish until an SSE client parsed it', rows);
}

runBenchmark(main);
