import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { clientOf, Transaction } from '../database/unit-of-work';

export interface Session {
  id: string;
  userId: string;
  revokedAt: Date | null;
}

/** A refresh token with its session, read under both row locks, and what became of its successor. */
export interface LockedRefreshToken {
  id: string;
  sessionId: string;
  usedAt: Date | null;
  expiresAt: Date;
  userId: string;
  revokedAt: Date | null;
  /** The successor sealed with the token vault, while the grace window keeps it. */
  successorSealed: string | null;
  successorUsedAt: Date | null;
}

export interface NewRefreshToken {
  hash: string;
  expiresAt: Date;
  /** The token itself, sealed, kept on its predecessor for the grace window. */
  sealed?: string;
}

/** The Session and RefreshToken tables: a signed-in client and its refresh-token family (hashes only). */
@Injectable()
export class SessionRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A session with its first refresh token; returns the session id. */
  async create(userId: string, refreshToken: NewRefreshToken): Promise<string> {
    const session = await this.prisma.session.create({
      data: { userId, refreshTokens: { create: { tokenHash: refreshToken.hash, expiresAt: refreshToken.expiresAt } } },
      select: { id: true },
    });
    return session.id;
  }

  async findById(sessionId: string): Promise<Session | undefined> {
    const row = await this.prisma.session.findUnique({
      where: { id: sessionId },
      select: { id: true, userId: true, revokedAt: true },
    });
    return row ?? undefined;
  }

  async findByRefreshTokenHash(hash: string): Promise<Session | undefined> {
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: hash },
      select: { session: { select: { id: true, userId: true, revokedAt: true } } },
    });
    return row?.session;
  }

  /** Locks the refresh token and its session until `tx` ends: a token is used once. */
  async lockByRefreshTokenHash(hash: string, tx: Transaction): Promise<LockedRefreshToken | undefined> {
    const [row] = await clientOf(this.prisma, tx).$queryRaw<LockedRefreshToken[]>`
      select r."id", r."sessionId", r."usedAt", r."expiresAt", s."userId", s."revokedAt",
             r."successorSealed", n."usedAt" as "successorUsedAt"
      from "RefreshToken" r join "Session" s on s."id" = r."sessionId"
      left join "RefreshToken" n on n."id" = r."replacedById"
      where r."tokenHash" = ${hash}
      for update of r, s`;
    return row;
  }

  /**
   * Uses `usedTokenId` and issues its successor in the same session, which counts as activity. The
   * used token's own predecessor no longer needs to remember it: its grace has ended.
   */
  async rotateRefreshToken(
    rotation: { usedTokenId: string; sessionId: string; next: NewRefreshToken },
    tx?: Transaction,
  ): Promise<void> {
    const db = clientOf(this.prisma, tx);
    const next = await db.refreshToken.create({
      data: { sessionId: rotation.sessionId, tokenHash: rotation.next.hash, expiresAt: rotation.next.expiresAt },
      select: { id: true },
    });
    await db.refreshToken.update({
      where: { id: rotation.usedTokenId },
      data: { usedAt: new Date(), replacedById: next.id, successorSealed: rotation.next.sealed ?? null },
    });
    await db.refreshToken.updateMany({
      where: { replacedById: rotation.usedTokenId, successorSealed: { not: null } },
      data: { successorSealed: null },
    });
    await db.session.update({ where: { id: rotation.sessionId }, data: { lastUsedAt: new Date() } });
  }

  /** Records when and why the session was revoked, whether or not it already was; forgets kept successors. */
  async revoke(sessionId: string, revoked: { at: Date; reason: string }, tx?: Transaction): Promise<void> {
    const db = clientOf(this.prisma, tx);
    await db.session.update({
      where: { id: sessionId },
      data: { revokedAt: revoked.at, revokedReason: revoked.reason },
    });
    await db.refreshToken.updateMany({
      where: { sessionId, successorSealed: { not: null } },
      data: { successorSealed: null },
    });
  }

  /** Revokes the user's session if it is still active, and forgets its kept successors. */
  async revokeActive(sessionId: string, userId: string, reason: string): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.session.updateMany({
        where: { id: sessionId, userId, revokedAt: null },
        data: { revokedAt: new Date(), revokedReason: reason },
      }),
      this.prisma.refreshToken.updateMany({
        where: { sessionId, session: { userId }, successorSealed: { not: null } },
        data: { successorSealed: null },
      }),
    ]);
  }

  /** Revokes every active session of the user and forgets their kept successors; the ids revoked. */
  async revokeAllOfUser(userId: string, reason: string): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      const revoked = await tx.$queryRaw<{ id: string }[]>`
        update "Session" set "revokedAt" = now(), "revokedReason" = ${reason}
        where "userId" = ${userId}::uuid and "revokedAt" is null
        returning "id"`;
      const ids = revoked.map((row) => row.id);
      await tx.refreshToken.updateMany({
        where: { sessionId: { in: ids }, successorSealed: { not: null } },
        data: { successorSealed: null },
      });
      return ids;
    });
  }

  /** Drops sealed successors whose grace window has passed (the rotation clears most of them sooner). */
  async forgetSuccessorsUsedBefore(before: Date): Promise<number> {
    const result = await this.prisma.refreshToken.updateMany({
      where: { usedAt: { lt: before }, successorSealed: { not: null } },
      data: { successorSealed: null },
    });
    return result.count;
  }

  async deleteRefreshTokensExpiredBefore(before: Date): Promise<number> {
    return (await this.prisma.refreshToken.deleteMany({ where: { expiresAt: { lt: before } } })).count;
  }
}
