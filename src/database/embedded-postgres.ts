import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PostgreSQL in WebAssembly (PGlite) with its data on disk, served on a loopback port so that
 * the service reaches it through the same `pg` driver and Prisma adapter as a real server.
 * PGlite has a single session: callers keep their pool to one connection.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lockFile: string,
    readonly url: string,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    mkdirSync(dataDir, { recursive: true });
    const lockFile = takeLock(dataDir);
    try {
      const db = await PGlite.create({ dataDir: join(dataDir, 'pgdata') });
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
      await server.start();
      const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
      return new EmbeddedPostgres(db, server, lockFile, url);
    } catch (error) {
      rmSync(lockFile, { force: true });
      throw error;
    }
  }

  /** Stops the socket and shuts PGlite down cleanly, so everything written is on disk. */
  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    rmSync(this.lockFile, { force: true });
  }
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
