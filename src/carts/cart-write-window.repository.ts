import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface CartWriteWindow {
  count: number;
  windowStart: Date;
}

/** The CartWriteWindow table: one row per user, counting cart writes since the window began. */
@Injectable()
export class CartWriteWindowRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Counts one write in one statement (so concurrent writes on any instance are all counted): in the
   * user's current window, or in a new one starting `now` when the last one has ended.
   */
  async countWrite(userId: string, now: Date, windowMs: number): Promise<CartWriteWindow> {
    const endedBefore = new Date(now.getTime() - windowMs);
    const [row] = await this.prisma.$queryRaw<CartWriteWindow[]>`
      insert into "CartWriteWindow" ("userId", "windowStart", "count") values (${userId}::uuid, ${now}, 1)
      on conflict ("userId") do update set
        "count" = case when "CartWriteWindow"."windowStart" <= ${endedBefore} then 1 else "CartWriteWindow"."count" + 1 end,
        "windowStart" = case when "CartWriteWindow"."windowStart" <= ${endedBefore} then ${now} else "CartWriteWindow"."windowStart" end
      returning "count", "windowStart"`;
    return row;
  }
}
