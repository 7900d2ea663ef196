import { randomBytes } from 'node:crypto';
import { TokenVault } from './token-vault';

// The database side of rotation runs in test/key-rotation.e2e-spec.ts; this checks the vault contract it relies on.
describe('key rotation contract', () => {
  it('opens with the previous key and reseals under the current key id', () => {
    const oldKey = randomBytes(32);
    const sealedOld = new TokenVault(oldKey).seal('refresh-token');
    const rotated = new TokenVault(randomBytes(32), oldKey);
    const resealed = rotated.seal(rotated.open(sealedOld));
    expect(rotated.keyIdOfSealed(resealed)).toBe(rotated.currentKeyId);
    expect(rotated.keyIdOfSealed(sealedOld)).not.toBe(rotated.currentKeyId);
    expect(rotated.open(resealed)).toBe('refresh-token');
  });
});
