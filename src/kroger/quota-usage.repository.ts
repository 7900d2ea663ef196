import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

/** Calls counted for one Kroger endpoint in its current daily window. */
export interface QuotaUsage {
  endpoint: string;
  count: number;
  windowEnd: Date;
  exhaustedUntil: Date | null;
}

/** The QuotaUsage table: one row per Kroger API and endpoint, shared by every instance. */
@Injectable()
export class QuotaUsageRepository {
  constructor(private readonly prisma: PrismaService) {}

  findAll(): Promise<QuotaUsage[]> {
    return this.prisma.quotaUsage.findMany({
      select: { endpoint: true, count: true, windowEnd: true, exhaustedUntil: true },
    });
  }

  /**
   * Adds `calls` to the endpoint's window in one statement, so instances flushing at once never
   * lose a count; a window that ended by `now` restarts as [now, windowEnd). Exhaustion only ever
   * moves later. Returns the shared row as it now stands.
   */
  async addCalls(usage: {
    api: string;
    endpoint: string;
    calls: number;
    exhaustedUntil: Date | null;
    now: Date;
    windowEnd: Date;
  }): Promise<Omit<QuotaUsage, 'endpoint'>> {
    const { api, endpoint, calls, exhaustedUntil, now, windowEnd } = usage;
    const [row] = await this.prisma.$queryRaw<Omit<QuotaUsage, 'endpoint'>[]>`
      insert into "QuotaUsage" ("api", "endpoint", "windowStart", "windowEnd", "count", "exhaustedUntil", "updatedAt")
      values (${api}, ${endpoint}, ${now}, ${windowEnd}, ${calls}, ${exhaustedUntil}, ${now})
      on conflict ("api", "endpoint") do update set
        "count" = case when "QuotaUsage"."windowEnd" <= ${now} then excluded."count" else "QuotaUsage"."count" + excluded."count" end,
        "windowStart" = case when "QuotaUsage"."windowEnd" <= ${now} then excluded."windowStart" else "QuotaUsage"."windowStart" end,
        "windowEnd" = case when "QuotaUsage"."windowEnd" <= ${now} then excluded."windowEnd" else "QuotaUsage"."windowEnd" end,
        "exhaustedUntil" = greatest("QuotaUsage"."exhaustedUntil", excluded."exhaustedUntil"),
        "updatedAt" = excluded."updatedAt"
      returning "count", "windowEnd", "exhaustedUntil"`;
    return { ...row, count: Number(row.count) };
  }
}
