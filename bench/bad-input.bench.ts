/**
 * Hostile bodies against the real HTTP stack (issue #10): how long a 120 KB body of nested arrays
 * takes to be refused, and how long it blocks the event loop, as ratios to a small malformed
 * refresh request measured in the same run.
 *   npm run bench:bad-input
 */
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { report, runBenchmark, startBenchService } from './support';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

function nestedArrays(bytes: number): string {
  const depth = Math.floor(bytes / 2);
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

async function timeRequests(url: string, body: string): Promise<{ medianMs: number; statuses: Set<number> }> {
  const timings: number[] = [];
  const statuses = new Set<number>();
  for (let i = 0; i < ROUNDS; i += 1) {
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    await res.arrayBuffer();
    timings.push(performance.now() - started);
    statuses.add(res.status);
  }
  timings.sort((a, b) => a - b);
  return { medianMs: timings[Math.floor(timings.length / 2)], statuses };
}

async function main(): Promise<void> {
  const service = await startBenchService({ LOG_LEVEL: 'warn' });
  await service.app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}/api/v1/auth/refresh`;
  const delay = monitorEventLoopDelay({ resolution: 1 });

  const small = await timeRequests(url, '{"refreshToken":"not-a-token"}');
  delay.enable();
  const deep = await timeRequests(url, nestedArrays(120 * 1024));
  delay.disable();

  report(`120 KB of nested arrays to POST /api/v1/auth/refresh, ${ROUNDS} requests each`, [
    ['small invalid body: median ms, statuses', `${small.medianMs.toFixed(2)}, ${[...small.statuses].join('/')}`],
    ['120 KB nested arrays: median ms, statuses', `${deep.medianMs.toFixed(2)}, ${[...deep.statuses].join('/')}`],
    ['ratio deep / small (median)', (deep.medianMs / small.medianMs).toFixed(2)],
    ['longest event-loop block during the deep bodies (ms)', (delay.max / 1e6).toFixed(1)],
  ]);
  await service.close();
}

runBenchmark(main);
