import { Injectable } from '@nestjs/common';
import { inBatches } from '../database/in-batches';
import { PrismaService } from '../database/prisma.service';

/** The ReauthTicket table: single-use re-authorization links, stored as hashes. */
@Injectable()
export class ReauthTicketRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(ticket: { hash: string; userId: string; expiresAt: Date }): Promise<void> {
    await this.prisma.reauthTicket.create({
      data: { id: ticket.hash, userId: ticket.userId, expiresAt: ticket.expiresAt },
    });
  }

  /** Uses an unexpired, unused ticket in one statement (two tabs cannot both win); its user. */
  async claim(hash: string): Promise<string | undefined> {
    const rows = await this.prisma.$queryRaw<{ userId: string }[]>`
      update "ReauthTicket" set "usedAt" = now()
      where "id" = ${hash} and "usedAt" is null and "expiresAt" > now()
      returning "userId"`;
    return rows[0]?.userId;
  }

  async deleteExpiredBefore(before: Date, batchSize = 1000): Promise<number> {
    return inBatches(
      batchSize,
      (limit) => this.prisma.$executeRaw`
        delete from "ReauthTicket" where "id" in (
          select "id" from "ReauthTicket" where "expiresAt" < ${before} limit ${limit} for update skip locked)`,
    );
  }
}
