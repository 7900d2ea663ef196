/**
 * Preloaded into the service process (`node --require dist/bench/memory-probe.js`) when a benchmark
 * asks for a memory breakdown: on SIGUSR2 it appends one JSON line to BENCH_MEMORY_PROBE_FILE with
 * process.memoryUsage() and V8's heap spaces, so the benchmark can say which part of RSS moved
 * (JS heap, external, array buffers, or memory outside V8's accounts). Never part of the service.
 */
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

export interface MemorySample {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Heap space name → [size, used], MiB. */
  spaces: Record<string, [number, number]>;
}

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

const file = process.env.BENCH_MEMORY_PROBE_FILE;
if (file) {
  process.on('SIGUSR2', () => {
    const usage = process.memoryUsage();
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((s) => [s.space_name, [mib(s.space_size), mib(s.space_used_size)]]),
    );
    const sample = {
      rss: mib(usage.rss),
      heapTotal: mib(usage.heapTotal),
      heapUsed: mib(usage.heapUsed),
      external: mib(usage.external),
      arrayBuffers: mib(usage.arrayBuffers),
      spaces,
    };
    appendFileSync(file, `${JSON.stringify(sample)}\n`);
  });
}
