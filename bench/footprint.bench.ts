/**
 * Start-to-ready and idle memory of the built service, each in its own process (issue #15): on
 * PGlite (a new data folder, then an existing one), on PostgreSQL (a throwaway server from the
 * machine's binaries, when present), and with the Kroger sandbox in its own process instead of
 * in-process, to show what the embedded sandbox costs.
 *   npm run bench:footprint        (BENCH_IDLE_SECONDS=3: how long it idles before RSS is read)
 *   BENCH_BASELINE_ROOT=/path/to/other/checkout npm run bench:footprint   (adds that build's figures
 *                                                on an existing data folder and a migrated database)
 *   BENCH_MEMORY_DETAIL=1 npm run bench:footprint   (adds the JS heap / external / array buffers split)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemporaryPostgres } from '../src/database/temporary-postgres';
import { memoryRow } from './memory-probe-report';
import type { MemorySample } from './memory-probe';
import { BASELINE_ROOT, startSandboxProcess, startServiceProcess } from './service-process';
import { createScratchDatabase, report, runBenchmark } from './support';

const IDLE_MS = Number(process.env.BENCH_IDLE_SECONDS ?? 3) * 1000;
const MEMORY_DETAIL = process.env.BENCH_MEMORY_DETAIL === '1';

interface Footprint {
  readyMs: number;
  rssMiB: number;
  memory?: MemorySample;
}

async function measure(env: Record<string, string>, root?: string): Promise<Footprint> {
  const service = await startServiceProcess({ LOG_LEVEL: 'info', ...env }, { memoryProbe: MEMORY_DETAIL, root });
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const rssMiB = service.rssMiB();
  const memory = await service.memorySample();
  await service.stop();
  return { readyMs: service.readyMs, rssMiB, memory };
}

async function main(): Promise<void> {
  const rows: [string, string][] = [];
  const add = (label: string, { readyMs, rssMiB, memory }: Footprint) =>
    rows.push(
      [`${label}: start to ready`, `${readyMs} ms`],
      [`${label}: idle RSS`, `${rssMiB.toFixed(0)} MiB`],
      ...(memory ? [memoryRow(`${label}: idle memory`, memory)] : []),
    );
  const dir = mkdtempSync(join(tmpdir(), 'kroger-footprint-'));
  try {
    add('PGlite, new data folder', await measure({ PGLITE_DATA_DIR: join(dir, 'new') }));
    if (BASELINE_ROOT)
      add(
        'baseline, PGlite, existing data folder',
        await measure({ PGLITE_DATA_DIR: join(dir, 'new') }, BASELINE_ROOT),
      );
    const existing = await measure({ PGLITE_DATA_DIR: join(dir, 'new') });
    add('PGlite, existing data folder', existing);
    const sandbox = await startSandboxProcess();
    const withoutSandbox = await measure({
      PGLITE_DATA_DIR: join(dir, 'new'),
      KROGER_ENV: 'sandbox',
      KROGER_BASE_URL: sandbox.url,
    });
    rows.push(['Kroger sandbox on its own (npm run sandbox): idle RSS', `${sandbox.rssMiB().toFixed(0)} MiB`]);
    await sandbox.stop();
    add('PGlite, sandbox in its own process', withoutSandbox);
    rows.push([
      'what the in-process sandbox adds to the service',
      `${(existing.rssMiB - withoutSandbox.rssMiB).toFixed(0)} MiB, ${existing.readyMs - withoutSandbox.readyMs} ms`,
    ]);
    if (TemporaryPostgres.isAvailable()) {
      const postgres = await TemporaryPostgres.start();
      try {
        const url = await createScratchDatabase(postgres.url, 'footprint');
        add('PostgreSQL, new database (migrations)', await measure({ DATABASE_URL: url, PGLITE_DATA_DIR: dir }));
        if (BASELINE_ROOT)
          add(
            'baseline, PostgreSQL, migrated database',
            await measure({ DATABASE_URL: url, PGLITE_DATA_DIR: dir }, BASELINE_ROOT),
          );
        add('PostgreSQL, migrated database', await measure({ DATABASE_URL: url, PGLITE_DATA_DIR: dir }));
      } finally {
        postgres.stop();
      }
    } else rows.push(['PostgreSQL', 'skipped: no initdb / pg_ctl on the PATH']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report(`Start-up and idle memory of the built service (RSS read after ${IDLE_MS / 1000} s idle)`, rows);
}

runBenchmark(main);
