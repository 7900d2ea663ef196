import { createHmac, createPrivateKey } from 'node:crypto';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { artifactAdapterFactory } from './oauth-artifact.adapter';
import { OAuthArtifactRepository } from './oauth-artifact.repository';
import { MCP_SCOPES } from './mcp-scopes';
import { oauthErrorPage } from './authorization-pages';
import { redirectUriProblem } from './redirect-uris';
import { mayFetchClientId } from './client-id-fetch-policy';

export interface OAuthProviderOptions {
  publicBaseUrl: string;
  /** The resource MCP clients' tokens are bound to: `<PUBLIC_BASE_URL>/mcp`. */
  resource: string;
  masterKey: Buffer;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  clientIdleMs: number;
  clientIdMetadataDocuments: boolean;
  clientIdMetadataHosts: string[];
  clientIdMetadataAllowPrivate: boolean;
  trustProxy: boolean;
  /** Whether the id names a user who may sign in (exists). */
  accountExists(userId: string): Promise<boolean>;
}

/** Everything the provider answers lives under /oauth; its consent and sign-in pages under /connect. */
export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  registration: '/oauth/register',
  revocation: '/oauth/revoke',
  jwks: '/oauth/jwks',
  introspection: '/oauth/introspect',
  userinfo: '/oauth/userinfo',
  end_session: '/oauth/logout',
  pushed_authorization_request: '/oauth/par',
  code_verification: '/oauth/device',
  device_authorization: '/oauth/device/auth',
  backchannel_authentication: '/oauth/backchannel',
  challenge: '/oauth/challenge',
  credential: '/oauth/credential',
} as const;

/** Without `scope`, what a client asks for: everything but the full loyalty card number. */
const DEFAULT_SCOPE = 'read cart:write lists:write profile:write';
const INTERACTION_TTL_SECONDS = 15 * 60;
const AS_SESSION_TTL_SECONDS = 14 * 86_400;

/**
 * oidc-provider configured as the OAuth 2.1 authorization server of MCP clients: dynamic registration
 * and Client ID Metadata Documents, authorization code with PKCE S256 only, every token bound to the
 * /mcp resource (RFC 8707), opaque access tokens stored hashed, rotating refresh tokens whose reuse
 * ends the grant, revocation. The issuer is PUBLIC_BASE_URL itself, so clients find the metadata at
 * the root well-known addresses.
 */
export function createOAuthProvider(repository: OAuthArtifactRepository, options: OAuthProviderOptions): Provider {
  const { resource } = options;
  const resourceServer = {
    scope: MCP_SCOPES.join(' '),
    audience: resource,
    accessTokenTTL: options.accessTokenTtlSeconds,
    accessTokenFormat: 'opaque' as const,
  };
  const configuration: Configuration = {
    adapter: artifactAdapterFactory(repository, options.clientIdleMs),
    findAccount: async (_ctx, id) =>
      (await options.accountExists(id)) ? { accountId: id, claims: () => ({ sub: id }) } : undefined,
    routes: OAUTH_ROUTES,
    scopes: ['openid', 'offline_access', ...MCP_SCOPES],
    claims: { openid: ['sub'] },
    responseTypes: ['code'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: 'EdDSA',
    },
    // OAuth 2.1: the redirect URI is always named and matched exactly.
    allowOmittingSingleRegisteredRedirectUri: false,
    pkce: { required: () => true },
    // Every refresh returns a new refresh token; presenting a used one revokes the whole grant.
    rotateRefreshToken: () => true,
    issueRefreshToken: (_ctx, client) => Promise.resolve(client.grantTypeAllowed('refresh_token')),
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      RefreshToken: options.refreshTokenTtlSeconds,
      Grant: options.refreshTokenTtlSeconds,
      IdToken: 3600,
      Interaction: INTERACTION_TTL_SECONDS,
      Session: AS_SESSION_TTL_SECONDS,
    },
    interactions: { url: (_ctx, interaction) => `/connect/${interaction.uid}` },
    cookies: {
      keys: [derive(options.masterKey, 'oauth-server-cookies').toString('base64url')],
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    // One signing key every instance derives from the master key (ID tokens only: access tokens are opaque).
    jwks: { keys: [signingKey(options.masterKey)] },
    enabledJWA: { idTokenSigningAlgValues: ['EdDSA'] },
    extraClientMetadata: {
      // The validator sees the whole metadata; it runs once per client, for this property.
      properties: ['software_version'],
      validator(_ctx, key, _value, metadata) {
        if (key !== 'software_version') return;
        const problem = redirectUriProblem(metadata.redirect_uris);
        if (problem) throw new errors.InvalidRedirectUri(problem);
      },
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: false },
      // A client revokes its own tokens only (public clients authenticate by client_id alone).
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: false },
      introspection: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (!namesResource(indicator, resource))
            throw new errors.InvalidTarget(`this server issues tokens for ${resource} only`);
          return resourceServer;
        },
      },
      clientIdMetadataDocument: {
        enabled: options.clientIdMetadataDocuments,
        ack: 'draft-02',
        allowFetch: (_ctx: KoaContextWithOIDC, clientId: string) =>
          mayFetchClientId(clientId, {
            hosts: options.clientIdMetadataHosts,
            allowPrivate: options.clientIdMetadataAllowPrivate,
          }),
      },
    },
    // Outside development the library's fetch refuses private and loopback addresses at connect time.
    fetch: options.clientIdMetadataAllowPrivate
      ? (url, init) => {
          const { dispatcher: _ssrfGuard, ...rest } = init as RequestInit & { dispatcher?: unknown };
          return fetch(url, rest);
        }
      : undefined,
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = oauthErrorPage(out.error, out.error_description);
    },
  };
  if (!configuration.fetch) delete configuration.fetch;
  const provider = new Provider(options.publicBaseUrl, configuration);
  provider.proxy = options.trustProxy;
  // RFC 6749 §3.3: a request without scope gets our default rather than a grant of nothing.
  provider.use(async (ctx, next) => {
    if (ctx.path === OAUTH_ROUTES.authorization && ctx.method === 'GET' && !ctx.query.scope)
      ctx.query = { ...ctx.query, scope: DEFAULT_SCOPE };
    await next();
  });
  return provider;
}

/**
 * Whether a client's resource indicator names /mcp. Clients derive it from the URL the user pasted, so
 * "…/mcp/" (and a differently cased scheme or host) is the same endpoint; the token's audience is
 * always the canonical resource either way.
 */
function namesResource(indicator: string, resource: string): boolean {
  const url = URL.parse(indicator);
  if (!url || url.search || url.hash) return false;
  return url.href.replace(/\/$/, '') === resource;
}

function derive(master: Buffer, purpose: string): Buffer {
  return createHmac('sha256', master).update(`kroger-backend:${purpose}`).digest();
}

/** An Ed25519 key from a 32-byte seed derived from the master key: the same on every instance. */
function signingKey(master: Buffer) {
  const pkcs8 = Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    derive(master, 'oauth-server-signing'),
  ]);
  const jwk = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
  return { ...jwk, kid: 'mcp-1', use: 'sig', alg: 'EdDSA' } as { kty: 'OKP'; crv: 'Ed25519'; d: string; x: string };
}
