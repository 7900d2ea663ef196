import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';
import { KrogerLogin } from './kroger-oauth.strategy';
import { hashToken, randomToken, TOKEN_PREFIX } from './secrets';
import { TOKEN_VAULT } from './auth.tokens';
import { sealKrogerTokens, TokenVault } from './token-vault';

const LOGIN_CODE_TTL_MS = 2 * 60 * 1000;

/** Turns a finished Kroger login into a user, an encrypted link, and a one-time code for the client. */
@Injectable()
export class LinkingService {
  private readonly allowedReturnUrls: URL[];

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    @Inject(TOKEN_VAULT) private readonly vault: TokenVault,
    config: ConfigService<AppConfig, true>,
  ) {
    this.allowedReturnUrls = config.get('auth.allowedReturnUrls', { infer: true }).map((u) => new URL(u));
  }

  /** Exact scheme, host and port of an allowlisted URL (custom schemes for mobile apps included). */
  isAllowedReturnUrl(candidate: string): boolean {
    if (!URL.canParse(candidate)) return false;
    const url = new URL(candidate);
    return this.allowedReturnUrls.some(
      (allowed) => allowed.protocol === url.protocol && allowed.host === url.host && allowed.port === url.port,
    );
  }

  /** Finds or creates the user by Kroger profile id, stores the link, and issues a one-time code. */
  async completeLink(
    login: KrogerLogin,
    requestId?: string,
  ): Promise<{ userId: string; loginCode: string; relinked: boolean }> {
    const { tokens } = login;
    const loginCode = randomToken(TOKEN_PREFIX.loginCode);
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.krogerLink.findUnique({
        where: { profileId: login.profileId },
        select: { userId: true },
      });
      const userId = existing?.userId ?? (await tx.user.create({ data: {} })).id;
      const sealed = {
        ...sealKrogerTokens(this.vault, tokens),
        scopes: tokens.scopes,
        status: 'ACTIVE' as const,
        lastRefreshedAt: new Date(),
        lastUsedAt: new Date(),
        refreshFailures: 0,
        nextRefreshAt: null,
      };
      await tx.krogerLink.upsert({
        where: { userId },
        create: { userId, profileId: login.profileId, ...sealed },
        update: { ...sealed, linkedAt: new Date() },
      });
      await tx.loginCode.create({
        data: { id: hashToken(loginCode), userId, expiresAt: new Date(Date.now() + LOGIN_CODE_TTL_MS) },
      });
      await this.audit.record(
        existing ? 'link.relinked' : 'link.created',
        { userId, detail: { scopes: tokens.scopes }, requestId },
        tx,
      );
      return { userId, loginCode, relinked: Boolean(existing) };
    });
  }

  /** Forgets the Kroger tokens and marks the link REVOKED; the user and the audit trail stay. */
  async unlink(userId: string, requestId?: string): Promise<boolean> {
    const result = await this.prisma.krogerLink.updateMany({
      where: { userId, status: { not: 'REVOKED' } },
      data: { status: 'REVOKED', accessToken: null, refreshToken: null, keyId: null, accessTokenExpiresAt: null },
    });
    if (result.count > 0) await this.audit.record('link.revoked', { userId, requestId });
    return result.count > 0;
  }
}
