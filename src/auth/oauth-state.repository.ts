import { Injectable } from '@nestjs/common';
import { inBatches } from '../database/in-batches';
import { PrismaService } from '../database/prisma.service';

/** A started Kroger login as stored: the hashed state, the sealed PKCE verifier, where to return. */
export interface StoredOAuthState {
  id: string;
  codeVerifier: string;
  returnTo: string | null;
}

/** Who may finish a login: the browser holding the binding cookie, for the client holding the PKCE verifier. */
export interface BrowserBoundState {
  browserBindingHash: string;
  clientCodeChallenge: string | null;
  interactionUid: string | null;
  reauthUserId: string | null;
}

/** A state as its callback uses it; states started before browser binding have no challenge. */
export type ConsumedOAuthState = Omit<StoredOAuthState, 'id'> & {
  clientCodeChallenge: string | null;
  interactionUid: string | null;
  reauthUserId: string | null;
};

/** The OAuthState table: single-use login states, found by the hash of the state parameter. */
@Injectable()
export class OAuthStateRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(state: StoredOAuthState & BrowserBoundState & { expiresAt: Date }): Promise<void> {
    await this.prisma.oAuthState.create({ data: state });
  }

  /**
   * Marks an unexpired, unused state used in one statement, so two concurrent callbacks cannot
   * both win; only for the browser holding its binding (another browser's attempt changes nothing).
   */
  async consume(id: string, browserBindingHash: string): Promise<ConsumedOAuthState | undefined> {
    const rows = await this.prisma.$queryRaw<ConsumedOAuthState[]>`
      update "OAuthState" set "usedAt" = now()
      where "id" = ${id} and "browserBindingHash" = ${browserBindingHash}
        and "usedAt" is null and "expiresAt" > now()
      returning "codeVerifier", "returnTo", "clientCodeChallenge", "interactionUid", "reauthUserId"`;
    return rows[0];
  }

  /** What a callback needs to know before using a state: where it returns, whose browser, still usable. */
  async findForCallback(
    id: string,
  ): Promise<{ returnTo: string | null; browserBindingHash: string | null; usable: boolean } | undefined> {
    const row = await this.prisma.oAuthState.findUnique({
      where: { id },
      select: { returnTo: true, browserBindingHash: true, usedAt: true, expiresAt: true },
    });
    if (!row) return undefined;
    return {
      returnTo: row.returnTo,
      browserBindingHash: row.browserBindingHash,
      usable: !row.usedAt && row.expiresAt.getTime() > Date.now(),
    };
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

  async deleteExpiredBefore(before: Date, batchSize = 1000): Promise<number> {
    return inBatches(
      batchSize,
      (limit) => this.prisma.$executeRaw`
        delete from "OAuthState" where "id" in (
          select "id" from "OAuthState" where "expiresAt" < ${before} limit ${limit} for update skip locked)`,
    );
  }
}
