import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';
import { clientOf, Transaction } from '../database/unit-of-work';

export interface AuditEvent {
  id: string;
  type: string;
  userId: string | null;
  detail: Record<string, unknown>;
  requestId: string | null;
  createdAt: Date;
}

export interface NewAuditEvent {
  type: string;
  userId: string | null;
  detail: Record<string, unknown>;
  requestId: string | null;
}

export interface AuditEventFilter {
  limit: number;
  type?: string;
  userId?: string;
  /** Only events with a smaller id (older). */
  before?: string;
}

/** The AuditEvent table: appended to, read newest first. Ids are bigints, handed out as strings. */
@Injectable()
export class AuditEventRepository {
  constructor(private readonly prisma: PrismaService) {}

  async append(event: NewAuditEvent, tx?: Transaction): Promise<void> {
    await clientOf(this.prisma, tx).auditEvent.create({
      data: { ...event, detail: event.detail as Prisma.InputJsonObject },
    });
  }

  async listNewestFirst(filter: AuditEventFilter): Promise<AuditEvent[]> {
    const rows = await this.prisma.auditEvent.findMany({
      where: {
        type: filter.type,
        userId: filter.userId,
        id: filter.before ? { lt: BigInt(filter.before) } : undefined,
      },
      orderBy: { id: 'desc' },
      take: filter.limit,
    });
    return rows.map((row) => ({
      id: row.id.toString(),
      type: row.type,
      userId: row.userId,
      detail: row.detail as Record<string, unknown>,
      requestId: row.requestId,
      createdAt: row.createdAt,
    }));
  }

  /** Deletes up to `limit` of the oldest events created before `before` (ids grow with time). */
  async deleteOlderThan(before: Date, limit: number): Promise<number> {
    return this.prisma.$executeRaw`
      delete from "AuditEvent" where "id" in (
        select "id" from "AuditEvent" where "createdAt" < ${before}
        order by "id" limit ${limit}
        for update skip locked)`;
  }
}
