import { OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { ClientBase, Pool } from 'pg';
import { PrismaClient } from '../../generated/prisma/client';
import { DatabaseConnection } from './database-connection';

/**
 * The Prisma client for the whole service. Closed after the HTTP server has drained
 * (application shutdown, not module destroy), so in-flight requests can still write.
 */
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(readonly connection: DatabaseConnection) {
    super({ adapter: new PrismaPg(utcPool(connection), { disposeExternalPool: true }) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    await this.connection.embedded?.stop();
  }
}

/**
 * The pool, each connection set to UTC before it is first handed out. Prisma keeps DateTime as UTC
 * wall time in timestamp columns, and the raw statements compare them with now() (token and state
 * expiry, refresh leases) or write now() into them: in a server's other default time zone (set on the
 * server, the database or the role), a sign-in link would expire hours early and revocations be
 * stamped hours off. A session setting, so it holds whatever the server's or URL's defaults.
 */
function utcPool(connection: DatabaseConnection): Pool {
  return new Pool({
    connectionString: connection.url,
    max: connection.poolSize,
    connectionTimeoutMillis: connection.poolTimeoutMs,
    // pg-pool awaits onConnect before the connection serves any query; if it fails, the connection is
    // closed and the checkout fails, rather than serving statements in the server's zone. An option,
    // not a 'connect' listener: the adapter rebuilds the pool from these options when Prisma reconnects.
    // @types/pg types the hook as returning void; pg-pool 3.14 awaits the promise (node-postgres#3620).
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    onConnect: async (client: ClientBase) => {
      await client.query("set time zone 'UTC'");
    },
  });
}
