import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';

/** One stored event, as streams send it. `id` is a decimal string (a bigint on the wire). */
export interface StoredAccountEvent {
  id: string;
  type: string;
  data: unknown;
  createdAt: Date;
}

/** The first key of the two-key advisory locks this table takes (one per user: the second key). */
const APPEND_LOCK_NAMESPACE = 0x5e7e;

/** The AccountEvent log and its per-user purge watermarks. */
@Injectable()
export class AccountEventRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Appends one event. The per-user advisory lock, held until commit, makes one user's ids rise in
   * commit order, so a reader that has seen id N never finds a smaller id of that user appear later.
   */
  append(userId: string, type: string, data: Record<string, unknown>): Promise<string> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${APPEND_LOCK_NAMESPACE}::int, hashtext(${userId}))`;
      const row = await tx.accountEvent.create({
        data: { userId, type, data: data as Prisma.InputJsonObject },
        select: { id: true },
      });
      return row.id.toString();
    });
  }

  /** The user's events after `afterId`, oldest first. */
  async listAfter(userId: string, afterId: bigint, limit: number): Promise<StoredAccountEvent[]> {
    const rows = await this.prisma.accountEvent.findMany({
      where: { userId, id: { gt: afterId } },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true, type: true, data: true, createdAt: true },
    });
    return rows.map((row) => ({ ...row, id: row.id.toString() }));
  }

  /** Where a stream that asks for nothing older starts: the user's newest id, stored or purged (0: none). */
  async resumePointOf(userId: string): Promise<{ latestId: bigint; purgedThroughId: bigint }> {
    const [latest, purge] = await Promise.all([
      this.prisma.accountEvent.aggregate({ where: { userId }, _max: { id: true } }),
      this.prisma.accountEventPurge.findUnique({ where: { userId }, select: { purgedThroughId: true } }),
    ]);
    return { latestId: latest._max.id ?? 0n, purgedThroughId: purge?.purgedThroughId ?? 0n };
  }

  /** Deletes up to `limit` events created before `cutoff`; returns how many. */
  purgeOlderThan(cutoff: Date, limit: number): Promise<number> {
    return this.purge(Prisma.sql`
      select "id" from "AccountEvent" where "createdAt" < ${cutoff}
      order by "id" limit ${limit} for update skip locked`);
  }

  /** Deletes up to `limit` events beyond each user's newest `keep`; returns how many. */
  purgeBeyondNewest(keep: number, limit: number): Promise<number> {
    return this.purge(Prisma.sql`
      select "id" from "AccountEvent" where "id" in (
        select "id" from (
          select "id", row_number() over (partition by "userId" order by "id" desc) as "rank" from "AccountEvent"
        ) ranked where "rank" > ${keep} limit ${limit}
      ) for update skip locked`);
  }

  /** Sends a PostgreSQL notification (delivered to every listening connection once this commits). */
  async notify(channel: string, payload: string): Promise<void> {
    await this.prisma.$executeRaw`select pg_notify(${channel}, ${payload})`;
  }

  /**
   * Deletes the chosen rows and raises each user's watermark to the newest id deleted, in one
   * statement; rows another instance is deleting are skipped, so several instances can run it.
   */
  private async purge(doomed: Prisma.Sql): Promise<number> {
    const [result] = await this.prisma.$queryRaw<{ deleted: number }[]>`
      with "doomed" as (${doomed}),
      "deleted" as (
        delete from "AccountEvent" e using "doomed" d where e."id" = d."id" returning e."userId", e."id"
      ),
      "marked" as (
        insert into "AccountEventPurge" ("userId", "purgedThroughId")
        select "userId", max("id") from "deleted" group by "userId"
        on conflict ("userId") do update
          set "purgedThroughId" = greatest("AccountEventPurge"."purgedThroughId", excluded."purgedThroughId")
        returning 1
      )
      select count(*)::int as "deleted" from "deleted"`;
    return result?.deleted ?? 0;
  }
}
