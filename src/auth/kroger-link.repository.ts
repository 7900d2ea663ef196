import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';
import { clientOf, Transaction } from '../database/unit-of-work';
import { SealedKrogerTokens } from './token-vault';

export type LinkStatus = 'ACTIVE' | 'REAUTH_REQUIRED' | 'REVOKED';

/** A user's Kroger account; tokens are sealed (TokenVault), never plaintext. */
export interface KrogerLink {
  userId: string;
  profileId: string;
  scopes: string[];
  status: LinkStatus;
  accessToken: string | null;
  refreshToken: string | null;
  keyId: string | null;
  accessTokenExpiresAt: Date | null;
  linkedAt: Date;
  lastRefreshedAt: Date | null;
  lastUsedAt: Date | null;
  refreshFailures: number;
  nextRefreshAt: Date | null;
  /** An error code (never a token), kept after later successes as history. */
  lastRefreshError: string | null;
  lastRefreshErrorAt: Date | null;
}

/** What a refresh decides on, read under the row lock. */
export type LockedLink = Pick<
  KrogerLink,
  'status' | 'accessToken' | 'refreshToken' | 'accessTokenExpiresAt' | 'lastRefreshedAt'
>;

export type SealedLinkTokens = Pick<KrogerLink, 'userId' | 'keyId' | 'accessToken' | 'refreshToken'>;

export interface ClaimOptions {
  limit: number;
  /** How long the claimed links stay out of other claims (a crashed claimer's lease simply lapses). */
  leaseMs: number;
}

const LINK = {
  userId: true,
  profileId: true,
  scopes: true,
  status: true,
  accessToken: true,
  refreshToken: true,
  keyId: true,
  accessTokenExpiresAt: true,
  linkedAt: true,
  lastRefreshedAt: true,
  lastUsedAt: true,
  refreshFailures: true,
  nextRefreshAt: true,
  lastRefreshError: true,
  lastRefreshErrorAt: true,
} satisfies Prisma.KrogerLinkSelect;

/** The KrogerLink table: one row per user, with the sealed tokens and the refresh bookkeeping. */
@Injectable()
export class KrogerLinkRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findByUserId(userId: string, tx?: Transaction): Promise<KrogerLink | undefined> {
    return (await clientOf(this.prisma, tx).krogerLink.findUnique({ where: { userId }, select: LINK })) ?? undefined;
  }

  async findUserIdByProfileId(profileId: string, tx?: Transaction): Promise<string | undefined> {
    const row = await clientOf(this.prisma, tx).krogerLink.findUnique({
      where: { profileId },
      select: { userId: true },
    });
    return row?.userId;
  }

  async recordUse(userId: string, at: Date): Promise<void> {
    await this.prisma.krogerLink.update({ where: { userId }, data: { lastUsedAt: at } });
  }

  /** A fresh grant: an ACTIVE link with new tokens and clean refresh bookkeeping; re-linking overwrites. */
  async saveGrant(
    link: { userId: string; profileId: string; scopes: string[]; tokens: SealedKrogerTokens },
    tx?: Transaction,
  ): Promise<void> {
    const now = new Date();
    const grant = {
      ...link.tokens,
      scopes: link.scopes,
      status: 'ACTIVE' as const,
      lastRefreshedAt: now,
      lastUsedAt: now,
      refreshFailures: 0,
      nextRefreshAt: null,
    };
    await clientOf(this.prisma, tx).krogerLink.upsert({
      where: { userId: link.userId },
      create: { userId: link.userId, profileId: link.profileId, ...grant },
      update: { ...grant, linkedAt: now },
    });
  }

  /** Takes the link's row lock until `tx` ends: refresh tokens are single use. */
  async lockForRefresh(userId: string, tx: Transaction): Promise<LockedLink | undefined> {
    const [row] = await clientOf(this.prisma, tx).$queryRaw<LockedLink[]>`
      select "status", "accessToken", "refreshToken", "accessTokenExpiresAt", "lastRefreshedAt"
      from "KrogerLink" where "userId" = ${userId}::uuid for update`;
    return row;
  }

  async saveRefreshedTokens(userId: string, tokens: SealedKrogerTokens, tx?: Transaction): Promise<void> {
    await clientOf(this.prisma, tx).krogerLink.update({
      where: { userId },
      data: { ...tokens, lastRefreshedAt: new Date(), refreshFailures: 0, nextRefreshAt: null },
    });
  }

  async markReauthRequired(userId: string, error: string, tx?: Transaction): Promise<void> {
    await clientOf(this.prisma, tx).krogerLink.update({
      where: { userId },
      data: { status: 'REAUTH_REQUIRED', lastRefreshError: error, lastRefreshErrorAt: new Date() },
    });
  }

  /** Counts one more failed refresh in a row, and why; returns the new count. */
  async countRefreshFailure(userId: string, error: string, tx?: Transaction): Promise<number> {
    const row = await clientOf(this.prisma, tx).krogerLink.update({
      where: { userId },
      data: { refreshFailures: { increment: 1 }, lastRefreshError: error, lastRefreshErrorAt: new Date() },
      select: { refreshFailures: true },
    });
    return row.refreshFailures;
  }

  async deferRefreshUntil(userId: string, at: Date, tx?: Transaction): Promise<void> {
    await clientOf(this.prisma, tx).krogerLink.update({ where: { userId }, data: { nextRefreshAt: at } });
  }

  /**
   * Claims ACTIVE links whose access token expires within `expiringWithinMs` and that were used
   * within `usedWithinMs`, soonest expiry first. Rows another claimer holds are skipped, not waited
   * for; the claimed ones are leased (nextRefreshAt), so claimers never overlap.
   */
  claimExpiring(options: ClaimOptions & { expiringWithinMs: number; usedWithinMs: number }): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      const due = await tx.$queryRaw<{ userId: string }[]>`
        select "userId" from "KrogerLink"
        where "status" = 'ACTIVE' and "refreshToken" is not null
          and "accessTokenExpiresAt" < now() + ${options.expiringWithinMs} * interval '1 millisecond'
          and "lastUsedAt" > now() - ${options.usedWithinMs} * interval '1 millisecond'
          and ("nextRefreshAt" is null or "nextRefreshAt" <= now())
        order by "accessTokenExpiresAt" limit ${options.limit}
        for update skip locked`;
      return this.lease(tx, due, options.leaseMs);
    });
  }

  /** Like claimExpiring, for ACTIVE links not refreshed since `refreshedBefore`, never-refreshed first. */
  claimNotRefreshedSince(refreshedBefore: Date, options: ClaimOptions): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      const due = await tx.$queryRaw<{ userId: string }[]>`
        select "userId" from "KrogerLink"
        where "status" = 'ACTIVE' and "refreshToken" is not null
          and ("lastRefreshedAt" is null or "lastRefreshedAt" < ${refreshedBefore})
          and ("nextRefreshAt" is null or "nextRefreshAt" <= now())
        order by "lastRefreshedAt" nulls first limit ${options.limit}
        for update skip locked`;
      return this.lease(tx, due, options.leaseMs);
    });
  }

  /** Forgets the tokens and marks the link REVOKED; false when there was no live link. */
  async revoke(userId: string): Promise<boolean> {
    const result = await this.prisma.krogerLink.updateMany({
      where: { userId, status: { not: 'REVOKED' } },
      data: { status: 'REVOKED', accessToken: null, refreshToken: null, keyId: null, accessTokenExpiresAt: null },
    });
    return result.count > 0;
  }

  findSealedUnderOtherKey(keyId: string, limit: number): Promise<SealedLinkTokens[]> {
    return this.prisma.krogerLink.findMany({
      where: { keyId: { not: keyId } },
      select: { userId: true, keyId: true, accessToken: true, refreshToken: true },
      take: limit,
    });
  }

  /** Replaces sealed tokens only while the row is still under `sealedWith`, so a concurrent refresh wins. */
  async resealIfUnchanged(
    userId: string,
    sealedWith: string | null,
    tokens: Pick<KrogerLink, 'accessToken' | 'refreshToken'> & { keyId: string },
  ): Promise<boolean> {
    const updated = await this.prisma.krogerLink.updateMany({ where: { userId, keyId: sealedWith }, data: tokens });
    return updated.count > 0;
  }

  private async lease(tx: Prisma.TransactionClient, due: { userId: string }[], leaseMs: number): Promise<string[]> {
    const ids = due.map((row) => row.userId);
    if (ids.length > 0) {
      await tx.$executeRaw`update "KrogerLink" set "nextRefreshAt" = now() + ${leaseMs} * interval '1 millisecond' where "userId" = any(${ids}::uuid[])`;
    }
    return ids;
  }
}
