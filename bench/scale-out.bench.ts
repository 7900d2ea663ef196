/**
 * `npm run bench:scale-out`: two built instances (dist/src/main.js) on one PostgreSQL and one Redis
 * behind the loopback balancer of the scale-out e2e, against one instance alone, on the same mixed
 * cached reads; then what a SIGKILL of one instance costs while load runs. 2 CPUs here: the two
 * instances, the balancer and the load generator share them, so the ratio says what the balancer
 * costs on one machine, not what a second machine would add.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_CLIENTS } from '../sandbox/registry';
import { startSandbox } from '../sandbox/sandbox';
import { TemporaryPostgres } from '../src/database/temporary-postgres';
import { LoopbackBalancer } from '../test/support/loopback-balancer';
import { startRedis } from '../test/support/redis-server';
import { createScratchDatabase, report, runBenchmark } from './support';

const SECONDS = 8;
const CONNECTIONS = 32;
const PATHS = [
  '/api/v1/products?term=milk&locationId=01400943&limit=10',
  '/api/v1/products?term=bread&locationId=01400943&limit=10',
  '/api/v1/products?term=eggs&limit=5',
  '/api/v1/locations?zipCode=45202&limit=5',
  '/api/v1/chains',
];

interface Instance {
  child: ChildProcess;
  port: number;
}

function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'src', 'main.js')], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve({ child, port: Number(match[1]) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`instance exited (${code}):\n${output}`)));
  });
}

function load(url: string, seconds = SECONDS): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: PATHS.map((path) => ({ method: 'GET', path })),
  });
}

async function main(): Promise<void> {
  const server = process.env.SCRATCH_DATABASE_URL ? undefined : await TemporaryPostgres.start();
  const redis = await startRedis();
  const backends: { port: number }[] = [];
  const balancer = new LoopbackBalancer(backends);
  const url = await balancer.start();
  const kroger = await startSandbox({
    port: 0,
    host: '127.0.0.1',
    controlSurface: true,
    clients: DEFAULT_CLIENTS.map((c) => ({
      ...c,
      redirectUris: [...c.redirectUris, `${url}/api/v1/auth/kroger/callback`],
    })),
  });
  const instances: Instance[] = [];
  try {
    const databaseUrl = await createScratchDatabase(process.env.SCRATCH_DATABASE_URL ?? server!.url, 'bench_scale_out');
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      PUBLIC_BASE_URL: url,
      TRUST_PROXY: 'loopback',
      KROGER_ENV: 'sandbox',
      KROGER_BASE_URL: kroger.baseUrl,
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64url'),
      ADMIN_API_KEY: 'bench-admin-key-0123456789abcdef',
      THROTTLE_LIMIT: '1000000',
      THROTTLE_EXPENSIVE_LIMIT: '1000000',
      JOBS_ENABLED: 'false',
    };
    instances.push(await startInstance(env));
    instances.push(await startInstance({ ...env, DATABASE_MIGRATE_ON_START: 'false' }));
    backends.push(...instances.map(({ port }) => ({ port })));
    for (const path of PATHS) await fetch(`${url}${path}`); // fill the shared cache

    const single = await load(`http://127.0.0.1:${instances[0].port}`);
    const balanced = await load(url);

    // A kill under load: SIGKILL one instance a third of the way in; the balancer retries on the other.
    const before = { ...balancer.stats };
    const killedAt = { ms: 0 };
    const runStart = Date.now();
    const run = load(url);
    setTimeout(
      () => {
        killedAt.ms = Date.now();
        instances[1].child.kill('SIGKILL');
      },
      (SECONDS * 1000) / 3,
    );
    const killed = await run;
    // Recovery: a replacement started and serving through the balancer.
    const restartedAt = Date.now();
    const replacement = await startInstance({ ...env, DATABASE_MIGRATE_ON_START: 'false' });
    instances.push(replacement);
    backends[1] = { port: replacement.port };
    const recoveredMs = Date.now() - restartedAt;

    const rps = (result: autocannon.Result) => result.requests.average;
    const failed = (result: autocannon.Result) => result.errors + result.non2xx;
    report(`Scale-out (${CONNECTIONS} connections, ${SECONDS} s each, ${PATHS.length} cached reads in turn)`, [
      ['one instance, direct: req/s', rps(single).toFixed(0)],
      ['two instances through the balancer: req/s', rps(balanced).toFixed(0)],
      ['ratio balancer / one instance', (rps(balanced) / rps(single)).toFixed(2)],
      ['p99 latency one instance / through the balancer (ms)', `${single.latency.p99} / ${balanced.latency.p99}`],
      ['SIGKILL of one instance under load: requests answered', killed.requests.total],
      ['  failed as the client saw them (errors + non-2xx)', failed(killed)],
      ['  retried by the balancer on the other instance', balancer.stats.retried - before.retried],
      ['  req/s over the run, ratio to the balanced run', (rps(killed) / rps(balanced)).toFixed(2)],
      ['replacement instance start to serving (ms)', recoveredMs],
      ['kill happened at (s into the run)', ((killedAt.ms - runStart) / 1000).toFixed(1)],
    ]);
  } finally {
    for (const instance of instances) instance.child.kill('SIGKILL');
    await balancer.close();
    await kroger.close();
    redis.stop();
    server?.stop();
  }
}

runBenchmark(main);
