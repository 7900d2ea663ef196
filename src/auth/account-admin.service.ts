import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/errors/domain-error';
import { ApiTokenRepository } from './api-token.repository';
import { DelegatedAuthorizationService } from './delegated-authorization.service';
import { KrogerLink, KrogerLinkRepository } from './kroger-link.repository';
import { KrogerUserTokens, RefreshOutcome } from './kroger-user-tokens';
import { SessionRepository } from './session.repository';
import { SessionStatusCache } from './session-status.cache';
import { User, UserRepository } from './user.repository';

/** What operators see of one user's account: never a token, sealed or not. */
export interface AccountView {
  user: User;
  link?: Omit<KrogerLink, 'accessToken' | 'refreshToken' | 'keyId'>;
}

export interface AccessRevoked {
  sessions: number;
  apiTokens: number;
  mcpGrants: number;
}

/**
 * The account actions of the admin API (src/admin/), kept in auth because they act on auth's tables
 * and caches exactly as the user's own actions do. Every change is audited with the operator's request id.
 */
@Injectable()
export class AccountAdminService {
  constructor(
    private readonly users: UserRepository,
    private readonly links: KrogerLinkRepository,
    private readonly tokens: KrogerUserTokens,
    private readonly sessions: SessionRepository,
    private readonly apiTokens: ApiTokenRepository,
    private readonly sessionStatus: SessionStatusCache,
    private readonly delegated: DelegatedAuthorizationService,
    private readonly audit: AuditService,
  ) {}

  async findByUserId(userId: string): Promise<AccountView | undefined> {
    const user = await this.users.findById(userId);
    if (!user) return undefined;
    const link = await this.links.findByUserId(userId);
    if (!link) return { user };
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { accessToken, refreshToken, keyId, ...visible } = link;
    return { user, link: visible };
  }

  async findByProfileId(profileId: string): Promise<AccountView | undefined> {
    const userId = await this.links.findUserIdByProfileId(profileId);
    return userId ? this.findByUserId(userId) : undefined;
  }

  /**
   * Refreshes the user's Kroger tokens now, whatever their expiry, through the job's own path: under
   * the link's row lock, so it cannot race the job or a request (they wait, then use this result).
   */
  async forceRefresh(userId: string, requestId: string): Promise<RefreshOutcome['kind']> {
    if (!(await this.links.findByUserId(userId))) throw new NotFoundError('Kroger link');
    const outcome = await this.tokens.refreshLocked(userId, { minRemainingMs: Number.POSITIVE_INFINITY });
    await this.audit.record('admin.link_refresh_forced', { userId, detail: { outcome: outcome.kind }, requestId });
    return outcome.kind;
  }

  /**
   * Ends every way the user is signed in to us: sessions (every instance forgets them: see
   * SessionStatusCache), personal access tokens (checked against the database on each use) and the
   * MCP clients' OAuth grants. The Kroger link stays: the user signs in again without re-consenting.
   */
  async revokeAccess(userId: string, requestId: string): Promise<AccessRevoked> {
    if (!(await this.users.findById(userId))) throw new NotFoundError('User');
    const sessionIds = await this.sessions.revokeAllOfUser(userId, 'revoked by an operator');
    for (const sessionId of sessionIds) await this.sessionStatus.revoked(sessionId);
    const revoked = {
      sessions: sessionIds.length,
      apiTokens: await this.apiTokens.revokeAllOfUser(userId),
      mcpGrants: await this.delegated.revokeAllFor(userId),
    };
    await this.audit.record('admin.access_revoked', { userId, detail: { ...revoked }, requestId });
    return revoked;
  }
}
