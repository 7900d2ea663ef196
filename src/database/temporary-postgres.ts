import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL server from the machine's own binaries (initdb, pg_ctl), in a temporary
 * folder on a free loopback port. PostgreSQL refuses to run as root, so as root it runs as the
 * `postgres` user. Used by the migration tools and by tests that want a real server.
 */
export class TemporaryPostgres {
  private constructor(
    private readonly dir: string,
    readonly url: string,
    private readonly stopServer: () => void,
  ) {}

  static isAvailable(): boolean {
    return spawnSync('pg_ctl', ['--version']).status === 0 && spawnSync('initdb', ['--version']).status === 0;
  }

  static async start(): Promise<TemporaryPostgres> {
    if (!TemporaryPostgres.isAvailable()) {
      throw new Error(
        'PostgreSQL server binaries (initdb, pg_ctl) are not on the PATH; install PostgreSQL or set SCRATCH_DATABASE_URL.',
      );
    }
    const asUser = process.getuid?.() === 0 ? 'postgres' : undefined;
    const dir = mkdtempSync(join(tmpdir(), 'kroger-pg-'));
    chmodSync(dir, 0o755);
    if (asUser) {
      const uid = Number(execFileSync('id', ['-u', asUser]).toString());
      const gid = Number(execFileSync('id', ['-g', asUser]).toString());
      chownSync(dir, uid, gid);
    }
    const port = await freePort();
    const run = (command: string, args: string[]) => {
      const result = asUser
        ? spawnSync('su', [asUser, '-s', '/bin/sh', '-c', [command, ...args.map(quote)].join(' ')])
        : spawnSync(command, args);
      if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr?.toString() ?? ''}`);
    };
    run('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    run('pg_ctl', [
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
    return new TemporaryPostgres(dir, `postgresql://postgres@127.0.0.1:${port}/postgres`, () =>
      run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']),
    );
  }

  stop(): void {
    try {
      if (existsSync(join(this.dir, 'data', 'postmaster.pid'))) this.stopServer();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
