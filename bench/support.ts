import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DestinationStream } from 'pino';
import { createApp } from '../src/bootstrap';
import type { RunningSandbox } from '../sandbox';
import { KrogerConnection } from '../src/kroger/kroger-connection';
import { KROGER_CONNECTION } from '../src/kroger/kroger.tokens';

/** The real service (bootstrap, PGlite, embedded sandbox), for benchmarks that drive its parts. */
export async function startBenchService(env: Record<string, string> = {}, logTo?: DestinationStream) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kroger-bench-'));
  const { app, config } = await createApp({
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PGLITE_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      THROTTLE_LIMIT: '1000000',
      ...env,
    },
    logTo,
  });
  await app.init();
  const sandbox = app.get<KrogerConnection>(KROGER_CONNECTION).embeddedSandbox as RunningSandbox;
  return {
    app,
    config,
    sandbox,
    calls: (prefix: string) => sandbox.context.requestLog.list({ path: prefix }).length,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type ListeningBenchService = Awaited<ReturnType<typeof startBenchService>> & { url: string };

/** startBenchService, listening on a free loopback port (for benchmarks that talk HTTP to it). */
export async function listenBenchService(env: Record<string, string> = {}): Promise<ListeningBenchService> {
  const service = await startBenchService(env);
  await service.app.listen(0, '127.0.0.1');
  const { port } = service.app.getHttpServer().address() as { port: number };
  return { ...service, url: `http://127.0.0.1:${port}` };
}

/** Zipf(s) sampler over ranks 1..n, deterministic for a seed. */
export function zipf(n: number, s: number, seed = 1): () => number {
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((sum, w, i) => ((cumulative[i] = (sum + w) / total), sum + w), 0);
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return () => {
    const r = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function report(title: string, rows: [string, string | number][]): void {
  console.log(`\n${title}`);
  for (const [name, value] of rows) console.log(`  ${name.padEnd(58)} ${value}`);
}

/** A new, empty database on a PostgreSQL server (a benchmark's own, so runs never share rows). */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now()}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs a benchmark's main and exits: 0 when it finished, 1 (with the error) when it failed. */
export function runBenchmark(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
