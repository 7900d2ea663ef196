/**
 * REST and MCP throughput (issue #6), from one run:
 *  - a cached product search through the whole HTTP stack (bearer auth, validation, gateway cache)
 *    against a bare Node HTTP server returning the same JSON body: req/s, p99, ratio.
 * The MCP tool call against the same REST call is bench/mcp.bench.ts (npm run bench:mcp).
 *   npm run bench:http
 */
import type autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { linkAccount } from '../test/support/accounts';
import { report, runBenchmark, startBenchService } from './support';

const PATH = '/api/v1/products?term=greek%20yogurt&locationId=01400943&limit=10';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);

/** autocannon in its own process, so the load generator never shares an event loop with the server measured. */
function load(url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  const args = [
    require.resolve('autocannon/autocannon.js'),
    '--json',
    '-c',
    '32',
    '-d',
    String(DURATION_S),
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]),
    url,
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(new Error(error.message)) : resolve(JSON.parse(stdout) as autocannon.Result),
    );
  });
}

async function main(): Promise<void> {
  const service = await startBenchService({ LOG_LEVEL: 'warn', ALLOWED_RETURN_URLS: 'https://app.example.com/done' });
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
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}${PATH}`;

  const bareResult = await load(bareUrl, {});
  const fullResult = await load(`${base}${PATH}`, auth);
  report(
    `Cached product search, ${DURATION_S} s each, 32 connections, autocannon on loopback (body ${body.length} bytes)`,
    [
      ['bare Node server: req/s (mean)', bareResult.requests.average.toFixed(0)],
      ['bare Node server: p99 latency, ms', bareResult.latency.p99],
      ['full stack (auth, validation, cache): req/s (mean)', fullResult.requests.average.toFixed(0)],
      ['full stack: p99 latency, ms', fullResult.latency.p99],
      ['full stack errors / non-2xx', `${fullResult.errors} / ${fullResult.non2xx}`],
      [
        'throughput ratio full / bare (aim >= 0.5)',
        (fullResult.requests.average / bareResult.requests.average).toFixed(3),
      ],
      ['p99 ratio bare / full', (bareResult.latency.p99 / Math.max(1, fullResult.latency.p99)).toFixed(3)],
    ],
  );
  bare.close();

  await service.close();
}

runBenchmark(main);
