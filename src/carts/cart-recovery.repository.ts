import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { clientOf, Transaction } from '../database/unit-of-work';
import { CartLedgerEntry } from './cart-ledger.repository';

/** A ledger line a crash left SENT, now UNKNOWN. */
export interface InterruptedLine {
  id: string;
  userId: string;
  upc: string;
  quantity: number;
  idempotencyKey: string | null;
}

/**
 * The crash-recovery queries over the cart ledger and the Idempotency-Keys of cart adds (their only
 * user). Claims use FOR UPDATE SKIP LOCKED, so instances recovering at once split the rows.
 */
@Injectable()
export class CartRecoveryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Marks up to `limit` lines still SENT that were written before `startedBefore` as UNKNOWN. */
  markInterrupted(startedBefore: Date, errorCode: string, limit: number, tx: Transaction): Promise<InterruptedLine[]> {
    return clientOf(this.prisma, tx).$queryRaw<InterruptedLine[]>`
      update "CartLedgerEntry" set "status" = 'UNKNOWN', "errorCode" = ${errorCode}, "updatedAt" = now()
      where "id" in (
        select "id" from "CartLedgerEntry"
        where "status" = 'SENT' and "createdAt" < ${startedBefore}
        order by "createdAt" limit ${limit}
        for update skip locked)
      and "status" = 'SENT'
      returning "id", "userId", "upc", "quantity", "idempotencyKey"`;
  }

  /** Gives an unfinished Idempotency-Key its answer; a key already answered keeps its own. */
  async completeKey(
    userId: string,
    key: string,
    response: { status: number; body: object },
    tx: Transaction,
  ): Promise<void> {
    await clientOf(this.prisma, tx).idempotencyRecord.updateMany({
      where: { userId, key, completedAt: null },
      data: {
        completedAt: new Date(),
        responseStatus: response.status,
        responseBody: response.body,
      },
    });
  }

  /**
   * Claims up to `limit` unfinished keys started before `startedBefore` whose lines all have their
   * outcome (none still SENT), with those lines: the add finished, but the process died before its
   * answer was stored, so a retry would hear 409 until the key expired.
   */
  async claimKeysOfFinishedAdds(
    startedBefore: Date,
    limit: number,
    tx: Transaction,
  ): Promise<{ userId: string; key: string; lines: CartLedgerEntry[] }[]> {
    const client = clientOf(this.prisma, tx);
    const keys = await client.$queryRaw<{ userId: string; key: string }[]>`
      select r."userId", r."key" from "IdempotencyRecord" r
      where r."completedAt" is null and r."createdAt" < ${startedBefore}
        and exists (
          select 1 from "CartLedgerEntry" e where e."userId" = r."userId" and e."idempotencyKey" = r."key")
        and not exists (
          select 1 from "CartLedgerEntry" e
          where e."userId" = r."userId" and e."idempotencyKey" = r."key" and e."status" = 'SENT')
      order by r."createdAt" limit ${limit}
      for update of r skip locked`;
    if (keys.length === 0) return [];
    // Every claimed key's lines in one read, not one per key.
    const lines = await client.cartLedgerEntry.findMany({
      where: { OR: keys.map(({ userId, key }) => ({ userId, idempotencyKey: key })) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return keys.map(({ userId, key }) => ({
      userId,
      key,
      lines: lines.filter((line) => line.userId === userId && line.idempotencyKey === key),
    }));
  }

  /**
   * Deletes up to `limit` unfinished keys started before `startedBefore` under which no cart line was
   * written: their request died before calling Kroger (lines are written first), so a retry is safe.
   */
  async releaseKeysThatSentNothing(startedBefore: Date, limit: number): Promise<number> {
    return this.prisma.$executeRaw`
      delete from "IdempotencyRecord" where ("userId", "key") in (
        select r."userId", r."key" from "IdempotencyRecord" r
        where r."completedAt" is null and r."createdAt" < ${startedBefore}
          and not exists (
            select 1 from "CartLedgerEntry" e where e."userId" = r."userId" and e."idempotencyKey" = r."key")
        limit ${limit}
        for update skip locked)`;
  }
}
