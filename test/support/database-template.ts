import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { applyMigrations, listMigrationNames, PRISMA_DIR } from '../../src/database/migrator';

/**
 * A PGlite data folder with every migration applied, made once per set of migrations and copied
 * for each test app: copying takes a fraction of a second, a fresh initdb several seconds.
 */
export function templateDir(): string {
  const hash = createHash('sha256');
  for (const name of listMigrationNames())
    hash.update(name).update(readFileSync(join(PRISMA_DIR, 'migrations', name, 'migration.sql')));
  return join(tmpdir(), `kroger-e2e-template-${hash.digest('hex').slice(0, 16)}`);
}

export async function ensureTemplate(): Promise<string> {
  const dir = templateDir();
  if (existsSync(join(dir, 'pgdata'))) return dir;
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const db = await EmbeddedPostgres.start(building);
  try {
    await applyMigrations(db.url);
  } finally {
    await db.stop();
  }
  rmSync(join(building, 'embedded.lock'), { force: true });
  if (!existsSync(dir)) renameSync(building, dir);
  else rmSync(building, { recursive: true, force: true });
  return dir;
}
