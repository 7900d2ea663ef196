import { randomBytes } from 'node:crypto';
import { AccessTokens } from './access-tokens';
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

describe('AccessTokens', () => {
  it('verifies its own tokens until they expire, and nothing forged', () => {
    const tokens = new AccessTokens(randomBytes(32), 900);
    const token = tokens.issue('user-1', 'session-1', ['read'], 0);
    expect(tokens.verify(token, 1000)).toMatchObject({ sub: 'user-1', sid: 'session-1', scp: ['read'] });
    expect(tokens.verify(token, 900_000)).toBeUndefined();
    const [body] = token.slice(4).split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'admin', sid: 's', scp: ['read', 'cart:write'], exp: 9e9 }),
    ).toString('base64url');
    expect(tokens.verify(`kbt_${forged}.${token.split('.')[1]}`)).toBeUndefined();
    expect(tokens.verify(`kbt_${body}.AAAA`)).toBeUndefined();
    expect(new AccessTokens(randomBytes(32), 900).verify(token, 1000)).toBeUndefined();
  });
});
