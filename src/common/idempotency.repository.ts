import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';

/** A write's first answer, stored under the user's Idempotency-Key. */
export interface IdempotencyRecord {
  requestHash: string;
  /** Null while the first request is still being processed. */
  completedAt: Date | null;
  responseStatus: number | null;
  responseBody: unknown;
}

/** The IdempotencyRecord table, keyed by user and Idempotency-Key. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Claims the key with an unfinished record; false when the user already used it (unique key) and
   * it has not expired. An expired record is forgotten, so the key starts afresh.
   */
  async start(record: { userId: string; key: string; requestHash: string; expiresAt: Date }): Promise<boolean> {
    if (await this.create(record)) return true;
    const expired = await this.prisma.idempotencyRecord.deleteMany({
      where: { userId: record.userId, key: record.key, expiresAt: { lte: new Date() } },
    });
    return expired.count > 0 && this.create(record);
  }

  private async create(record: { userId: string; key: string; requestHash: string; expiresAt: Date }) {
    try {
      await this.prisma.idempotencyRecord.create({ data: record });
      return true;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return false;
      throw error;
    }
  }

  /** Rejects with Prisma's not-found error (answered as 404) when the record is gone. */
  get(userId: string, key: string): Promise<IdempotencyRecord> {
    return this.prisma.idempotencyRecord.findUniqueOrThrow({
      where: { userId_key: { userId, key } },
      select: { requestHash: true, completedAt: true, responseStatus: true, responseBody: true },
    });
  }

  async complete(userId: string, key: string, response: { status: number; body: unknown }): Promise<void> {
    await this.prisma.idempotencyRecord.update({
      where: { userId_key: { userId, key } },
      data: {
        completedAt: new Date(),
        responseStatus: response.status,
        responseBody: response.body ?? Prisma.JsonNull,
      },
    });
  }

  async delete(userId: string, key: string): Promise<void> {
    await this.prisma.idempotencyRecord.delete({ where: { userId_key: { userId, key } } });
  }

  /** Deletes up to `limit` records past their expiry; rows another instance is deleting are skipped. */
  async deleteExpired(now: Date, limit: number): Promise<number> {
    return this.prisma.$executeRaw`
      delete from "IdempotencyRecord" where ("userId", "key") in (
        select "userId", "key" from "IdempotencyRecord" where "expiresAt" < ${now}
        limit ${limit}
        for update skip locked)`;
  }
}
