import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';
import { ACCESS_TOKENS } from './auth.tokens';
import { AccessTokens, ALL_SCOPES } from './access-tokens';
import { hashToken, randomToken, TOKEN_PREFIX } from './secrets';

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const invalidCode = () =>
  new DomainError('auth.invalid_code', 400, 'Invalid code', 'The code is unknown, expired or already used.');
const invalidRefresh = () =>
  new DomainError(
    'auth.invalid_refresh_token',
    401,
    'Invalid refresh token',
    'The refresh token is unknown, expired, used or revoked; sign in again.',
  );

/** Our own sessions: a one-time code becomes a session; refresh tokens rotate; reuse revokes the family. */
@Injectable()
export class SessionsService {
  private readonly refreshTtlMs: number;

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    @Inject(ACCESS_TOKENS) private readonly accessTokens: AccessTokens,
    config: ConfigService<AppConfig, true>,
  ) {
    this.refreshTtlMs = config.get('auth.refreshTokenTtlSeconds', { infer: true }) * 1000;
  }

  async startSession(loginCode: string, requestId?: string): Promise<SessionTokens> {
    // Claimed atomically: a code replayed at the same moment is still used only once.
    const claimed = await this.prisma.$queryRaw<{ userId: string }[]>`
      update "LoginCode" set "usedAt" = now()
      where "id" = ${hashToken(loginCode)} and "usedAt" is null and "expiresAt" > now()
      returning "userId"`;
    const userId = claimed[0]?.userId;
    if (!userId) throw invalidCode();
    const refreshToken = randomToken(TOKEN_PREFIX.refresh);
    const session = await this.prisma.session.create({
      data: {
        userId,
        refreshTokens: {
          create: { tokenHash: hashToken(refreshToken), expiresAt: new Date(Date.now() + this.refreshTtlMs) },
        },
      },
    });
    await this.audit.record('session.created', { userId, detail: { sessionId: session.id }, requestId });
    return this.tokens(userId, session.id, refreshToken);
  }

  async refresh(refreshToken: string, requestId?: string): Promise<SessionTokens> {
    const tokenHash = hashToken(refreshToken);
    const next = randomToken(TOKEN_PREFIX.refresh);
    const outcome = await this.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<
        {
          id: string;
          sessionId: string;
          usedAt: Date | null;
          expiresAt: Date;
          userId: string;
          revokedAt: Date | null;
        }[]
      >`
        select r."id", r."sessionId", r."usedAt", r."expiresAt", s."userId", s."revokedAt"
        from "RefreshToken" r join "Session" s on s."id" = r."sessionId"
        where r."tokenHash" = ${tokenHash}
        for update of r, s`;
      if (!row) return { kind: 'unknown' as const };
      if (row.usedAt) {
        // A rotated token came back: someone holds a copy. End the whole family.
        await tx.session.update({
          where: { id: row.sessionId },
          data: { revokedAt: row.revokedAt ?? new Date(), revokedReason: 'refresh token reused' },
        });
        await this.audit.record(
          'session.refresh_reuse_revoked',
          { userId: row.userId, detail: { sessionId: row.sessionId }, requestId },
          tx,
        );
        return { kind: 'reused' as const };
      }
      if (row.revokedAt || row.expiresAt.getTime() <= Date.now()) return { kind: 'dead' as const };
      await tx.refreshToken.update({ where: { id: row.id }, data: { usedAt: new Date() } });
      await tx.refreshToken.create({
        data: {
          sessionId: row.sessionId,
          tokenHash: hashToken(next),
          expiresAt: new Date(Date.now() + this.refreshTtlMs),
        },
      });
      await tx.session.update({ where: { id: row.sessionId }, data: { lastUsedAt: new Date() } });
      return { kind: 'ok' as const, userId: row.userId, sessionId: row.sessionId };
    });
    if (outcome.kind !== 'ok') throw invalidRefresh();
    return this.tokens(outcome.userId, outcome.sessionId, next);
  }

  async logout(sessionId: string, userId: string, requestId?: string): Promise<void> {
    await this.prisma.session.updateMany({
      where: { id: sessionId, userId, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: 'logout' },
    });
    await this.audit.record('session.revoked', { userId, detail: { sessionId, reason: 'logout' }, requestId });
  }

  /** Logout by refresh token, for clients whose access token has expired. */
  async logoutByRefreshToken(refreshToken: string, requestId?: string): Promise<void> {
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: hashToken(refreshToken) },
      include: { session: true },
    });
    if (row) await this.logout(row.sessionId, row.session.userId, requestId);
  }

  async isActive(sessionId: string): Promise<boolean> {
    const session = await this.prisma.session.findUnique({ where: { id: sessionId }, select: { revokedAt: true } });
    return Boolean(session && !session.revokedAt);
  }

  private tokens(userId: string, sessionId: string, refreshToken: string): SessionTokens {
    return {
      accessToken: this.accessTokens.issue(userId, sessionId, [...ALL_SCOPES]),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }
}
