import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';
import { Client, Pool, PoolClient, QueryResult } from 'pg';

/**
 * Prisma's own schema engine, compiled to WebAssembly, so migrations run with no native binary and
 * no internet. It reads `prisma/migrations` in Prisma's format and keeps Prisma's
 * `_prisma_migrations` table, so `prisma migrate deploy` elsewhere agrees with what ran here.
 */

export const PRISMA_DIR = join(PROJECT_ROOT, 'prisma');
const MIGRATIONS_DIR = join(PRISMA_DIR, 'migrations');
const SCHEMA_FILE = join(PRISMA_DIR, 'schema.prisma');

/** The subset of the engine's generated API used here. */
interface SchemaEngine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}
interface SchemaEngineModule {
  SchemaEngine: { new: (options: unknown, log: (line: string) => void, adapter: object) => Promise<SchemaEngine> };
  __wbg_set_wasm(exports: object): void;
}

/** Node's global WebAssembly; @types/node leaves it to the DOM library, which this project does not load. */
declare const WebAssembly: {
  instantiate(bytes: Buffer, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

let engineModule: Promise<SchemaEngineModule> | undefined;
let lastPanic: string | undefined;

/** Instantiates the .wasm ourselves: Node 20 cannot import it as an ES module without a flag. */
function loadEngineModule(): Promise<SchemaEngineModule> {
  engineModule ??= (async () => {
    // The engine reports a Rust panic's message here before throwing.
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (message: string) => {
        lastPanic = message;
      },
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const glue = require('@prisma/schema-engine-wasm/schema_engine_bg') as SchemaEngineModule;
    const wasmPath = join(
      dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    );
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
      './schema_engine_bg.js': glue as never,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return engineModule;
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

export function readSchema(): string {
  return readFileSync(SCHEMA_FILE, 'utf8');
}

export function listMigrationNames(): string[] {
  if (!existsSync(MIGRATIONS_DIR)) return [];
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(MIGRATIONS_DIR, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort();
}

function migrationList() {
  const lockPath = join(MIGRATIONS_DIR, 'migration_lock.toml');
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: listMigrationNames().map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * A pool for the engine's catalog queries. Those return PostgreSQL's internal one-byte "char"
 * type (e.g. pg_class.relkind), which @prisma/adapter-pg 7.10 refuses as an unsupported column
 * type; pg already hands the values over as strings, so they are reported as text.
 */
function catalogFriendlyPool(connectionString: string): Pool {
  const pool = new Pool({ connectionString, max: 1 });
  const asText = (result: QueryResult | QueryResult[] | undefined) => {
    for (const one of Array.isArray(result) ? result : [result]) {
      for (const field of one?.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
  pool.on('connect', (client: PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const last = args.at(-1);
      // pool.query() passes a callback; the adapter's own client calls use the promise.
      if (typeof last === 'function') {
        return query(...args.slice(0, -1), (error: unknown, result: QueryResult) =>
          (last as (e: unknown, r: unknown) => void)(error, asText(result)),
        );
      }
      return (query(...args) as Promise<QueryResult>).then(asText);
    };
  });
  return pool;
}

async function withEngine<T>(connectionString: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const pool = catalogFriendlyPool(connectionString);
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', readSchema()]] }, () => undefined, adapter);
  try {
    return await work(engine);
  } catch (error) {
    if (lastPanic) throw new Error(`Prisma schema engine panicked: ${lastPanic}`, { cause: error });
    throw error;
  } finally {
    lastPanic = undefined;
    engine.free();
    await pool.end();
  }
}

/**
 * Applies every migration not yet applied; returns the names it applied. The engine (WebAssembly,
 * about 0.2 s to load and start) only comes in when there is something for it to do: a migration
 * to apply, or a failed one for it to report.
 */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const status = await migrationStatus(connectionString);
  if (status.pending.length === 0 && status.failed.length === 0) return [];
  return withEngine(connectionString, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList: migrationList(), filters: NO_FILTERS });
    return result.appliedMigrationNames;
  });
}

/**
 * SQL that takes a database holding every migration to what schema.prisma describes;
 * empty when they agree.
 */
export function diffDatabaseToSchema(migratedDatabaseUrl: string): Promise<string> {
  return withEngine(migratedDatabaseUrl, async (engine) => {
    const result = await engine.diff({
      // The engine introspects the live database through the adapter it was built with. (The
      // `migrations` source would need a shadow database, which PGlite cannot provide.)
      from: { tag: 'schemaDatasource', files: [{ path: SCHEMA_FILE, content: readSchema() }], configDir: PRISMA_DIR },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_FILE, content: readSchema() }] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return result.exitCode === 2 ? (result.stdout ?? '') : '';
  });
}

interface MigrationStatus {
  pending: string[];
  /** Started and neither finished nor rolled back: `migrate deploy` refuses to go on (P3009). */
  failed: string[];
}

/** Compares the folder with Prisma's bookkeeping table. */
async function migrationStatus(connectionString: string): Promise<MigrationStatus> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const exists = await client.query<{ present: boolean }>(
      `select to_regclass('public._prisma_migrations') is not null as present`,
    );
    const rows = exists.rows[0]?.present
      ? (
          await client.query<{ migration_name: string; finished: boolean }>(
            `select migration_name, finished_at is not null as finished
               from _prisma_migrations where rolled_back_at is null`,
          )
        ).rows
      : [];
    const applied = new Set(rows.filter((row) => row.finished).map((row) => row.migration_name));
    return {
      pending: listMigrationNames().filter((name) => !applied.has(name)),
      failed: rows.filter((row) => !row.finished).map((row) => row.migration_name),
    };
  } finally {
    await client.end();
  }
}
