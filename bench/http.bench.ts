/**
 * A cached read against what it could cost (issue #15), from one run, same JSON body, same
 * connections, same load generator:
 *  - a bare Node `http` server;
 *  - the framework's floor: a NestJS hello world on the same Express adapter (and, for reference,
 *    on Fastify: what a migration would start from);
 *  (these three each in a process of its own, bench/reference-server.ts)
 *  - our full stack: a cached product search with bearer auth, validation, throttling (limits set
 *    high enough that every request is counted and none refused), logging at info, cache hit.
 * The servers are measured in alternating turns (bare, floors, full stack, then again), so a shift
 * in the machine's speed during the run (a shared VM's can halve or double within a minute) falls on
 * all of them alike rather than on whichever ran at that moment.
 * Prints req/s, p50/p99 (median over turns), the server's CPU per request and the ratios; any
 * non-2xx answer fails the run, since its figure would lie.
 *   npm run bench:http            (BENCH_SECONDS=10 per server in all, BENCH_TURNS=5, BENCH_CONNECTIONS=32)
 *   BENCH_CPU_PROFILE=/tmp/http npm run bench:http    (then profiles one more full-stack phase;
 *   BENCH_HEAP_PROFILE=/tmp/http samples its allocations)
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { linkAccount } from '../test/support/accounts';
import { profiled } from './cpu-profile';
import { errorsOf, load } from './load';
import type { ReferenceKind } from './reference-server';
import { report, runBenchmark, startBenchService } from './support';

const PATH = '/api/v1/products?term=greek%20yogurt&locationId=01400943&limit=10';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TURNS = Math.max(1, Number(process.env.BENCH_TURNS ?? 5));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Server {
  name: string;
  url: string;
  headers?: Record<string, string>;
  /** CPU time, µs, of the process the server runs in. */
  cpuUs: () => Promise<number>;
  close: () => Promise<void>;
}

/** A reference server in its own process (bench/reference-server.ts), so it pays no one else's heap. */
async function startReference(name: string, kind: ReferenceKind, bodyFile: string): Promise<Server> {
  const child = fork(join(__dirname, 'reference-server.js'), [kind, PATH.split('?')[0], bodyFile], {
    stdio: 'inherit',
  });
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)));
  const { port } = await next<{ port: number }>();
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    cpuUs: async () => {
      const answer = next<{ cpuUs: number }>();
      child.send('cpu');
      return (await answer).cpuUs;
    },
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}

/** One server's turns added up. */
class Tally {
  requests = 0;
  seconds = 0;
  cpuUs = 0;
  readonly p50s: number[] = [];
  readonly p99s: number[] = [];

  get requestsPerSecond(): number {
    return this.requests / this.seconds;
  }
  /**
   * CPU this process spent per answered request, µs. The load generator is another process, so
   * this is the server's own cost: steadier than req/s when something else shares the machine.
   */
  get cpuUsPerRequest(): number {
    return this.cpuUs / this.requests;
  }
  get p50(): number {
    return median(this.p50s);
  }
  get p99(): number {
    return median(this.p99s);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function turn({ name, url, headers, cpuUs }: Server, seconds: number, tally: Tally): Promise<void> {
  const cpuBefore = await cpuUs();
  const result = await load({ url, connections: CONNECTIONS, seconds, headers, paths: [PATH] });
  const cpu = (await cpuUs()) - cpuBefore;
  if (errorsOf(result) > 0 || result.requests.total === 0)
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  tally.requests += result.requests.total;
  tally.seconds += result.duration;
  tally.cpuUs += cpu;
  tally.p50s.push(result.latency.p50);
  tally.p99s.push(result.latency.p99);
}

async function main(): Promise<void> {
  const service = await startBenchService(
    {
      LOG_LEVEL: 'info',
      THROTTLE_LIMIT: '1000000',
      THROTTLE_EXPENSIVE_LIMIT: '1000000',
      ALLOWED_RETURN_URLS: 'https://app.example.com/done',
    },
    // Every request line is formatted and written, as in production, to a sink that costs no disk.
    pino.destination({ dest: '/dev/null', sync: false }),
  );
  await service.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}`;
  const account = await linkAccount(base, { returnTo: 'https://app.example.com/done' });
  const auth = { Authorization: `Bearer ${account.accessToken}` };

  const warm = await fetch(`${base}${PATH}`, { headers: auth });
  const body = await warm.text();
  if (warm.status !== 200) throw new Error(`warm-up: ${warm.status} ${body}`);

  const bodyDir = mkdtempSync(join(tmpdir(), 'kroger-bench-http-'));
  const bodyFile = join(bodyDir, 'body.json');
  writeFileSync(bodyFile, body);
  const ownCpuUs = () => {
    const { user, system } = process.cpuUsage();
    return Promise.resolve(user + system);
  };
  const servers: Server[] = [
    await startReference('bare Node http', 'bare', bodyFile),
    await startReference('NestJS floor, Express', 'express', bodyFile),
    await startReference('NestJS floor, Fastify (reference)', 'fastify', bodyFile),
    { name: 'full stack, Express', url: base, headers: auth, cpuUs: ownCpuUs, close: () => service.close() },
  ];
  const tallies = servers.map(() => new Tally());
  for (let round = 0; round < TURNS; round += 1)
    for (const [i, server] of servers.entries()) await turn(server, SECONDS / TURNS, tallies[i]);
  if (process.env.BENCH_CPU_PROFILE || process.env.BENCH_HEAP_PROFILE) await profiled('full-stack', () => turn(servers[3], SECONDS, new Tally()));

  const [bareRun, floorRun, fastifyRun, fullRun] = tallies;
  report(
    `Cached product search, ${SECONDS} s per server in ${TURNS} alternating turns, ${CONNECTIONS} connections, autocannon on loopback (body ${body.length} bytes)`,
    [
      ...servers.map(({ name }, i): [string, string] => [
        `${name}: req/s, p50 / p99 ms, server CPU µs/req`,
        `${tallies[i].requestsPerSecond.toFixed(0)}, ${tallies[i].p50} / ${tallies[i].p99}, ${tallies[i].cpuUsPerRequest.toFixed(0)}`,
      ]),
      [
        'full stack / bare Node, req/s (aim >= 0.30)',
        (fullRun.requestsPerSecond / bareRun.requestsPerSecond).toFixed(3),
      ],
      [
        'full stack / NestJS Express floor, req/s (aim >= 0.75)',
        (fullRun.requestsPerSecond / floorRun.requestsPerSecond).toFixed(3),
      ],
      [
        'full stack / NestJS Express floor, server CPU per request',
        (fullRun.cpuUsPerRequest / floorRun.cpuUsPerRequest).toFixed(2),
      ],
      ['NestJS Express floor / bare Node, req/s', (floorRun.requestsPerSecond / bareRun.requestsPerSecond).toFixed(3)],
      [
        'NestJS Fastify floor / bare Node, req/s',
        (fastifyRun.requestsPerSecond / bareRun.requestsPerSecond).toFixed(3),
      ],
      ['full stack p99 / bare Node p99 (aim <= 3)', (fullRun.p99 / Math.max(1, bareRun.p99)).toFixed(2)],
      ['non-2xx / errors, all servers', 0],
    ],
  );
  for (const server of servers) await server.close();
  rmSync(bodyDir, { recursive: true, force: true });
}

runBenchmark(main);
