import { Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from './config/app-config';
import { readEnvironment } from './config/environment';
import { loadConfig } from './config/load-config';
import { redactString } from './common/logging/redact';
import { startMemoryReducerHeartbeat } from './common/memory-reducer-heartbeat';
import { EmbeddedPostgres } from './database/embedded-postgres';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  startMemoryReducerHeartbeat();
  // The embedded database boots on its own thread while this one loads the service's modules (each
  // takes about a second): only the imports above (configuration, the embedded database and Nest's
  // common package) come before it.
  const loaded = loadConfig(readEnvironment());
  const { database } = loaded.config;
  if (!database.url) EmbeddedPostgres.startAhead(database.pgliteDataDir);
  const { createApp } = await import('./bootstrap.js');
  const { app, config } = await createApp({ loaded });
  await app.listen(config.http.port, config.http.host);
  const logger = new Logger('Main');
  const server = app.getHttpServer() as Server;
  const { address, port } = server.address() as AddressInfo;
  logger.log(`Listening on http://${address}:${port} as ${config.http.publicBaseUrl} (API docs at /docs)`);

  let stopping = false;
  const shutDown = (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${reason}: draining in-flight requests, then closing the database`);
    // Stop accepting, let requests finish, close the database; give up after the grace period.
    setTimeout(() => {
      logger.error(`Shutdown took longer than ${SHUTDOWN_GRACE_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  const stop = (signal: NodeJS.Signals) => shutDown(signal, 0);
  // Its port is gone with it and no request can reach the data: exit non-zero so a supervisor restarts us.
  EmbeddedPostgres.whenLost(() => shutDown('The embedded database stopped', 1));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch(async (error: unknown) => {
  // A database started ahead may be initialising a new folder: let it finish and close cleanly.
  await EmbeddedPostgres.stopStartedAhead();
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Start-up failed: ${redactString(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
    );
  }
  process.exit(1);
});
