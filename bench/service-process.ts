/**
 * The built service (dist/src/main.js) as its own process, as it runs in production: its memory is
 * its own (read from /proc), and the load generator and the benchmark's code never share its CPU.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MemorySample } from './memory-probe';

/** BENCH_SERVICE_ROOT runs another checkout's build (e.g. the commit before a change) under the same load. */
const ROOT = process.env.BENCH_SERVICE_ROOT ?? join(__dirname, '..', '..');
/**
 * Another checkout's build to measure in the same run, beside this one (BENCH_BASELINE_ROOT, for
 * benchmarks that support it), so a before/after comparison shares the machine's load.
 */
export const BASELINE_ROOT = process.env.BENCH_BASELINE_ROOT;
/** Node flags for the service process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` or `--max-semi-space-size=8`. */
const NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);

export interface ServiceProcess {
  url: string;
  pid: number;
  /** From spawn to the first 200 from /health/ready. */
  readyMs: number;
  rssMiB(): number;
  /** process.memoryUsage() and heap spaces in MiB, when started with `memoryProbe`; undefined otherwise. */
  memorySample(): Promise<MemorySample | undefined>;
  stop(): Promise<void>;
}

export interface ServiceProcessOptions {
  /** Preload bench/memory-probe.js, so memorySample() can read the service's own memory accounts. */
  memoryProbe?: boolean;
  /** The checkout whose build runs: BENCH_SERVICE_ROOT, or this one, by default. */
  root?: string;
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
  options: ServiceProcessOptions = {},
): Promise<ServiceProcess> {
  const probeDir = options.memoryProbe ? mkdtempSync(join(tmpdir(), 'kroger-memory-probe-')) : undefined;
  const probeFile = probeDir && join(probeDir, 'samples.jsonl');
  const probeArgs = probeFile ? ['--require', join(__dirname, 'memory-probe.js')] : [];
  const started = Date.now();
  const root = options.root ?? ROOT;
  const child = spawn(process.execPath, [...NODE_ARGS, ...probeArgs, join(root, entry)], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env, ...(probeFile ? { BENCH_MEMORY_PROBE_FILE: probeFile } : {}) },
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
    memorySample: () => (probeFile ? sampleMemory(child, probeFile) : Promise.resolve(undefined)),
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          if (probeDir) rmSync(probeDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

/** Signals the probe and waits for the line it appends. */
async function sampleMemory(child: ChildProcess, file: string): Promise<MemorySample> {
  const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  const before = lines().length;
  child.kill('SIGUSR2');
  for (let waited = 0; waited < 5000; waited += 20) {
    const after = lines();
    if (after.length > before) return JSON.parse(after[after.length - 1]) as MemorySample;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the memory probe did not answer');
}

/** The service with this environment (on top of test mode on a free loopback port), once ready. */
export async function startServiceProcess(
  env: Record<string, string>,
  options: ServiceProcessOptions = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  return startProcess(
    'dist/src/main.js',
    { NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), ...env },
    port,
    '/health/ready',
    options,
  );
}

/** The Kroger sandbox on its own (npm run sandbox), for a service that does not run it in-process. */
export async function startSandboxProcess(): Promise<ServiceProcess> {
  const port = await freePort();
  return startProcess('dist/sandbox/main.js', { SANDBOX_PORT: String(port) }, port, '/__sandbox/requests');
}
