import { randomBytes } from 'node:crypto';
import { sealKrogerTokens, TokenVault } from './token-vault';

describe('TokenVault', () => {
  const key = randomBytes(32);
  it('seals with AES-256-GCM under a key id and opens again', () => {
    const vault = new TokenVault(key);
    const sealed = vault.seal('kroger-refresh-token');
    expect(sealed).not.toContain('kroger-refresh-token');
    expect(sealed.split('.')[1]).toBe(vault.currentKeyId);
    expect(vault.open(sealed)).toBe('kroger-refresh-token');
    expect(vault.seal('x')).not.toBe(vault.seal('x'));
  });

  it('refuses tampered values and unknown keys, and opens old values with the previous key', () => {
    const old = new TokenVault(key);
    const sealed = old.seal('secret');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => old.open(parts.join('.'))).toThrow();
    const rotated = new TokenVault(randomBytes(32));
    expect(() => rotated.open(sealed)).toThrow(/TOKEN_ENCRYPTION_KEY_PREVIOUS/);
    const withPrevious = new TokenVault(randomBytes(32), key);
    expect(withPrevious.open(sealed)).toBe('secret');
    expect(withPrevious.keyIdOfSealed(withPrevious.seal('secret'))).toBe(withPrevious.currentKeyId);
  });
});

describe('sealKrogerTokens', () => {
  it('moves a kept refresh token sealed under the previous key to the current key, so the row matches its keyId', () => {
    const previous = randomBytes(32);
    const kept = new TokenVault(previous).seal('old-refresh');
    const vault = new TokenVault(randomBytes(32), previous);
    const sealed = sealKrogerTokens(vault, { accessToken: 'new-access', expiresInSeconds: 1800, scopes: [] }, kept);
    expect(sealed.keyId).toBe(vault.currentKeyId);
    expect(vault.keyIdOfSealed(sealed.refreshToken!)).toBe(vault.currentKeyId);
    expect(vault.open(sealed.refreshToken!)).toBe('old-refresh');
  });
});
