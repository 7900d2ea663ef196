import { z } from 'zod';
import { pageOf } from '../common/contract/pagination';
import { requestSchema, responseSchema } from '../common/contract/schema-registry';
import { IsoDateTime } from '../common/contract/values';
import { ALL_SCOPES } from './access-tokens';

const refreshToken = z
  .string()
  .regex(/^kbr_[A-Za-z0-9_-]{20,100}$/, { error: 'must be a refresh token from this service' });

export const AuthorizeQuery = z.strictObject({
  returnTo: z
    .string()
    .min(1)
    .max(2000)
    .optional()
    .meta({
      description: 'Where to send the browser back; must be in ALLOWED_RETURN_URLS',
      examples: ['https://app.example.com/kroger/linked'],
    }),
  banner: z
    .string()
    .regex(/^[a-z0-9]{2,32}$/, { error: 'must be a Kroger banner name such as kroger or ralphs' })
    .optional()
    .meta({ description: "Brand the consent page for one of Kroger's banners", examples: ['ralphs'] }),
  codeChallenge: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, { error: 'must be an S256 PKCE challenge: 43 base64url characters' })
    .meta({
      description:
        'BASE64URL(SHA-256(codeVerifier)) (RFC 7636); the one-time code is exchanged only with that codeVerifier',
      examples: ['E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'],
    }),
  codeChallengeMethod: z
    .enum(['S256'], { error: 'must be S256' })
    .optional()
    .meta({ description: 'S256, the only method (plain is refused)' }),
});
export type AuthorizeQuery = z.infer<typeof AuthorizeQuery>;

export const ReauthorizeQuery = z.strictObject({
  ticket: z
    .string()
    .regex(/^kbx_[A-Za-z0-9_-]{20,100}$/, { error: 'must be a re-authorization ticket from this service' })
    .meta({ description: 'The single-use ticket from a re-authorization link', examples: ['kbx_…'] }),
});
export type ReauthorizeQuery = z.infer<typeof ReauthorizeQuery>;

export const SessionRequest = requestSchema(
  'SessionRequest',
  z.strictObject({
    code: z
      .string()
      .regex(/^kbc_[A-Za-z0-9_-]{20,100}$/, { error: 'must be the one-time code from the linking redirect' })
      .meta({ description: 'The one-time code from the linking redirect', examples: ['kbc_…'] }),
    codeVerifier: z
      .string()
      .regex(/^[A-Za-z0-9._~-]{43,128}$/, { error: 'must be a PKCE code verifier: 43 to 128 of A-Z a-z 0-9 - . _ ~' })
      .meta({
        description: 'The secret whose S256 challenge was sent to authorize as codeChallenge (RFC 7636)',
        examples: ['dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'],
      }),
  }),
);
export type SessionRequest = z.infer<typeof SessionRequest>;

export const RefreshRequest = requestSchema('RefreshRequest', z.strictObject({ refreshToken }));
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const LogoutRequest = requestSchema(
  'LogoutRequest',
  z.strictObject({
    refreshToken: refreshToken
      .optional()
      .describe('Ends the session of this refresh token (when the access token has expired)'),
  }),
);
export type LogoutRequest = z.infer<typeof LogoutRequest>;

export const SessionTokens = responseSchema(
  'SessionTokens',
  z.object({
    accessToken: z.string().meta({ examples: ['kbt_…'], description: 'Short-lived; send as Authorization: Bearer' }),
    refreshToken: z.string().meta({
      examples: ['kbr_…'],
      description: 'Single use: each refresh returns a new one; reusing an old one ends the session',
    }),
    tokenType: z.literal('Bearer'),
    expiresIn: z
      .number()
      .int()
      .meta({ examples: [900], description: 'Seconds until the access token expires' }),
  }),
);
export type SessionTokens = z.infer<typeof SessionTokens>;

const Scope = z.enum(ALL_SCOPES, { error: `must be one of ${ALL_SCOPES.join(', ')}` }).meta({
  description:
    'read: products, stores, cart, shopping lists, profile, coupons; cart:write: cart and coupon changes; ' +
    'lists:write: shopping list changes; loyalty:reveal: the full ' +
    'loyalty card number; profile:write: the preferred store; account: personal tokens and the Kroger link. ' +
    'Sessions signed in through linking hold every scope; a personal token only those it was created with.',
});

export const CreateApiTokenRequest = requestSchema(
  'CreateApiTokenRequest',
  z.strictObject({
    name: z
      .string()
      .min(1)
      .max(100)
      .meta({ examples: ['Claude desktop'] }),
    scopes: z
      .array(Scope)
      .min(1, { error: 'must list at least one scope' })
      .refine((scopes) => new Set(scopes).size === scopes.length, {
        error: 'must not list a scope twice',
        params: { rule: 'uniqueItems' },
      })
      .meta({ examples: [['read', 'cart:write']] }),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .optional()
      .describe(
        'Expiry in days. Default PERSONAL_TOKEN_TTL_DAYS (90), at most PERSONAL_TOKEN_MAX_TTL_DAYS (365); ' +
          'a token minted by a personal token never expires after it',
      ),
  }),
);
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequest>;

export const ApiToken = responseSchema(
  'ApiToken',
  z.object({
    id: z.uuid(),
    name: z.string(),
    scopes: z.array(z.string()).meta({ examples: [['read']], description: `Among ${ALL_SCOPES.join(', ')}` }),
    createdAt: IsoDateTime,
    expiresAt: IsoDateTime.nullable(),
    lastUsedAt: IsoDateTime.nullable(),
  }),
);
export type ApiToken = z.infer<typeof ApiToken>;
export const ApiTokenList = pageOf('ApiTokenList', ApiToken);
export type ApiTokenList = z.infer<typeof ApiTokenList>;

export const CreatedApiToken = responseSchema(
  'CreatedApiToken',
  ApiToken.extend({ token: z.string().meta({ examples: ['kbp_…'], description: 'Shown only now; store it safely' }) }),
);
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;

export const TokenIdParam = z.uuid({ error: 'must be a UUID' });

export const KrogerLinkStatus = z.enum(['ACTIVE', 'REAUTH_REQUIRED', 'REVOKED']);

export const Me = responseSchema(
  'Me',
  z.object({
    userId: z.uuid(),
    createdAt: IsoDateTime,
    authenticatedWith: z.enum(['session', 'api_token']),
    scopes: z.array(Scope),
    krogerLink: z
      .object({
        status: KrogerLinkStatus,
        profileId: z.string().describe("Kroger's profile id"),
        scopes: z.array(z.string()).meta({ examples: [['product.compact', 'cart.basic:write', 'profile.compact']] }),
        linkedAt: IsoDateTime,
        lastRefreshedAt: IsoDateTime.nullable(),
        features: z
          .array(
            z.object({
              feature: z.string().meta({ examples: ['collections'] }),
              scopes: z.array(z.string()).describe('The Kroger scopes the feature needs on the link'),
              allowed: z.boolean().describe("The link's scopes include them all"),
            }),
          )
          .describe(
            'The features this deployment offers that act with the linked account, and whether this link allows each',
          ),
      })
      .nullable(),
  }),
);
export type Me = z.infer<typeof Me>;

/** What the MCP tool get_account_status says about the caller's account (not a REST response). */
export const AccountStatus = z.object({
  linked: z.boolean().meta({ description: 'Whether a Kroger account is linked and usable now' }),
  linkStatus: z.enum(['ACTIVE', 'REAUTH_REQUIRED', 'REVOKED', 'NONE']),
  tier: z.enum(['public', 'partner']).meta({ description: 'The Kroger API tier this service runs on' }),
  scopes: z.array(z.string()).meta({ description: "What this connection's token may do" }),
  authenticatedWith: z.enum(['session', 'api_token', 'oauth']),
  clientId: z.string().optional(),
  reauthorizeUrl: z.string().optional().meta({ description: 'Single-use link to sign in to Kroger again' }),
  nextSteps: z.string(),
});
export type AccountStatus = z.infer<typeof AccountStatus>;
