import { deriveKey, hmac, safeEqual, TOKEN_PREFIX } from './secrets';

export const ALL_SCOPES = ['read', 'cart:write', 'loyalty:reveal'] as const;
export type ApiScope = (typeof ALL_SCOPES)[number];

export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Session id. */
  sid: string;
  scp: ApiScope[];
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/**
 * Our short-lived session access tokens: `kbt_<claims>.<hmac>`. Checked without a database read;
 * revocation reaches them through the session check in the guard.
 */
export class AccessTokens {
  private readonly key: Buffer;

  constructor(
    master: Buffer,
    readonly ttlSeconds: number,
  ) {
    this.key = deriveKey(master, 'access-token');
  }

  issue(userId: string, sessionId: string, scopes: ApiScope[], now = Date.now()): string {
    const claims: AccessClaims = {
      sub: userId,
      sid: sessionId,
      scp: scopes,
      exp: Math.floor(now / 1000) + this.ttlSeconds,
    };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${TOKEN_PREFIX.access}${body}.${hmac(this.key, body)}`;
  }

  verify(token: string, now = Date.now()): AccessClaims | undefined {
    if (!token.startsWith(TOKEN_PREFIX.access)) return undefined;
    const [body, signature] = token.slice(TOKEN_PREFIX.access.length).split('.');
    if (!body || !signature || !safeEqual(signature, hmac(this.key, body))) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as AccessClaims;
      return claims.exp * 1000 > now ? claims : undefined;
    } catch {
      return undefined;
    }
  }
}
