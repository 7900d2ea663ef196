import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Token formats, recognisable in a leak scan and by the log redactor: kbt_ access, kbr_ refresh, kbp_ personal,
 * kbc_ one-time code, kbx_ re-authorization ticket.
 */
export const TOKEN_PREFIX = {
  access: 'kbt_',
  refresh: 'kbr_',
  personal: 'kbp_',
  loginCode: 'kbc_',
  reauthTicket: 'kbx_',
} as const;

export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** RFC 7636 S256: the code challenge a PKCE verifier answers. */
export function pkceChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

/** High-entropy tokens need no slow hash: SHA-256 makes the stored value useless to a thief. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function hmac(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A key for one purpose derived from the master key, so one secret never serves two uses. */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  return createHmac('sha256', master).update(`kroger-backend:${purpose}`).digest();
}
