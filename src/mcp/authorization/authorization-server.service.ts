import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type Provider from 'oidc-provider';
import type { Principal } from '../../auth/principal';
import { DelegatedAuthorization, DelegatedAuthorizationService } from '../../auth/delegated-authorization.service';
import { LinkingService } from '../../auth/linking.service';
import { AppConfig } from '../../config/app-config';
import { OAuthArtifactRepository } from './oauth-artifact.repository';
import { createOAuthProvider } from './oauth-provider';
import { isMcpScope } from './mcp-scopes';

/** oidc-provider's opaque tokens: 43 base64url characters (256 bits). */
const OPAQUE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The OAuth 2.1 authorization server of MCP clients, and the part of it auth needs: recognising
 * the tokens it issued, ending a user's grants, and finishing the sign-in step of an authorization.
 */
@Injectable()
export class AuthorizationServerService implements DelegatedAuthorization, OnModuleInit {
  readonly provider: Provider;
  /** The protected resource every token is bound to. */
  readonly resource: string;
  readonly issuer: string;

  constructor(
    private readonly artifacts: OAuthArtifactRepository,
    private readonly delegated: DelegatedAuthorizationService,
    linking: LinkingService,
    config: ConfigService<AppConfig, true>,
  ) {
    const settings = config.get('oauthServer', { infer: true });
    this.issuer = config.get('http.publicBaseUrl', { infer: true });
    this.resource = `${this.issuer}/mcp`;
    this.provider = createOAuthProvider(artifacts, {
      ...settings,
      publicBaseUrl: this.issuer,
      resource: this.resource,
      masterKey: config.get('auth.tokenEncryptionKey', { infer: true }),
      trustProxy: config.get('http.trustProxy', { infer: true }) !== false,
      accountExists: (userId) =>
        linking.accountOf(userId).then(
          () => true,
          () => false,
        ),
    });
  }

  onModuleInit(): void {
    this.delegated.connect(this);
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    if (!OPAQUE_TOKEN.test(token)) return undefined;
    const accessToken = await this.provider.AccessToken.find(token);
    if (!accessToken || accessToken.isExpired) return undefined;
    const audience = accessToken.aud;
    if (audience !== this.resource) return undefined;
    return {
      userId: accessToken.accountId,
      scopes: (accessToken.scope ?? '').split(' ').filter(isMcpScope),
      kind: 'oauth',
      audience,
      clientId: accessToken.clientId,
      grantId: accessToken.grantId,
    };
  }

  revokeAllFor(userId: string): Promise<number> {
    return this.artifacts.deleteByAccountId(userId);
  }

  /**
   * Records the sign-in as the interaction's result, as oidc-provider's interactionResult does; the
   * browser then resumes the authorization at the returned URL, where the provider checks its own
   * resume cookie, so only the browser that started the authorization can continue it.
   */
  async finishLogin(interactionUid: string, userId: string): Promise<string | undefined> {
    const interaction = await this.provider.Interaction.find(interactionUid);
    if (!interaction || interaction.prompt.name !== 'login') return undefined;
    interaction.result = { login: { accountId: userId } };
    await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
    return interaction.returnTo;
  }
}
