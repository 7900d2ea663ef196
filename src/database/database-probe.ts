import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from './database-connection';
import { PrismaService } from './prisma.service';

/** What readiness asks of the database, over the service's own pool (a new connection could still succeed). */
@Injectable()
export class DatabaseProbe {
  constructor(private readonly prisma: PrismaService) {}

  get kind(): DatabaseConnection['kind'] {
    return this.prisma.connection.kind;
  }

  async ping(): Promise<void> {
    await this.prisma.$queryRaw`select 1`;
  }

  /** Migrations Prisma's bookkeeping table records as finished and not rolled back. */
  async appliedMigrations(): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ migration_name: string }[]>`
      select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null`;
    return rows.map((row) => row.migration_name);
  }
}
