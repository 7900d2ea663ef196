import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface LinkStatusCount {
  status: string;
  count: number;
  /** The earliest access-token expiry among this status's links used in the last day. */
  oldestExpiry: Date | null;
}

/** The database reads behind the global gauges: one grouped query per scrape (cached by the caller). */
@Injectable()
export class MetricsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Links per status, and for each the earliest token expiry among links in use (refresh-job lag). */
  linkStatusCounts(usedSince: Date): Promise<LinkStatusCount[]> {
    return this.prisma.$queryRaw<LinkStatusCount[]>`
      select "status"::text as "status", count(*)::int as "count",
             min("accessTokenExpiresAt") filter (where "lastUsedAt" > ${usedSince}) as "oldestExpiry"
      from "KrogerLink" group by "status"`;
  }
}
