/**
 * A cached read against what it could cost (issue #15), from one run, same JSON body, same
 * connections, same load generator:
 *  - a bare Node `http` server;
 *  - the framework's floor: a NestJS hello world on the same Express adapter (and, for reference,
 *    on Fastify: what a migration would start from);
 *  - our full stack: a cached product search with bearer auth, validation, throttling (limits set
 *    high enough that every request is counted and none refused), logging at info, cache hit.
 * Prints req/s, p99 and the ratios; any non-2xx answer fails the run, since its figure would lie.
 *   npm run bench:http            (BENCH_SECONDS=10, BENCH_CONNECTIONS=32)
 *   BENCH_CPU_PROFILE=/tmp/http npm run bench:http    (also profiles the full stack's phase)
 */
import type autocannon from 'autocannon';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { linkAccount } from '../test/support/accounts';
import { profiled } from './cpu-profile';
import { startFrameworkFloor } from './framework-floor';
import { errorsOf, load } from './load';
import { report, runBenchmark, startBenchService } from './support';

const PATH = '/api/v1/products?term=greek%20yogurt&locationId=01400943&limit=10';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Measured {
  result: autocannon.Result;
  /**
   * CPU this process spent per answered request, µs. The load generator is another process, so
   * this is the server's own cost: steadier than req/s when something else shares the machine.
   */
  cpuUsPerRequest: number;
}

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Measured> {
  const cpuBefore = process.cpuUsage();
  const result = await load({ url, connections: CONNECTIONS, seconds: SECONDS, headers, paths: [PATH] });
  const cpu = process.cpuUsage(cpuBefore);
  if (errorsOf(result) > 0 || result.requests.total === 0)
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return { result, cpuUsPerRequest: (cpu.user + cpu.system) / result.requests.total };
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

  const bare = createServer((_req, res) => {
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const expressFloor = await startFrameworkFloor('express', PATH, JSON.parse(body));
  const fastifyFloor = await startFrameworkFloor('fastify', PATH, JSON.parse(body));

  const results: [string, Measured][] = [
    ['bare Node http', await measure('bare', `http://127.0.0.1:${(bare.address() as AddressInfo).port}`)],
    ['NestJS floor, Express', await measure('express floor', expressFloor.url)],
    ['NestJS floor, Fastify (reference)', await measure('fastify floor', fastifyFloor.url)],
    ['full stack, Express', await profiled('full-stack', () => measure('full stack', base, auth))],
  ];
  const [bareRun, floorRun, fastifyRun, fullRun] = results.map(([, measured]) => measured);
  const [bareResult, floorResult, fastifyResult, fullResult] = [bareRun, floorRun, fastifyRun, fullRun].map((m) => m.result);
  const rps = (result: autocannon.Result) => result.requests.average;
  report(
    `Cached product search, ${SECONDS} s each, ${CONNECTIONS} connections, autocannon on loopback (body ${body.length} bytes)`,
    [
      ...results.map(([name, { result, cpuUsPerRequest }]): [string, string] => [
        `${name}: req/s, p50 / p99 ms, server CPU µs/req`,
        `${rps(result).toFixed(0)}, ${result.latency.p50} / ${result.latency.p99}, ${cpuUsPerRequest.toFixed(0)}`,
      ]),
      ['full stack / bare Node, req/s (aim >= 0.30)', (rps(fullResult) / rps(bareResult)).toFixed(3)],
      ['full stack / NestJS Express floor, req/s (aim >= 0.75)', (rps(fullResult) / rps(floorResult)).toFixed(3)],
      [
        'full stack / NestJS Express floor, server CPU per request',
        (fullRun.cpuUsPerRequest / floorRun.cpuUsPerRequest).toFixed(2),
      ],
      ['NestJS Express floor / bare Node, req/s', (rps(floorResult) / rps(bareResult)).toFixed(3)],
      ['NestJS Fastify floor / bare Node, req/s', (rps(fastifyResult) / rps(bareResult)).toFixed(3)],
      [
        'full stack p99 / bare Node p99 (aim <= 3)',
        (fullResult.latency.p99 / Math.max(1, bareResult.latency.p99)).toFixed(2),
      ],
      ['non-2xx / errors, all servers', 0],
    ],
  );
  bare.close();
  await expressFloor.close();
  await fastifyFloor.close();
  await service.close();
}

runBenchmark(main);
