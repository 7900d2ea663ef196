import { All, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerException, ThrottlerStorage } from '@nestjs/throttler';
import { buildOAuthProtectedResourceMetadata, type OAuthProtectedResourceMetadata } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import { clientAddress } from '../../common/throttling/client-address';
import { AppConfig } from '../../config/app-config';
import { AuthorizationServerService } from './authorization-server.service';
import { MCP_SCOPES } from './mcp-scopes';
import { OAUTH_ROUTES } from './oauth-provider';

const HOUR_MS = 3_600_000;

/**
 * The OAuth endpoints MCP clients discover and use: protected-resource metadata for /mcp (RFC 9728,
 * path-suffixed and root forms), authorization-server metadata (RFC 8414, and OpenID discovery), and
 * everything under /oauth, answered by oidc-provider in OAuth's own error format (not problem+json,
 * which OAuth clients do not read). Registrations are limited per client address.
 */
@ApiExcludeController()
@Controller()
export class OAuthServerController {
  private readonly handle: (req: Request, res: Response) => void;
  private readonly resourceMetadata: OAuthProtectedResourceMetadata;
  private readonly registrationsPerHour: number;

  constructor(
    server: AuthorizationServerService,
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    config: ConfigService<AppConfig, true>,
  ) {
    this.handle = server.provider.callback() as (req: Request, res: Response) => void;
    this.registrationsPerHour = config.get('oauthServer.registrationsPerHour', { infer: true });
    const issuer = server.issuer;
    this.resourceMetadata = {
      ...buildOAuthProtectedResourceMetadata({
        oauthMetadata: {
          issuer,
          authorization_endpoint: `${issuer}${OAUTH_ROUTES.authorization}`,
          token_endpoint: `${issuer}${OAUTH_ROUTES.token}`,
          response_types_supported: ['code'],
        },
        resourceServerUrl: new URL(server.resource),
        scopesSupported: [...MCP_SCOPES],
        resourceName: 'Kroger grocery tools',
        // Local development and tests run on http://127.0.0.1; production must be https.
        dangerouslyAllowInsecureIssuerUrl: config.get('nodeEnv', { infer: true }) !== 'production',
      }),
      bearer_methods_supported: ['header'],
    };
  }

  @Get(['.well-known/oauth-protected-resource', '.well-known/oauth-protected-resource/mcp'])
  @SkipThrottle()
  describeProtectedResource(@Res() res: Response): void {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.json(this.resourceMetadata);
  }

  @Get(['.well-known/oauth-authorization-server', '.well-known/openid-configuration'])
  @SkipThrottle()
  describeAuthorizationServer(@Req() req: Request, @Res() res: Response): void {
    // One document for both names: oidc-provider serves it under the OpenID name.
    req.url = '/.well-known/openid-configuration';
    this.handle(req, res);
  }

  @Post(OAUTH_ROUTES.registration.slice(1))
  async registerClient(@Req() req: Request, @Res() res: Response): Promise<void> {
    const key = `oauth-register:${clientAddress(req.ip)}`;
    const record = await this.storage.increment(key, HOUR_MS, this.registrationsPerHour, HOUR_MS, 'default');
    if (record.isBlocked) {
      res.setHeader('Retry-After', String(Math.max(1, record.timeToBlockExpire)));
      throw new ThrottlerException('Too many client registrations from this address; try again later.');
    }
    this.handle(req, res);
  }

  @All('oauth/*path')
  answerOAuth(@Req() req: Request, @Res() res: Response): void {
    this.handle(req, res);
  }
}
