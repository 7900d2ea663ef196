import { TemporaryPostgres } from '../../src/database/temporary-postgres';

/**
 * Several instances (or processes) on one database need a real PostgreSQL: PGlite serves one
 * process. CI provides one (TEST_DATABASE_URL) or the local binaries start one; elsewhere skip.
 */
export const describeWithPostgres =
  Boolean(process.env.TEST_DATABASE_URL) || TemporaryPostgres.isAvailable() ? describe : describe.skip;

/** Points TEST_DATABASE_URL at a real PostgreSQL for this file; returns how to undo it. */
export async function useRealPostgres(): Promise<() => void> {
  if (process.env.TEST_DATABASE_URL) return () => undefined;
  const server = await TemporaryPostgres.start();
  process.env.TEST_DATABASE_URL = server.url;
  return () => {
    delete process.env.TEST_DATABASE_URL;
    server.stop();
  };
}
