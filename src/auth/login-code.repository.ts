import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { clientOf, Transaction } from '../database/unit-of-work';

/** The LoginCode table: one-time codes (stored as hashes) handed to a client after linking. */
@Injectable()
export class LoginCodeRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(code: { hash: string; userId: string; expiresAt: Date }, tx?: Transaction): Promise<void> {
    await clientOf(this.prisma, tx).loginCode.create({
      data: { id: code.hash, userId: code.userId, expiresAt: code.expiresAt },
    });
  }

  /** Uses an unexpired, unused code in one statement, so two concurrent claims cannot both win; its user. */
  async claim(hash: string): Promise<string | undefined> {
    const claimed = await this.prisma.$queryRaw<{ userId: string }[]>`
      update "LoginCode" set "usedAt" = now()
      where "id" = ${hash} and "usedAt" is null and "expiresAt" > now()
      returning "userId"`;
    return claimed[0]?.userId;
  }

  /** In batches, so a large backlog never holds many row locks or one long statement. */
  async deleteExpiredBefore(before: Date, batchSize = 1000): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.prisma.$executeRaw`
        delete from "LoginCode" where "id" in (
          select "id" from "LoginCode" where "expiresAt" < ${before} limit ${batchSize} for update skip locked)`;
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}
