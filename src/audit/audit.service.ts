import { Injectable } from '@nestjs/common';
import { inBatches } from '../database/in-batches';
import { Transaction } from '../database/unit-of-work';
import { AuditEventRepository } from './audit-event.repository';

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
  constructor(private readonly events: AuditEventRepository) {}

  /** `tx`: record inside the caller's transaction, so the event commits (or not) with the change. */
  async record(
    type: AuditEventType,
    input: { userId?: string | null; detail?: Record<string, unknown>; requestId?: string | null },
    tx?: Transaction,
  ): Promise<void> {
    await this.events.append(
      { type, userId: input.userId ?? null, detail: input.detail ?? {}, requestId: input.requestId ?? null },
      tx,
    );
  }

  list(query: AuditQuery): Promise<AuditRecord[]> {
    return this.events.listNewestFirst(query);
  }

  /** Deletes events older than `before` in batches of `batchSize`; how many went. */
  purgeOlderThan(before: Date, batchSize = 1000): Promise<number> {
    return inBatches(batchSize, (limit) => this.events.deleteOlderThan(before, limit));
  }
}
