/**
 * Database commands, run through npm scripts:
 *   db:migrate               apply pending migrations (DATABASE_URL, or the embedded database)
 *   db:migration -- <name>   write the next migration from schema.prisma's changes
 *   db:check                 fail when schema.prisma and the migrations disagree
 * The last two need an empty scratch PostgreSQL: SCRATCH_DATABASE_URL, or one started from the
 * local PostgreSQL binaries.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEnvironment } from '../config/environment';
import { loadConfig } from '../config/load-config';
import { EmbeddedPostgres } from './embedded-postgres';
import { applyMigrations, diffDatabaseToSchema, PRISMA_DIR } from './migrator';
import { TemporaryPostgres } from './temporary-postgres';

/**
 * A scratch PostgreSQL holding every migration: what the migrations describe. A real server,
 * because the schema engine cannot introspect PGlite's PostgreSQL 18 catalogs.
 */
async function withMigratedScratchDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const given = readEnvironment().SCRATCH_DATABASE_URL;
  const server = given ? undefined : await TemporaryPostgres.start();
  try {
    const url = given ?? server!.url;
    await applyMigrations(url);
    return await work(url);
  } finally {
    server?.stop();
  }
}

function timestamp(): string {
  return new Date().toISOString().replace(/\D/g, '').slice(0, 14);
}

async function migrate(): Promise<void> {
  const { database } = loadConfig(readEnvironment()).config;
  const embedded = database.url ? undefined : await EmbeddedPostgres.start(database.pgliteDataDir);
  try {
    const applied = await applyMigrations(database.url ?? embedded!.url);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  } finally {
    await embedded?.stop();
  }
}

async function createMigration(name: string | undefined): Promise<void> {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('Usage: npm run db:migration -- <name>  (lower-case letters, digits and underscores)');
  }
  const sql = await withMigratedScratchDatabase(diffDatabaseToSchema);
  if (!sql.trim()) {
    console.log('schema.prisma and the migrations agree: nothing to write.');
    return;
  }
  const dir = join(PRISMA_DIR, 'migrations', `${timestamp()}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), sql);
  console.log(`Wrote ${dir}/migration.sql`);
}

async function check(): Promise<void> {
  const sql = await withMigratedScratchDatabase(diffDatabaseToSchema);
  if (sql.trim()) {
    console.error('schema.prisma and prisma/migrations disagree. Run `npm run db:migration -- <name>`. Missing SQL:\n');
    console.error(sql);
    process.exitCode = 1;
    return;
  }
  console.log('schema.prisma and prisma/migrations agree.');
}

const [command, argument] = process.argv.slice(2);
const commands: Record<string, () => Promise<void>> = {
  migrate,
  migration: () => createMigration(argument),
  check,
};
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(`Unknown command "${command ?? ''}". Use one of: ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
run().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
