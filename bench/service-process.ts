/**
 * The built service (dist/src/main.js) as its own process, as it runs in production: its memory is
 * its own (read from /proc), and the load generator and the benchmark's code never share its CPU.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** BENCH_SERVICE_ROOT runs another checkout's build (e.g. the commit before a change) under the same load. */
const ROOT = process.env.BENCH_SERVICE_ROOT ?? join(__dirname, '..', '..');

export interface ServiceProcess {
  url: string;
  pid: number;
  /** From spawn to the first 200 from /health/ready. */
  readyMs: number;
  rssMiB(): number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function rssMiBOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function waitUntilReady(readyUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    const ready = await fetch(readyUrl).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function startProcess(
  entry: string,
  env: Record<string, string>,
  port: number,
  readyPath: string,
): Promise<ServiceProcess> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(ROOT, entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    // Log lines are written (as in production) and dropped, so a full pipe never slows the service.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${url}${readyPath}`, child, () => errors);
  return {
    url,
    pid: child.pid!,
    readyMs: Date.now() - started,
    rssMiB: () => rssMiBOf(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The service with this environment (on top of test mode on a free loopback port), once ready. */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  return startProcess(
    'dist/src/main.js',
    { NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), ...env },
    port,
    '/health/ready',
  );
}

/** The Kroger sandbox on its own (npm run sandbox), for a service that does not run it in-process. */
export async function startSandboxProcess(): Promise<ServiceProcess> {
  const port = await freePort();
  return startProcess('dist/sandbox/main.js', { SANDBOX_PORT: String(port) }, port, '/__sandbox/requests');
}
