import { OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';
import { DatabaseConnection } from './database-connection';

/**
 * The Prisma client for the whole service. Closed after the HTTP server has drained
 * (application shutdown, not module destroy), so in-flight requests can still write.
 */
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(readonly connection: DatabaseConnection) {
    super({
      adapter: new PrismaPg({
        connectionString: connection.url,
        max: connection.poolSize,
        connectionTimeoutMillis: connection.poolTimeoutMs,
      }),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    await this.connection.embedded?.stop();
  }
}
