/**
 * MCP tool call against the same REST call (issue #12: within 1.3x), from one run: a cached
 * `search_products` (10 results at a store) and `GET /api/v1/products` with the same query,
 * sequential and with 32 calls in flight; mean latency per call and the MCP / REST ratio.
 * Both are called the same way, a bare fetch reading the body as text, so the ratio is the
 * server's cost; a row for the official SDK client shows what its own result validation adds
 * when it runs in the same process as the server, and a row for a second service with MCP_FAST_PATH=false
 * shows what the MCP fast path saves. CPU per call is reported too: on a shared,
 * busy machine wall times swing from run to run, CPU time far less. The paths are measured in
 * alternating turns of a few dozen calls, so drift weighs on all of them alike.
 *   npm run bench:mcp
 *   BENCH_CPU_PROFILE=/tmp/mcp npm run bench:mcp    (also profiles the MCP calls)
 */
import type { AddressInfo } from 'node:net';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { linkAccount } from '../test/support/accounts';
import { profiled } from './cpu-profile';
import { report, runBenchmark, startBenchService } from './support';

const PATH = '/api/v1/products?term=greek%20yogurt&locationId=01400943&limit=10';
const ARGS = { term: 'greek yogurt', locationId: '01400943', limit: 10 };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 600);
const CONCURRENCY = 32;

interface Measure {
  /** Mean wall time per call, ms. */
  ms: number;
  /**
   * CPU this process spent per call, µs (client and server alike, the same fetch for both
   * paths): far steadier than wall time when other work shares the machine.
   */
  cpuUs: number;
}

/** Wall time (ns) and CPU time (µs) of `calls` calls with `inFlight` of them running at once. */
async function run(inFlight: number, calls: number, call: () => Promise<unknown>) {
  let left = calls;
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (left-- > 0) await call();
    }),
  );
  const ns = Number(process.hrtime.bigint() - start);
  const cpu = process.cpuUsage(cpuBefore);
  return { ns, cpuUs: cpu.user + cpu.system };
}

/**
 * Mean cost per call of each path, ROUNDS calls each, taken in turns of a few dozen calls, so that
 * what else the machine does meanwhile (and this process's own collector) falls on every path alike.
 */
async function measureInTurns<P extends string>(
  inFlight: number,
  paths: Record<P, () => Promise<unknown>>,
): Promise<Record<P, Measure>> {
  const turn = Math.max(50, inFlight * 4);
  const names = Object.keys(paths) as P[];
  const spent = new Map(names.map((name) => [name, { ns: 0, cpuUs: 0 }]));
  for (let done = 0; done < ROUNDS; done += turn) {
    for (const name of names) {
      const { ns, cpuUs } = await run(inFlight, Math.min(turn, ROUNDS - done), paths[name]);
      spent.get(name)!.ns += ns;
      spent.get(name)!.cpuUs += cpuUs;
    }
  }
  const mean = ({ ns, cpuUs }: { ns: number; cpuUs: number }) => ({
    ms: (ns / 1e6 / ROUNDS) * inFlight,
    cpuUs: cpuUs / ROUNDS,
  });
  return Object.fromEntries(names.map((name) => [name, mean(spent.get(name)!)])) as Record<P, Measure>;
}

/** A service on a free port with a signed-in user: its base URL and that user's headers. */
async function startSignedIn(env: Record<string, string> = {}) {
  const service = await startBenchService({
    LOG_LEVEL: 'error',
    THROTTLE_EXPENSIVE_LIMIT: '1000000',
    ALLOWED_RETURN_URLS: 'https://app.example.com/done',
    ...env,
  });
  await service.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}`;
  const { accessToken } = await linkAccount(base, { returnTo: 'https://app.example.com/done' });
  return { service, base, headers: { Authorization: `Bearer ${accessToken}` } };
}

async function main(): Promise<void> {
  const { service, base, headers } = await startSignedIn();
  // The same service with every MCP request through the SDK's Node transport: the fast path's gain.
  const viaSdk = await startSignedIn({ MCP_FAST_PATH: 'false' });
  const rest = async () => {
    const res = await fetch(`${base}${PATH}`, { headers });
    if (res.status !== 200) throw new Error(`REST ${res.status}`);
    await res.text();
  };
  // One client per in-flight call, as separate MCP clients would be.
  const clients = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const client = new Client({ name: 'bench', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }));
      return client;
    }),
  );
  let next = 0;
  const mcpSdk = async () => {
    const result = await clients[next++ % CONCURRENCY].callTool({ name: 'search_products', arguments: ARGS });
    if (result.isError) throw new Error(JSON.stringify(result.content));
  };
  const call = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'search_products', arguments: ARGS },
  });
  const mcpAt = (url: string, auth: Record<string, string>) => {
    const mcpHeaders = {
      ...auth,
      Accept: 'application/json, text/event-stream',
      'Content-Type': 'application/json',
      'MCP-Protocol-Version': '2025-11-25',
    };
    return async () => {
      const res = await fetch(`${url}/mcp`, { method: 'POST', headers: mcpHeaders, body: call });
      const body = await res.text();
      if (res.status !== 200 || body.includes('"isError":true')) throw new Error(`MCP ${res.status} ${body}`);
    };
  };
  const mcp = mcpAt(base, headers);
  const mcpViaSdk = mcpAt(viaSdk.base, viaSdk.headers);
  // Warm every path (cache, JIT) before measuring; then alternate so drift hits them alike.
  for (let i = 0; i < 100; i += 1) await Promise.all([rest(), mcp(), mcpSdk(), mcpViaSdk()]);
  const rows: [string, string | number][] = [];
  for (const inFlight of [1, CONCURRENCY]) {
    const measured = await measureInTurns(inFlight, { rest, mcp, mcpViaSdk, mcpSdk });
    if (process.env.BENCH_CPU_PROFILE || process.env.BENCH_HEAP_PROFILE) await profiled(`mcp-${inFlight}`, () => run(inFlight, ROUNDS, mcp));
    const { ms: restMean, cpuUs: restCpuUs } = measured.rest;
    const { ms: mcpMs, cpuUs: mcpCpuUs } = measured.mcp;
    const { ms: sdkMs } = measured.mcpSdk;
    const viaSdkTransport = measured.mcpViaSdk;
    const label = inFlight === 1 ? 'sequential' : `${inFlight} in flight`;
    rows.push(
      [`${label}: REST mean latency, ms`, restMean.toFixed(2)],
      [`${label}: MCP search_products mean latency, ms`, mcpMs.toFixed(2)],
      [`${label}: latency ratio MCP / REST (aim <= 1.3)`, (mcpMs / restMean).toFixed(2)],
      [
        `${label}: CPU per call REST / MCP, µs (ratio)`,
        `${restCpuUs.toFixed(0)} / ${mcpCpuUs.toFixed(0)} (${(mcpCpuUs / restCpuUs).toFixed(2)})`,
      ],
      [
        `${label}: MCP through the SDK's Node transport (MCP_FAST_PATH=false), ms (ratio); CPU µs (ratio)`,
        `${viaSdkTransport.ms.toFixed(2)} (${(viaSdkTransport.ms / restMean).toFixed(2)}); ` +
          `${viaSdkTransport.cpuUs.toFixed(0)} (${(viaSdkTransport.cpuUs / restCpuUs).toFixed(2)})`,
      ],
      [
        `${label}: with the SDK client in this process, ms (ratio)`,
        `${sdkMs.toFixed(2)} (${(sdkMs / restMean).toFixed(2)})`,
      ],
    );
  }
  report(`MCP tool call vs REST call, same cached search (10 results), ${ROUNDS} calls per measure`, rows);
  await Promise.all(clients.map((client) => client.close()));
  await service.close();
  await viaSdk.service.close();
}

runBenchmark(main);
