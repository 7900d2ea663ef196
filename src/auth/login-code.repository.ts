import { Injectable } from '@nestjs/common';
import { inBatches } from '../database/in-batches';
import { PrismaService } from '../database/prisma.service';
import { clientOf, Transaction } from '../database/unit-of-work';

/** The LoginCode table: one-time codes (stored as hashes) handed to a client after linking. */
@Injectable()
export class LoginCodeRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(
    code: { hash: string; userId: string; codeChallenge: string; expiresAt: Date },
    tx?: Transaction,
  ): Promise<void> {
    await clientOf(this.prisma, tx).loginCode.create({
      data: { id: code.hash, userId: code.userId, codeChallenge: code.codeChallenge, expiresAt: code.expiresAt },
    });
  }

  /**
   * Uses an unexpired, unused code whose PKCE challenge matches, in one statement, so two
   * concurrent claims cannot both win; its user. A wrong challenge leaves the code unused.
   */
  async claim(hash: string, codeChallenge: string): Promise<string | undefined> {
    const claimed = await this.prisma.$queryRaw<{ userId: string }[]>`
      update "LoginCode" set "usedAt" = now()
      where "id" = ${hash} and "codeChallenge" = ${codeChallenge} and "usedAt" is null and "expiresAt" > now()
      returning "userId"`;
    return claimed[0]?.userId;
  }

  /** The user of an unexpired, unused code, whatever its challenge. */
  async findUsableUserId(hash: string): Promise<string | undefined> {
    const code = await this.prisma.loginCode.findFirst({
      where: { id: hash, usedAt: null, expiresAt: { gt: new Date() } },
      select: { userId: true },
    });
    return code?.userId;
  }

  async deleteExpiredBefore(before: Date, batchSize = 1000): Promise<number> {
    return inBatches(
      batchSize,
      (limit) => this.prisma.$executeRaw`
        delete from "LoginCode" where "id" in (
          select "id" from "LoginCode" where "expiresAt" < ${before} limit ${limit} for update skip locked)`,
    );
  }
}
