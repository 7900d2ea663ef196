import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import { applyMigrations, listMigrationNames } from '../src/database/migrator';
import { adminQuery, TestDatabase } from './support/test-app';

/**
 * Every start applies pending migrations. On an up-to-date database that must cost no more than
 * reading Prisma's bookkeeping table, and it must still refuse what `prisma migrate deploy` refuses.
 */
describe('Migrations at start-up', () => {
  let database: TestDatabase;
  let embedded: EmbeddedPostgres | undefined;
  let url: string;

  beforeEach(async () => {
    database = await TestDatabase.create();
    embedded = database.env.DATABASE_URL ? undefined : await EmbeddedPostgres.start(database.env.PGLITE_DATA_DIR!);
    url = database.env.DATABASE_URL ?? embedded!.url;
    await applyMigrations(url);
  });

  afterEach(async () => {
    await embedded?.stop();
    await database.drop();
  });

  it('leaves the schema engine unloaded when every migration is applied', async () => {
    const engineLoaded = jest.fn();
    await jest.isolateModulesAsync(async () => {
      jest.doMock('@prisma/schema-engine-wasm/schema_engine_bg', () => {
        engineLoaded();
        throw new Error('the schema engine was loaded');
      });
      const isolated = await import('../src/database/migrator');
      await expect(isolated.applyMigrations(url)).resolves.toEqual([]);
    });
    jest.dontMock('@prisma/schema-engine-wasm/schema_engine_bg');
    expect(engineLoaded).not.toHaveBeenCalled();
  });

  it('hands a database whose migration failed half-way to the engine, which refuses to go on', async () => {
    const last = listMigrationNames().at(-1)!;
    // What a crash in the middle of `migrate deploy` leaves: started, never finished.
    await adminQuery(url, `update _prisma_migrations set finished_at = null where migration_name = '${last}'`);
    await expect(applyMigrations(url)).rejects.toThrow(/failed migrations|P3009/i);
  });
});
