import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { PageQuery } from '../common/contract/pagination';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/app-config';
import { KROGER_FEATURES, KrogerFeature } from '../config/kroger-features';
import type { Request } from 'express';
import { ProblemResponses } from '../common/errors/problem-responses';
import { requestIdOf } from '../common/request-id';
import { ApiTokensService, ApiTokenView } from './api-tokens.service';
import { Authenticated } from './bearer.guard';
import { Returns } from '../common/contract/returns.decorator';
import { ApiToken, ApiTokenList, CreateApiTokenRequest, CreatedApiToken, Me, TokenIdParam } from './auth.contract';
import { LinkingService } from './linking.service';
import { CurrentPrincipal, Principal } from './principal';

@ApiTags('me')
@Controller('api/v1/me')
export class MeController {
  constructor(
    private readonly linking: LinkingService,
    private readonly apiTokens: ApiTokensService,
    config: ConfigService<AppConfig, true>,
  ) {
    const enabled = config.get('kroger.features', { infer: true });
    this.linkFeatures = KROGER_FEATURES.filter((f) => f.grant === 'customer' && enabled.includes(f.feature));
  }

  /** Features that act with the customer's Kroger token, so the link's scopes decide them. */
  private readonly linkFeatures: KrogerFeature[];

  @Get()
  @Authenticated('read')
  @ApiOperation({ summary: 'The signed-in user and the state of their Kroger link' })
  @Returns(200, Me)
  async getMe(@CurrentPrincipal() principal: Principal): Promise<Me> {
    const user = await this.linking.accountOf(principal.userId);
    const link = user.krogerLink;
    return {
      userId: user.id,
      createdAt: user.createdAt.toISOString(),
      // BearerGuard refuses OAuth tokens on REST (they are bound to /mcp).
      authenticatedWith: principal.kind === 'oauth' ? 'api_token' : principal.kind,
      scopes: principal.scopes,
      krogerLink: link
        ? {
            status: link.status,
            profileId: link.profileId,
            scopes: link.scopes,
            linkedAt: link.linkedAt.toISOString(),
            lastRefreshedAt: link.lastRefreshedAt?.toISOString() ?? null,
            features: this.linkFeatures.map((f) => ({
              feature: f.feature,
              scopes: f.scopes,
              allowed: f.scopes.every((scope) => link.scopes.includes(scope)),
            })),
          }
        : null,
    };
  }

  @Delete('kroger-link')
  @HttpCode(204)
  @Authenticated('account')
  @ApiOperation({
    summary: 'Unlink Kroger: deletes the Kroger tokens and marks the link REVOKED (user and audit trail stay)',
  })
  @Returns(204)
  async unlinkKroger(@CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<void> {
    await this.linking.unlink(principal.userId, requestIdOf(req));
  }

  @Post('tokens')
  @Authenticated('account')
  @ApiOperation({
    summary: 'Create a personal access token (for MCP clients and scripts); shown only in this response',
    description:
      'Scopes beyond those of the calling token are refused (403 auth.insufficient_scope). Every token expires; ' +
      'one minted by a personal token expires no later than it (403 auth.token_outlives_issuer) and is revoked with it.',
  })
  @Returns(201, CreatedApiToken)
  @ProblemResponses(400)
  async createApiToken(
    @CurrentPrincipal() principal: Principal,
    @Body({ schema: CreateApiTokenRequest }) body: CreateApiTokenRequest,
    @Req() req: Request,
  ): Promise<CreatedApiToken> {
    const created = await this.apiTokens.create(principal, body, requestIdOf(req));
    return { ...tokenView(created), token: created.token };
  }

  @Get('tokens')
  @Authenticated('account')
  @ApiOperation({ summary: 'Your personal access tokens (never the secrets)' })
  @Returns(200, ApiTokenList)
  @ProblemResponses(400)
  async listApiTokens(
    @CurrentPrincipal() principal: Principal,
    @Query({ schema: PageQuery }) query: PageQuery,
  ): Promise<ApiTokenList> {
    const page = await this.apiTokens.list(principal.userId, query);
    return { ...page, data: page.data.map(tokenView) };
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @Authenticated('account')
  @ApiOperation({ summary: 'Revoke a personal access token and every token it minted' })
  @Returns(204)
  @ProblemResponses(400, 404)
  async revokeApiToken(
    @CurrentPrincipal() principal: Principal,
    @Param('id', { schema: TokenIdParam }) id: string,
    @Req() req: Request,
  ): Promise<void> {
    await this.apiTokens.revoke(principal.userId, id, requestIdOf(req));
  }
}

function tokenView(token: ApiTokenView): ApiToken {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  };
}
