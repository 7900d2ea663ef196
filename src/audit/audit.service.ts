import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';

/** What happened, in dotted form: `link.created`, `session.revoked`, `link.refresh_failed`. */
export type AuditEventType = string;

export interface AuditRecord {
  id: string;
  type: AuditEventType;
  userId: string | null;
  detail: Record<string, unknown>;
  requestId: string | null;
  createdAt: Date;
}

export interface AuditQuery {
  limit: number;
  type?: string;
  userId?: string;
  /** Only events older than this id (cursor for paging backwards in time). */
  before?: string;
}

/** The append-only audit trail. Never stores secrets: callers pass ids and outcomes only. */
@Injectable()
export class AuditService {
  constructor(private readonly prisma: PrismaService) {}

  async record(
    type: AuditEventType,
    input: { userId?: string | null; detail?: Record<string, unknown>; requestId?: string | null },
    tx: Prisma.TransactionClient = this.prisma,
  ): Promise<void> {
    await tx.auditEvent.create({
      data: {
        type,
        userId: input.userId ?? null,
        detail: (input.detail ?? {}) as Prisma.InputJsonObject,
        requestId: input.requestId ?? null,
      },
    });
  }

  async list(query: AuditQuery): Promise<AuditRecord[]> {
    const rows = await this.prisma.auditEvent.findMany({
      where: {
        type: query.type,
        userId: query.userId,
        id: query.before ? { lt: BigInt(query.before) } : undefined,
      },
      orderBy: { id: 'desc' },
      take: query.limit,
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
}
