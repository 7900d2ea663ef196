import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';

/** The embedded database (PGlite in a thread of its own) that a fresh checkout runs on. */
describe('Embedded PostgreSQL', () => {
  let dataDir: string;
  let running: EmbeddedPostgres[];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kroger-embedded-'));
    running = [];
  });

  afterEach(async () => {
    await Promise.all(running.map((db) => db.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(dir = dataDir): Promise<EmbeddedPostgres> {
    const db = await EmbeddedPostgres.start(dir);
    running.push(db);
    return db;
  }

  async function withClient<T>(db: EmbeddedPostgres, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  it('keeps what was written across a stop and a new start on the same folder', async () => {
    const first = await start();
    await withClient(first, async (client) => {
      await client.query('create table kept (note text)');
      await client.query(`insert into kept values ('written before the stop')`);
    });
    await first.stop();

    const second = await start();
    const rows = await withClient(second, (client) => client.query<{ note: string }>('select note from kept'));
    expect(rows.rows).toEqual([{ note: 'written before the stop' }]);
  });

  it('stops, and frees the folder, when asked twice or after its thread died, which it reports', async () => {
    const db = await start();
    await Promise.all([db.stop(), db.stop()]);
    const again = await start();
    const lost = jest.fn();
    const forget = EmbeddedPostgres.whenLost(lost);
    try {
      // What a crash inside PGlite's thread would leave: the thread gone, stop() still to be called.
      await (again as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      await again.stop();
    } finally {
      forget();
    }
    // main.ts shuts the service down (exit 1) on this, so a supervisor restarts it.
    expect(lost).toHaveBeenCalledTimes(1);
    expect(existsSync(join(dataDir, 'embedded.lock'))).toBe(false);
  });

  it('refuses a folder another living process holds, naming that process', async () => {
    // Jest's parent process is alive and is not this one.
    writeFileSync(join(dataDir, 'embedded.lock'), String(process.ppid));
    await expect(EmbeddedPostgres.start(dataDir)).rejects.toThrow(`in use by process ${process.ppid}`);
  });

  it('reports a folder PostgreSQL cannot start on, and leaves it free for the next attempt', async () => {
    // A data directory from a major version this PostgreSQL cannot read.
    mkdirSync(join(dataDir, 'pgdata'));
    writeFileSync(join(dataDir, 'pgdata', 'PG_VERSION'), '9\n');
    await expect(EmbeddedPostgres.start(dataDir)).rejects.toThrow('PGlite failed to initialize');
    expect(existsSync(join(dataDir, 'embedded.lock'))).toBe(false);

    rmSync(join(dataDir, 'pgdata'), { recursive: true });
    const db = await start();
    const rows = await withClient(db, (client) => client.query<{ one: number }>('select 1 as one'));
    expect(rows.rows).toEqual([{ one: 1 }]);
  });

  it('runs statements off the main thread: timers here keep firing while a long query runs', async () => {
    const db = await start();
    await withClient(db, async (client) => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      try {
        // Long enough (hundreds of ms of WebAssembly) for a blocked event loop to show.
        const during = client.query('select count(*) from generate_series(1, 5000000)').then(() => ticks);
        expect(await during).toBeGreaterThanOrEqual(5);
      } finally {
        clearInterval(timer);
      }
    });
  });
});
