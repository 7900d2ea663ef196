import { Injectable } from '@nestjs/common';
import { DEFAULT_PAGE_LIMIT, Page, PageQuery } from '../common/contract/pagination';
import { ConfigService } from '@nestjs/config';
import { AuditService } from '../audit/audit.service';
import { DomainError, NotFoundError, ValidationError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { ApiScope } from './access-tokens';
import { ApiToken, ApiTokenRepository } from './api-token.repository';
import { insufficientScope } from './auth-errors';
import { Principal } from './principal';
import { hashToken, randomToken, TOKEN_PREFIX } from './secrets';

export interface ApiTokenView {
  id: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

/** Recording last use at most this often keeps token checks from writing on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Personal access tokens (for MCP clients and scripts): shown once, stored hashed, revocable, always
 * expiring. A token minted by another personal token never out-scopes or outlives it, and is revoked
 * with it.
 */
@Injectable()
export class ApiTokensService {
  private readonly defaultTtlDays: number;
  private readonly maxTtlDays: number;

  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.defaultTtlDays = config.get('auth.personalTokenTtlDays', { infer: true });
    this.maxTtlDays = config.get('auth.personalTokenMaxTtlDays', { infer: true });
  }

  async create(
    issuer: Principal,
    input: { name: string; scopes: ApiScope[]; expiresInDays?: number },
    requestId?: string,
  ): Promise<ApiTokenView & { token: string }> {
    // Asking for more than one holds is refused, not quietly trimmed: the client learns why.
    for (const scope of input.scopes) if (!issuer.scopes.includes(scope)) throw insufficientScope(scope);
    const expiresAt = await this.expiryFor(issuer, input.expiresInDays);
    const token = randomToken(TOKEN_PREFIX.personal);
    const row = await this.tokens.create({
      userId: issuer.userId,
      name: input.name,
      scopes: input.scopes,
      hash: hashToken(token),
      expiresAt,
      parentTokenId: issuer.kind === 'api_token' ? issuer.tokenId : undefined,
    });
    await this.audit.record('api_token.created', {
      userId: issuer.userId,
      detail: { tokenId: row.id, scopes: input.scopes, parentTokenId: issuer.tokenId ?? null },
      requestId,
    });
    return { ...view(row), token };
  }

  /** The configured default, capped by the configured maximum and, for a minting token, by its own expiry. */
  private async expiryFor(issuer: Principal, expiresInDays: number | undefined): Promise<Date> {
    if (expiresInDays !== undefined && expiresInDays > this.maxTtlDays) {
      throw new ValidationError([
        {
          field: 'expiresInDays',
          rule: 'maximum',
          message: `must be at most ${this.maxTtlDays} (PERSONAL_TOKEN_MAX_TTL_DAYS)`,
        },
      ]);
    }
    const wanted = new Date(Date.now() + (expiresInDays ?? this.defaultTtlDays) * DAY_MS);
    if (issuer.kind !== 'api_token' || !issuer.tokenId) return wanted;
    const parent = await this.tokens.findById(issuer.tokenId);
    // Tokens from before lifetimes were required have none: their children get the maximum at most.
    const ceiling = parent?.expiresAt ?? new Date(Date.now() + this.maxTtlDays * DAY_MS);
    if (wanted <= ceiling) return wanted;
    if (expiresInDays === undefined) return ceiling;
    throw new DomainError(
      'auth.token_outlives_issuer',
      403,
      'Token would outlive its issuer',
      `A personal access token cannot mint a token that expires after itself (${ceiling.toISOString()}).`,
    );
  }

  async list(userId: string, query: PageQuery): Promise<Page<ApiTokenView>> {
    const start = query.start ?? 0;
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const { tokens, total } = await this.tokens.pageUnrevokedByUserId(userId, start, limit);
    return { data: tokens.map(view), pagination: { start, limit, total } };
  }

  async revoke(userId: string, tokenId: string, requestId?: string): Promise<void> {
    if (!(await this.tokens.revokeWithDescendants(tokenId, userId))) throw new NotFoundError('API token');
    await this.audit.record('api_token.revoked', { userId, detail: { tokenId }, requestId });
  }

  /** The token's owner and scopes when it is valid; records its use. */
  async authenticate(token: string): Promise<{ userId: string; scopes: ApiScope[]; tokenId: string } | undefined> {
    const row = await this.tokens.findByHash(hashToken(token));
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return undefined;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.tokens.recordUse(row.id, new Date());
    }
    return { userId: row.userId, scopes: row.scopes as ApiScope[], tokenId: row.id };
  }
}

function view(row: ApiToken): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
  };
}
