import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { KrogerTokens } from '../kroger/kroger-types';

const VERSION = 'v1';

/** Short, stable id of a key: which key sealed a value, without revealing the key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/**
 * AES-256-GCM for Kroger tokens at rest. A sealed value reads `v1.<keyId>.<iv>.<tag>.<ciphertext>`
 * (base64url), so rotation knows which key opens each one. The previous key still opens values;
 * only the current key seals.
 */
export class TokenVault {
  readonly currentKeyId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(current: Buffer, previous?: Buffer) {
    if (current.length !== 32) throw new Error('TokenVault needs a 32-byte key');
    this.currentKeyId = keyIdOf(current);
    this.keys.set(this.currentKeyId, current);
    if (previous) this.keys.set(keyIdOf(previous), previous);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    // The key id is authenticated too: a value cannot be moved under another key's label.
    cipher.setAAD(Buffer.from(this.currentKeyId));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      this.currentKeyId,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  open(sealed: string): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !keyId || !iv || !tag || ciphertext === undefined) throw new Error('Not a sealed token');
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`No key ${keyId} configured to open this token (set TOKEN_ENCRYPTION_KEY_PREVIOUS)`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  keyIdOfSealed(sealed: string): string | undefined {
    return sealed.split('.')[1];
  }
}

/** Kroger tokens as they are stored: sealed, with the key that sealed them and the access token's expiry. */
export interface SealedKrogerTokens {
  accessToken: string;
  refreshToken: string | null;
  keyId: string;
  accessTokenExpiresAt: Date;
}

/**
 * The one place Kroger tokens are sealed, for a new link and for every refresh. Kroger rotates
 * refresh tokens; should one not come back, `keptRefreshToken` (already sealed) stays.
 */
export function sealKrogerTokens(
  vault: TokenVault,
  tokens: KrogerTokens,
  keptRefreshToken: string | null = null,
): SealedKrogerTokens {
  return {
    accessToken: vault.seal(tokens.accessToken),
    refreshToken: tokens.refreshToken ? vault.seal(tokens.refreshToken) : resealed(vault, keptRefreshToken),
    // True of both tokens: a kept refresh token is re-sealed, so keys:rotate may skip this row.
    keyId: vault.currentKeyId,
    accessTokenExpiresAt: new Date(Date.now() + tokens.expiresInSeconds * 1000),
  };
}

/** A kept value sealed under the previous key moves to the current one. */
function resealed(vault: TokenVault, sealed: string | null): string | null {
  if (!sealed || vault.keyIdOfSealed(sealed) === vault.currentKeyId) return sealed;
  return vault.seal(vault.open(sealed));
}
