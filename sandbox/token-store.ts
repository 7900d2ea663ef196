import { randomBytes } from 'node:crypto';
import type { Clock } from './clock';

export const ACCESS_TOKEN_TTL_SECONDS = 1800;
const CODE_TTL_SECONDS = 600;

export interface AccessGrant {
  id: string;
  clientId: string;
  customerEmail: string;
  scopes: string[];
  revoked: boolean;
}

export interface AccessToken {
  clientId: string;
  scopes: string[];
  expiresAt: number;
  customerEmail?: string;
  grantId?: string;
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  customerEmail: string;
  codeChallenge?: string;
  expiresAt: number;
  used: boolean;
  grantId: string;
}

interface RefreshToken {
  grantId: string;
  clientId: string;
  expiresAt: number;
  used: boolean;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Everything the sandbox's authorization server remembers. Access tokens look like Kroger's RS256
 * JWTs (header, claims, 256-byte signature) but are checked by lookup: the signature is random.
 */
export class TokenStore {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly grants = new Map<string, AccessGrant>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshToken>();

  constructor(
    private readonly clock: Clock,
    private readonly refreshTokenTtlSeconds: number,
  ) {}

  clear(): void {
    this.codes.clear();
    this.grants.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  issueCode(input: Omit<AuthorizationCode, 'expiresAt' | 'used' | 'grantId'>): string {
    const code = randomAlphanumeric(32);
    const grantId = randomAlphanumeric(16);
    this.grants.set(grantId, {
      id: grantId,
      clientId: input.clientId,
      customerEmail: input.customerEmail,
      scopes: input.scopes,
      revoked: false,
    });
    this.codes.set(code, { ...input, grantId, used: false, expiresAt: this.clock.now() + CODE_TTL_SECONDS * 1000 });
    return code;
  }

  /** Returns the code's record once; a second redemption revokes what the first one issued (RFC 6749 §4.1.2). */
  redeemCode(code: string): AuthorizationCode | undefined {
    const record = this.codes.get(code);
    if (!record) return undefined;
    if (record.used) {
      this.revokeGrant(record.grantId);
      return undefined;
    }
    if (record.expiresAt <= this.clock.now()) return undefined;
    record.used = true;
    return record;
  }

  issueAppToken(clientId: string, scopes: string[]): { token: string; expiresIn: number } {
    return this.issueAccessToken({ clientId, scopes }, clientId);
  }

  issueCustomerTokens(grantId: string, subject: string): { token: string; expiresIn: number; refreshToken: string } {
    const grant = this.grants.get(grantId)!;
    const access = this.issueAccessToken(
      { clientId: grant.clientId, scopes: grant.scopes, customerEmail: grant.customerEmail, grantId },
      subject,
    );
    const refreshToken = randomAlphanumeric(30);
    this.refreshTokens.set(refreshToken, {
      grantId,
      clientId: grant.clientId,
      used: false,
      expiresAt: this.clock.now() + this.refreshTokenTtlSeconds * 1000,
    });
    return { ...access, refreshToken };
  }

  /** Single use: the token is spent whether or not the caller receives the answer. */
  redeemRefreshToken(refreshToken: string, clientId: string): AccessGrant | undefined {
    const record = this.refreshTokens.get(refreshToken);
    if (!record || record.used || record.clientId !== clientId || record.expiresAt <= this.clock.now())
      return undefined;
    const grant = this.grants.get(record.grantId);
    if (!grant || grant.revoked) return undefined;
    record.used = true;
    return grant;
  }

  verifyAccessToken(token: string): AccessToken | undefined {
    const record = this.accessTokens.get(token);
    if (!record || record.expiresAt <= this.clock.now()) return undefined;
    if (record.grantId && this.grants.get(record.grantId)?.revoked) return undefined;
    return record;
  }

  /** Revokes every grant of a customer, or the grant behind one refresh token. Returns how many. */
  revoke(target: { email?: string; refreshToken?: string }): number {
    let revoked = 0;
    if (target.refreshToken) {
      const grantId = this.refreshTokens.get(target.refreshToken)?.grantId;
      if (grantId && this.revokeGrant(grantId)) revoked += 1;
    }
    if (target.email) {
      for (const grant of this.grants.values()) {
        if (grant.customerEmail.toLowerCase() === target.email.toLowerCase() && this.revokeGrant(grant.id))
          revoked += 1;
      }
    }
    return revoked;
  }

  private revokeGrant(grantId: string): boolean {
    const grant = this.grants.get(grantId);
    if (!grant || grant.revoked) return false;
    grant.revoked = true;
    return true;
  }

  private issueAccessToken(
    record: Omit<AccessToken, 'expiresAt'>,
    subject: string,
  ): { token: string; expiresIn: number } {
    this.pruneExpired();
    const now = this.clock.now();
    const iat = Math.floor(now / 1000);
    const claims = {
      scope: record.scopes.join(' '),
      authAt: `${now}000000`,
      aud: record.clientId,
      exp: iat + ACCESS_TOKEN_TTL_SECONDS,
      iat,
      iss: 'api.kroger.com',
      sub: subject,
    };
    const token = `${b64url({ alg: 'RS256', jku: 'https://api.kroger.com/v1/.well-known/jwks.json', kid: 'sandbox', typ: 'JWT' })}.${b64url(claims)}.${randomBytes(256).toString('base64url')}`;
    this.accessTokens.set(token, { ...record, expiresAt: now + ACCESS_TOKEN_TTL_SECONDS * 1000 });
    return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }

  private lastPrune = 0;

  /** Keeps memory flat under long benchmarks: expired tokens and codes are dropped now and then. */
  private pruneExpired(): void {
    const now = this.clock.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    for (const [token, record] of this.accessTokens) if (record.expiresAt <= now) this.accessTokens.delete(token);
    for (const [code, record] of this.codes) if (record.expiresAt <= now) this.codes.delete(code);
  }
}
