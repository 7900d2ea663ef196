import { Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EmbeddedPostgres } from './embedded-postgres';
import { applyMigrations } from './migrator';

/** Where the database is, and the embedded server behind it when there is one. */
export interface DatabaseConnection {
  url: string;
  kind: 'postgresql' | 'pglite';
  poolSize: number;
  poolTimeoutMs: number;
  embedded?: EmbeddedPostgres;
}

const logger = new Logger('Database');

/** DATABASE_URL when set; otherwise PGlite in PGLITE_DATA_DIR. Applies migrations unless switched off. */
export async function openDatabase(config: AppConfig['database']): Promise<DatabaseConnection> {
  let connection: DatabaseConnection;
  if (config.url) {
    connection = {
      url: config.url,
      kind: 'postgresql',
      poolSize: config.poolSize,
      poolTimeoutMs: config.poolTimeoutMs,
    };
  } else {
    const embedded = await EmbeddedPostgres.start(config.pgliteDataDir);
    logger.log(`Embedded PostgreSQL (PGlite) in ${config.pgliteDataDir}; set DATABASE_URL to use a PostgreSQL server`);
    connection = { url: embedded.url, kind: 'pglite', poolSize: 1, poolTimeoutMs: config.poolTimeoutMs, embedded };
  }
  if (config.migrateOnStart) {
    try {
      const applied = await applyMigrations(connection.url);
      if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);
    } catch (error) {
      await connection.embedded?.stop();
      throw error;
    }
  }
  return connection;
}
