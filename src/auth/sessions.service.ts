import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { ACCESS_TOKENS, TOKEN_VAULT } from './auth.tokens';
import { AccessTokens, ALL_SCOPES } from './access-tokens';
import { LoginCodeRepository } from './login-code.repository';
import { hashToken, pkceChallenge, randomToken, TOKEN_PREFIX } from './secrets';
import { LockedRefreshToken, SessionRepository } from './session.repository';
import { SessionStatusCache } from './session-status.cache';
import { TokenVault } from './token-vault';

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const invalidCode = () =>
  new DomainError('auth.invalid_code', 400, 'Invalid code', 'The code is unknown, expired or already used.');
const invalidCodeVerifier = () =>
  new DomainError(
    'auth.invalid_code_verifier',
    400,
    'Invalid code verifier',
    'The codeVerifier does not match the codeChallenge sent to authorize.',
  );
const invalidRefresh = () =>
  new DomainError(
    'auth.invalid_refresh_token',
    401,
    'Invalid refresh token',
    'The refresh token is unknown, expired, used or revoked; sign in again.',
  );

/**
 * Our own sessions: a one-time code becomes a session; refresh tokens rotate; reuse revokes the family
 * (after a short grace for concurrent duplicates); every revocation reaches all instances' caches.
 */
@Injectable()
export class SessionsService {
  private readonly refreshTtlMs: number;
  private readonly refreshGraceMs: number;

  constructor(
    private readonly sessions: SessionRepository,
    private readonly loginCodes: LoginCodeRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    @Inject(ACCESS_TOKENS) private readonly accessTokens: AccessTokens,
    @Inject(TOKEN_VAULT) private readonly vault: TokenVault,
    private readonly sessionStatus: SessionStatusCache,
    config: ConfigService<AppConfig, true>,
  ) {
    this.refreshTtlMs = config.get('auth.refreshTokenTtlSeconds', { infer: true }) * 1000;
    this.refreshGraceMs = config.get('auth.refreshGraceSeconds', { infer: true }) * 1000;
  }

  /** The one-time code becomes a session, for the client whose PKCE verifier answers the code's challenge. */
  async startSession(loginCode: string, codeVerifier: string, requestId?: string): Promise<SessionTokens> {
    const codeHash = hashToken(loginCode);
    // Claimed atomically: a code replayed at the same moment is still used only once.
    const userId = await this.loginCodes.claim(codeHash, pkceChallenge(codeVerifier));
    if (!userId) {
      // An intercepted code without its verifier: refused, and left for the client that asked
      // (spending it would let an interceptor cancel the real sign-in; a verifier cannot be guessed).
      const holder = await this.loginCodes.findUsableUserId(codeHash);
      if (!holder) throw invalidCode();
      await this.audit.record('session.code_verifier_mismatch', { userId: holder, requestId });
      throw invalidCodeVerifier();
    }
    const refreshToken = randomToken(TOKEN_PREFIX.refresh);
    const sessionId = await this.sessions.create(userId, {
      hash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + this.refreshTtlMs),
    });
    await this.audit.record('session.created', { userId, detail: { sessionId }, requestId });
    return this.tokens(userId, sessionId, refreshToken);
  }

  /**
   * Rotates the refresh token. A rotated token coming back means someone holds a copy, and ends the
   * session; except within the grace window, while its successor is still unused: then it is the
   * same client (two tabs, a retried request) and gets that successor again.
   */
  async refresh(refreshToken: string, requestId?: string): Promise<SessionTokens> {
    const tokenHash = hashToken(refreshToken);
    const next = randomToken(TOKEN_PREFIX.refresh);
    const outcome = await this.unitOfWork.run(async (tx) => {
      const row = await this.sessions.lockByRefreshTokenHash(tokenHash, tx);
      if (!row) return { kind: 'unknown' as const };
      if (row.usedAt) {
        const successor = this.graceSuccessor(row);
        if (successor) return { kind: 'replayed' as const, userId: row.userId, sessionId: row.sessionId, successor };
        await this.sessions.revoke(
          row.sessionId,
          { at: row.revokedAt ?? new Date(), reason: 'refresh token reused' },
          tx,
        );
        await this.audit.record(
          'session.refresh_reuse_revoked',
          { userId: row.userId, detail: { sessionId: row.sessionId }, requestId },
          tx,
        );
        return { kind: 'reused' as const, sessionId: row.sessionId };
      }
      if (row.revokedAt || row.expiresAt.getTime() <= Date.now()) return { kind: 'dead' as const };
      await this.sessions.rotateRefreshToken(
        {
          usedTokenId: row.id,
          sessionId: row.sessionId,
          next: {
            hash: hashToken(next),
            expiresAt: new Date(Date.now() + this.refreshTtlMs),
            sealed: this.refreshGraceMs > 0 ? this.vault.seal(next) : undefined,
          },
        },
        tx,
      );
      return { kind: 'ok' as const, userId: row.userId, sessionId: row.sessionId };
    });
    switch (outcome.kind) {
      case 'ok':
        return this.tokens(outcome.userId, outcome.sessionId, next);
      case 'replayed':
        await this.audit.record('session.refresh_replayed', {
          userId: outcome.userId,
          detail: { sessionId: outcome.sessionId },
          requestId,
        });
        return this.tokens(outcome.userId, outcome.sessionId, outcome.successor);
      case 'reused':
        await this.sessionStatus.revoked(outcome.sessionId);
        throw invalidRefresh();
      default:
        throw invalidRefresh();
    }
  }

  async logout(sessionId: string, userId: string, requestId?: string): Promise<void> {
    await this.sessions.revokeActive(sessionId, userId, 'logout');
    await this.sessionStatus.revoked(sessionId);
    await this.audit.record('session.revoked', { userId, detail: { sessionId, reason: 'logout' }, requestId });
  }

  /** Logout by refresh token, for clients whose access token has expired. */
  async logoutByRefreshToken(refreshToken: string, requestId?: string): Promise<void> {
    const session = await this.sessions.findByRefreshTokenHash(hashToken(refreshToken));
    if (session) await this.logout(session.id, session.userId, requestId);
  }

  async isActive(sessionId: string): Promise<boolean> {
    const session = await this.sessions.findById(sessionId);
    return Boolean(session && !session.revokedAt);
  }

  /** The successor issued for a used token, when a duplicate of that use may still have it. */
  private graceSuccessor(row: LockedRefreshToken): string | undefined {
    const withinGrace = row.usedAt && Date.now() - row.usedAt.getTime() < this.refreshGraceMs;
    if (!withinGrace || row.revokedAt || row.successorUsedAt || !row.successorSealed) return undefined;
    return this.vault.open(row.successorSealed);
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
