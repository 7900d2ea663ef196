import { Logger } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Compiled, the worker is dist/.../embedded-postgres.worker.mjs; under Jest this file is the
 * TypeScript source and Node strips the worker's types itself.
 */
const WORKER_FILE = join(__dirname, `embedded-postgres.worker.${__filename.endsWith('.ts') ? 'mts' : 'mjs'}`);

/**
 * PostgreSQL in WebAssembly (PGlite) with its data on disk, served on a loopback port so that
 * the service reaches it through the same `pg` driver and Prisma adapter as a real server.
 * PGlite has a single session: callers keep their pool to one connection.
 *
 * It runs in a worker thread of its own. PGlite executes every statement synchronously in
 * WebAssembly, about a millisecond of CPU per Prisma round trip (issue #15): on the main thread
 * that stalled every other request for as long, and its boot (compiling the WebAssembly, starting
 * PostgreSQL) waited for the service's own modules to load. In a thread it does both on the
 * machine's other core, and the service meets it over the wire exactly as it meets PostgreSQL.
 */
export class EmbeddedPostgres {
  private readonly logger = new Logger(EmbeddedPostgres.name);
  private stopping = false;
  /** Settles when the thread has ended, however it ended: stop() waits on it even after a crash. */
  private readonly ended: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly lockFile: string,
    readonly url: string,
  ) {
    // An error thrown in the thread after it started ends it: reported here, never thrown at the service.
    worker.on('error', (error: Error) => this.logger.error({ err: error }, 'The embedded PostgreSQL thread failed'));
    this.ended = new Promise((resolve) =>
      worker.once('exit', (code) => {
        resolve();
        if (this.stopping) return;
        this.logger.error(`The embedded PostgreSQL thread ended unexpectedly (exit code ${code})`);
        for (const listener of lostListeners) listener();
      }),
    );
  }

  /**
   * Starts the database for a later `start(dataDir)` to take over: main.ts calls it before loading
   * the service's modules, so PGlite boots on its thread meanwhile instead of after them.
   */
  static startAhead(dataDir: string): void {
    const starting = EmbeddedPostgres.launch(dataDir);
    // Whoever takes it over sees a failure; until then it must not count as unhandled.
    starting.catch(() => undefined);
    startedAhead.set(resolve(dataDir), starting);
  }

  /**
   * Stops the databases started ahead that nobody took over (start-up failed before reaching
   * them), once they are up: killing PGlite while it initialises a new folder would leave it unusable.
   */
  static async stopStartedAhead(): Promise<void> {
    const pending = [...startedAhead.values()];
    startedAhead.clear();
    await Promise.all(pending.map((starting) => starting.then((db) => db.stop()).catch(() => undefined)));
  }

  /** `listener` runs when a database's thread ends without stop() having been called; returns its removal. */
  static whenLost(listener: () => void): () => void {
    lostListeners.add(listener);
    return () => lostListeners.delete(listener);
  }

  static start(dataDir: string): Promise<EmbeddedPostgres> {
    const folder = resolve(dataDir);
    const ahead = startedAhead.get(folder);
    startedAhead.delete(folder);
    return ahead ?? EmbeddedPostgres.launch(dataDir);
  }

  private static async launch(dataDir: string): Promise<EmbeddedPostgres> {
    mkdirSync(dataDir, { recursive: true });
    const lockFile = takeLock(dataDir);
    const worker = new Worker(WORKER_FILE, { workerData: { pgdata: join(dataDir, 'pgdata'), maxConnections: 8 } });
    try {
      const address = await serving(worker);
      return new EmbeddedPostgres(
        worker,
        lockFile,
        `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`,
      );
    } catch (error) {
      await worker.terminate();
      rmSync(lockFile, { force: true });
      throw error;
    }
  }

  /** Stops the socket and shuts PGlite down cleanly, so everything written is on disk. */
  async stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      this.worker.postMessage('stop');
    }
    await this.ended;
    rmSync(this.lockFile, { force: true });
  }
}

const lostListeners = new Set<() => void>();

/** Databases started by startAhead() and not yet taken over, by data folder. */
const startedAhead = new Map<string, Promise<EmbeddedPostgres>>();

/** Resolves with the worker's `host:port` once it serves; rejects if it fails or ends first. */
function serving(worker: Worker): Promise<string> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => settle(() => reject(error));
    const ended = (code: number) =>
      settle(() => reject(new Error(`The embedded PostgreSQL thread ended before serving (exit code ${code})`)));
    const settle = (outcome: () => void) => {
      worker.off('error', failed).off('exit', ended);
      outcome();
    };
    worker.once('error', failed).once('exit', ended);
    worker.once('message', ({ address }: { address: string }) => settle(() => resolve(address)));
  });
}

/** Two processes on one PGlite folder would corrupt it; the second one is refused instead. */
function takeLock(dataDir: string): string {
  const lockFile = join(dataDir, 'embedded.lock');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${pid}. Stop it, or set PGLITE_DATA_DIR to another folder.`,
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return lockFile;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
