/**
 * The thread PGlite runs in (see embedded-postgres.ts): PostgreSQL compiled to WebAssembly, served
 * on a loopback port by pglite-socket. A plain ES module with no imports of ours, so Node runs it
 * as it is: compiled (.mjs) from dist/, type-stripped (.mts) under Jest.
 *
 * Messages: it posts { address } once serving; it stops (socket first, then a clean PGlite
 * shutdown that leaves everything written on disk) when the main thread posts 'stop'.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { parentPort, workerData } from 'node:worker_threads';

interface EmbeddedPostgresWorkerData {
  pgdata: string;
  maxConnections: number;
}

const { pgdata, maxConnections } = workerData as EmbeddedPostgresWorkerData;
const db = await PGlite.create({ dataDir: pgdata });
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
await server.start();

parentPort!.once('message', () => {
  // PGlite is closed even if the socket fails to stop: that is what puts everything on disk. A
  // failure of either ends the thread with an error, which the main thread logs.
  void server
    .stop()
    .finally(() => db.close())
    .finally(() => parentPort!.close());
});
parentPort!.postMessage({ address: server.getServerConn() });
