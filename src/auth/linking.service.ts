import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { TOKEN_VAULT } from './auth.tokens';
import { KrogerLink, KrogerLinkRepository } from './kroger-link.repository';
import { KrogerLogin } from './kroger-oauth.strategy';
import { LoginCodeRepository } from './login-code.repository';
import { ReturnUrlAllowlist } from './return-url-allowlist';
import { hashToken, randomToken, TOKEN_PREFIX } from './secrets';
import { sealKrogerTokens, TokenVault } from './token-vault';
import { User, UserRepository } from './user.repository';
import { DelegatedAuthorizationService } from './delegated-authorization.service';
import { DomainError } from '../common/errors/domain-error';
import { AccountEventsService } from '../events/account-events.service';

const LOGIN_CODE_TTL_MS = 2 * 60 * 1000;

/** A user with the state of their Kroger link, if they ever linked one (never the tokens). */
export interface Account extends User {
  krogerLink: Pick<KrogerLink, 'status' | 'profileId' | 'scopes' | 'linkedAt' | 'lastRefreshedAt'> | null;
}

/** Turns a finished Kroger login into a user, an encrypted link, and a one-time code for the client. */
@Injectable()
export class LinkingService {
  private readonly allowedReturnUrls: ReturnUrlAllowlist;
  private readonly reauthorizeUrl: string;

  constructor(
    private readonly users: UserRepository,
    private readonly links: KrogerLinkRepository,
    private readonly loginCodes: LoginCodeRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    @Inject(TOKEN_VAULT) private readonly vault: TokenVault,
    private readonly delegated: DelegatedAuthorizationService,
    private readonly events: AccountEventsService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.allowedReturnUrls = new ReturnUrlAllowlist(config.get('auth.allowedReturnUrls', { infer: true }));
    this.reauthorizeUrl = `${config.get('http.publicBaseUrl', { infer: true })}/api/v1/auth/kroger/authorize`;
  }

  /** Exactly an allowlisted URL, or below an entry ending in /* (custom schemes for mobile apps included). */
  isAllowedReturnUrl(candidate: string): boolean {
    return this.allowedReturnUrls.allows(candidate);
  }

  /**
   * Finds or creates the user by Kroger profile id, stores the link, and issues a one-time code
   * that only the holder of the client's PKCE verifier can exchange. Without a challenge (the login
   * signs the user in to our OAuth server for an MCP client) no code is issued.
   */
  async completeLink(
    login: KrogerLogin,
    codeChallenge: string | undefined,
    requestId?: string,
  ): Promise<{ userId: string; loginCode?: string; relinked: boolean }> {
    const { tokens } = login;
    const loginCode = codeChallenge ? randomToken(TOKEN_PREFIX.loginCode) : undefined;
    const linked = await this.unitOfWork.run(async (tx) => {
      const existing = await this.links.findUserIdByProfileId(login.profileId, tx);
      const before = existing ? (await this.links.findByUserId(existing, tx))?.status : undefined;
      const userId = existing ?? (await this.users.create(tx)).id;
      await this.links.saveGrant(
        { userId, profileId: login.profileId, scopes: tokens.scopes, tokens: sealKrogerTokens(this.vault, tokens) },
        tx,
      );
      if (loginCode && codeChallenge)
        await this.loginCodes.create(
          { hash: hashToken(loginCode), userId, codeChallenge, expiresAt: new Date(Date.now() + LOGIN_CODE_TTL_MS) },
          tx,
        );
      await this.audit.record(
        existing ? 'link.relinked' : 'link.created',
        { userId, detail: { scopes: tokens.scopes }, requestId },
        tx,
      );
      return { userId, loginCode, relinked: Boolean(existing), restored: before !== undefined && before !== 'ACTIVE' };
    });
    if (linked.restored) await this.publishRestored(linked.userId);
    return { userId: linked.userId, loginCode: linked.loginCode, relinked: linked.relinked };
  }

  /**
   * A re-authorization: the same Kroger account as the user's link signed in again, so the link gets
   * fresh tokens. Another Kroger account is refused (it would silently switch whose cart this is).
   */
  async completeReauthorization(login: KrogerLogin, userId: string, requestId?: string): Promise<void> {
    const { tokens } = login;
    if ((await this.links.findUserIdByProfileId(login.profileId)) !== userId) {
      await this.audit.record('link.reauthorization_refused', {
        userId,
        detail: { reason: 'other Kroger account' },
        requestId,
      });
      throw new DomainError(
        'link.other_account',
        403,
        'Another Kroger account',
        'You signed in to a different Kroger account than the one linked. Sign in with the account you linked before.',
      );
    }
    await this.unitOfWork.run(async (tx) => {
      await this.links.saveGrant(
        { userId, profileId: login.profileId, scopes: tokens.scopes, tokens: sealKrogerTokens(this.vault, tokens) },
        tx,
      );
      await this.audit.record('link.reauthorized', { userId, detail: { scopes: tokens.scopes }, requestId }, tx);
    });
    await this.publishRestored(userId);
  }

  /**
   * Forgets the Kroger tokens and marks the link REVOKED; the user and the audit trail stay. What MCP
   * clients were granted through our OAuth server ends with it (they act on this Kroger account).
   */
  async unlink(userId: string, requestId?: string): Promise<boolean> {
    const revoked = await this.links.revoke(userId);
    const grants = await this.delegated.revokeAllFor(userId);
    if (revoked) {
      await this.audit.record('link.revoked', { userId, detail: { mcpArtifactsRevoked: grants }, requestId });
      // The user's other devices learn that Kroger features stopped working, and why.
      await this.events.publish(userId, {
        type: 'link.reauth_required',
        data: { status: 'REVOKED', reason: 'unlinked', reauthorizeUrl: this.reauthorizeUrl },
      });
    }
    return revoked;
  }

  private publishRestored(userId: string): Promise<void> {
    return this.events.publish(userId, { type: 'link.restored', data: { status: 'ACTIVE' } });
  }

  /** The user and their link; a user that does not exist is answered as not found. */
  async accountOf(userId: string): Promise<Account> {
    // Independent reads, asked together: under load a request waits a turn of the event loop per round trip.
    const [user, link] = await Promise.all([this.users.getById(userId), this.links.findByUserId(userId)]);
    return { ...user, krogerLink: link ?? null };
  }
}
