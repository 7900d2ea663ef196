import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

/** A started Kroger login as stored: the hashed state, the sealed PKCE verifier, where to return. */
export interface StoredOAuthState {
  id: string;
  codeVerifier: string;
  returnTo: string | null;
}

/** The OAuthState table: single-use login states, found by the hash of the state parameter. */
@Injectable()
export class OAuthStateRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(state: StoredOAuthState & { expiresAt: Date }): Promise<void> {
    await this.prisma.oAuthState.create({ data: state });
  }

  /** Marks an unexpired, unused state used in one statement, so two concurrent callbacks cannot both win. */
  async consume(id: string): Promise<Omit<StoredOAuthState, 'id'> | undefined> {
    const rows = await this.prisma.$queryRaw<Omit<StoredOAuthState, 'id'>[]>`
      update "OAuthState" set "usedAt" = now()
      where "id" = ${id} and "usedAt" is null and "expiresAt" > now()
      returning "codeVerifier", "returnTo"`;
    return rows[0];
  }

  /** The returnTo of a state, used or not, expired or not. */
  async findReturnTo(id: string): Promise<string | undefined> {
    const row = await this.prisma.oAuthState.findUnique({ where: { id }, select: { returnTo: true } });
    return row?.returnTo ?? undefined;
  }

  listUnused(): Promise<StoredOAuthState[]> {
    return this.prisma.oAuthState.findMany({
      where: { usedAt: null },
      select: { id: true, codeVerifier: true, returnTo: true },
    });
  }

  async replaceVerifier(id: string, codeVerifier: string): Promise<void> {
    await this.prisma.oAuthState.update({ where: { id }, data: { codeVerifier } });
  }

  /** In batches, so a large backlog never holds many row locks or one long statement. */
  async deleteExpiredBefore(before: Date, batchSize = 1000): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.prisma.$executeRaw`
        delete from "OAuthState" where "id" in (
          select "id" from "OAuthState" where "expiresAt" < ${before} limit ${batchSize} for update skip locked)`;
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}
