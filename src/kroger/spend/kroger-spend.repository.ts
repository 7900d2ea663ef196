import { Injectable } from '@nestjs/common';
import { Prisma } from '../../../generated/prisma/client';
import { PrismaService } from '../../database/prisma.service';

export type SpendKind = 'user' | 'client' | 'address' | 'anonymous';

export interface SpendKey {
  kind: SpendKind;
  subject: string;
  endpoint: string;
}

export interface SpendRow extends SpendKey {
  userId: string | null;
  count: number;
  windowEnd: Date;
}

export interface SpendTake extends SpendKey {
  userId: string | null;
  cost: number;
  /** false: counted only (Kroger sets no limit for the endpoint). */
  limited: boolean;
  /** The endpoint's spendable daily calls (its limit, less the reserve for reads). */
  budget: number;
  /** Calls this instance has counted in Kroger's current window (the shared row may know more). */
  appUsedHere: number;
  shareBp: number;
  /** A user's share may be overridden by an operator (KrogerSpendShare). */
  overridable: boolean;
  now: Date;
  windowEnd: Date;
}

/** The KrogerSpend and KrogerSpendShare tables: calls charged per subject, shared by every instance. */
@Injectable()
export class KrogerSpendRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Adds `cost` to the subject's window in one statement, only while it stays within the subject's
   * share of what the others left (so concurrent calls on several instances never overshoot). A
   * window that ended restarts. Returns the row as it now stands, or undefined when refused or absent.
   */
  async take(take: SpendTake): Promise<{ count: number; windowEnd: Date } | undefined> {
    const { kind, subject, endpoint, cost, limited, budget, appUsedHere, shareBp, overridable, now, windowEnd } = take;
    // Every term reads the row itself (not a snapshot of it), so a concurrent take on another
    // instance is re-checked against the count it left behind.
    const own = Prisma.sql`(case when s."windowEnd" <= ${now} then 0 else s."count" end)::bigint`;
    const share = overridable
      ? Prisma.sql`coalesce((select o."shareBp" from "KrogerSpendShare" o where o."userId" = s."userId"), ${shareBp}::int)::bigint`
      : Prisma.sql`${shareBp}::bigint`;
    const rows = await this.prisma.$queryRaw<{ count: number; windowEnd: Date }[]>`
      with app as (
        select greatest(${appUsedHere}::bigint, coalesce((
          select q."count" from "QuotaUsage" q where q."endpoint" = ${endpoint} and q."windowEnd" > ${now}
        ), 0))::bigint as used
      )
      update "KrogerSpend" s set
        "count" = ${own} + ${cost}::int,
        "windowStart" = case when s."windowEnd" <= ${now} then ${now} else s."windowStart" end,
        "windowEnd" = case when s."windowEnd" <= ${now} then ${windowEnd} else s."windowEnd" end,
        "updatedAt" = ${now}
      from app
      where s."kind" = ${kind} and s."subject" = ${subject} and s."endpoint" = ${endpoint}
        and (${!limited}::boolean
          or (${own} + ${cost}::int) * 10000 <= ${share} * greatest(0, ${budget}::bigint - greatest(0, app.used - ${own})))
      returning s."count", s."windowEnd"`;
    return rows[0] ? { count: Number(rows[0].count), windowEnd: rows[0].windowEnd } : undefined;
  }

  /** Creates the subject's row with an ended window, so the next take starts one; true if created. */
  async createIfAbsent(key: SpendKey & { userId: string | null; now: Date }): Promise<boolean> {
    const created = await this.prisma.$executeRaw`
      insert into "KrogerSpend" ("kind", "subject", "endpoint", "userId", "count", "windowStart", "windowEnd", "updatedAt")
      values (${key.kind}, ${key.subject}, ${key.endpoint}, ${key.userId}::uuid, 0, ${key.now}, ${key.now}, ${key.now})
      on conflict do nothing`;
    return created > 0;
  }

  /** Gives back a charge when another subject of the same call refused it (same window only). */
  async giveBack(key: SpendKey, cost: number, windowEnd: Date): Promise<void> {
    await this.prisma.$executeRaw`
      update "KrogerSpend" set "count" = greatest(0, "count" - ${cost}::int)
      where "kind" = ${key.kind} and "subject" = ${key.subject} and "endpoint" = ${key.endpoint} and "windowEnd" = ${windowEnd}`;
  }

  find(key: SpendKey): Promise<SpendRow | null> {
    return this.prisma.krogerSpend.findUnique({
      where: { kind_subject_endpoint: key },
      select: { kind: true, subject: true, endpoint: true, userId: true, count: true, windowEnd: true },
    }) as Promise<SpendRow | null>;
  }

  /** A user's rows and those of the clients that acted for them, in windows still open. */
  listOfUser(userId: string, now: Date): Promise<SpendRow[]> {
    return this.prisma.krogerSpend.findMany({
      where: { userId, windowEnd: { gt: now } },
      select: { kind: true, subject: true, endpoint: true, userId: true, count: true, windowEnd: true },
      orderBy: [{ kind: 'asc' }, { subject: 'asc' }, { endpoint: 'asc' }],
    }) as Promise<SpendRow[]>;
  }

  /** The biggest spenders of one kind in windows still open. */
  async listTop(kind: SpendKind, limit: number, now: Date): Promise<SpendRow[]> {
    return (await this.pageTop(kind, 0, limit, now)).rows;
  }

  /** Biggest spenders first, one page, and how many rows there are in open windows. */
  async pageTop(kind: SpendKind, skip: number, take: number, now: Date): Promise<{ rows: SpendRow[]; total: number }> {
    const where = { kind, windowEnd: { gt: now }, count: { gt: 0 } };
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.krogerSpend.findMany({
        where,
        select: { kind: true, subject: true, endpoint: true, userId: true, count: true, windowEnd: true },
        orderBy: [{ count: 'desc' }, { subject: 'asc' }, { endpoint: 'asc' }],
        skip,
        take,
      }),
      this.prisma.krogerSpend.count({ where }),
    ]);
    return { rows: rows as SpendRow[], total };
  }

  async findShare(userId: string): Promise<number | undefined> {
    const row = await this.prisma.krogerSpendShare.findUnique({ where: { userId }, select: { shareBp: true } });
    return row?.shareBp;
  }

  /** Sets a user's share; false when no such user exists. */
  async saveShare(userId: string, shareBp: number, now: Date): Promise<boolean> {
    const saved = await this.prisma.$executeRaw`
      insert into "KrogerSpendShare" ("userId", "shareBp", "updatedAt")
      select u."id", ${shareBp}::int, ${now} from "User" u where u."id" = ${userId}::uuid
      on conflict ("userId") do update set "shareBp" = excluded."shareBp", "updatedAt" = excluded."updatedAt"`;
    return saved > 0;
  }

  async deleteShare(userId: string): Promise<boolean> {
    return (await this.prisma.krogerSpendShare.deleteMany({ where: { userId } })).count > 0;
  }
}
