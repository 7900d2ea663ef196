import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/errors/domain-error';
import { ApiScope } from './access-tokens';
import { ApiToken, ApiTokenRepository } from './api-token.repository';
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

/** Personal access tokens (for MCP clients and scripts): shown once, stored hashed, revocable. */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly audit: AuditService,
  ) {}

  async create(
    userId: string,
    input: { name: string; scopes: ApiScope[]; expiresInDays?: number },
    requestId?: string,
  ): Promise<ApiTokenView & { token: string }> {
    const token = randomToken(TOKEN_PREFIX.personal);
    const row = await this.tokens.create({
      userId,
      name: input.name,
      scopes: input.scopes,
      hash: hashToken(token),
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    });
    await this.audit.record('api_token.created', {
      userId,
      detail: { tokenId: row.id, scopes: input.scopes },
      requestId,
    });
    return { ...view(row), token };
  }

  async list(userId: string): Promise<ApiTokenView[]> {
    return (await this.tokens.listUnrevokedByUserId(userId)).map(view);
  }

  async revoke(userId: string, tokenId: string, requestId?: string): Promise<void> {
    if (!(await this.tokens.revoke(tokenId, userId))) throw new NotFoundError('API token');
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
