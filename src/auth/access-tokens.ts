import { deriveKey, hmac, safeEqual, TOKEN_PREFIX } from './secrets';

/**
 * What a token may do. `lists:write` changes the user's shopping lists; `profile:write` changes the user's settings (preferred store); `account`
 * manages the account itself (personal tokens, the Kroger link): sessions signed in through linking
 * hold every scope, personal tokens only the ones asked for.
 */
export const ALL_SCOPES = ['read', 'cart:write', 'lists:write', 'loyalty:reveal', 'profile:write', 'account'] as const;
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

/** Exactly `kbt_<base64url claims>.<base64url HMAC-SHA256>`: no padding, no extra segment. */
const ACCESS_TOKEN_FORMAT = new RegExp(`^${TOKEN_PREFIX.access}([A-Za-z0-9_-]{1,4096})\\.([A-Za-z0-9_-]{43})$`);
/** Live tokens remembered at once; past that the memory starts again (a token's check is cheap to redo). */
const MAX_VERIFIED = 20_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Our short-lived session access tokens: `kbt_<claims>.<hmac>`. Checked without a database read;
 * revocation reaches them through the session check in the guard.
 */
export class AccessTokens {
  private readonly key: Buffer;
  /**
   * Tokens whose signature was already checked, with their claims: a token is sent with every
   * request of its life, and an HMAC per request showed in profiles of cached reads. Expiry is
   * still checked on every call, and revocation is the guard's session check, as before.
   */
  private readonly verified = new Map<string, AccessClaims>();

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
    const known = this.verified.get(token);
    if (known) return known.exp * 1000 > now ? known : undefined;
    const match = ACCESS_TOKEN_FORMAT.exec(token);
    if (!match) return undefined;
    const [, body, signature] = match;
    if (!safeEqual(signature, hmac(this.key, body))) return undefined;
    const claims = parseClaims(body);
    if (!claims || claims.exp * 1000 <= now) return undefined;
    if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }
}

/** Signed claims are ours, but a key shared with an older format must not yield odd shapes. */
function parseClaims(body: string): AccessClaims | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString());
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { sub, sid, scp, exp, ...rest } = parsed as Record<string, unknown>;
  const wellFormed =
    Object.keys(rest).length === 0 &&
    typeof sub === 'string' &&
    UUID.test(sub) &&
    typeof sid === 'string' &&
    UUID.test(sid) &&
    Array.isArray(scp) &&
    scp.every((scope) => (ALL_SCOPES as readonly unknown[]).includes(scope)) &&
    Number.isSafeInteger(exp);
  return wellFormed ? { sub, sid, scp: scp as ApiScope[], exp: exp as number } : undefined;
}
