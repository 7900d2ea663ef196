/**
 * Load generation for the benchmarks: autocannon in its own process (bench/load-worker.ts), so the
 * load generator never shares an event loop, or a CPU profile, with the server measured.
 */
import type autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface LoadPlan {
  /** Base URL of the server, e.g. http://127.0.0.1:3000 */
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** Paths the connections cycle through (one request each, in turn); a single path when omitted. */
  paths?: string[];
  /**
   * Headers of distinct callers (their bearer tokens): each pass of a connection through `paths` is
   * made as the next caller, so the load comes from many users, as in production. `headers` applies to all.
   */
  callers?: Record<string, string>[];
}

export function load(plan: LoadPlan): Promise<autocannon.Result> {
  const worker = join(__dirname, 'load-worker.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [worker, JSON.stringify(plan)], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(new Error(error.message)) : resolve(JSON.parse(stdout) as autocannon.Result),
    );
  });
}

export const errorsOf = (result: autocannon.Result) => result.errors + result.timeouts + result.non2xx;
