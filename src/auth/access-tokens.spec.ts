import { AccessTokens } from './access-tokens';
import { deriveKey, hmac } from './secrets';

const MASTER = Buffer.alloc(32, 9);
const USER = '7d0c4a43-2f4e-4d8e-9a57-2d4b8a1f3c11';
const SESSION = 'c1a9e6f2-58b4-4b0e-8d0c-3f2e1a7b9d44';

/** Signs arbitrary claims with the real key: what an attacker could do only with the key, or an old format. */
function signed(claims: unknown): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `kbt_${body}.${hmac(deriveKey(MASTER, 'access-token'), body)}`;
}

describe('AccessTokens', () => {
  const tokens = new AccessTokens(MASTER, 900);

  it('verifies its own tokens until they expire, and nothing forged or signed with another key', () => {
    const token = tokens.issue(USER, SESSION, ['read', 'account'], 0);
    expect(tokens.verify(token, 1000)).toMatchObject({ sub: USER, sid: SESSION, scp: ['read', 'account'] });
    expect(tokens.verify(token, 900_000)).toBeUndefined();
    const [body, signature] = token.slice(4).split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: USER, sid: SESSION, scp: ['read', 'cart:write'], exp: 9e9 }),
    ).toString('base64url');
    expect(tokens.verify(`kbt_${forged}.${signature}`)).toBeUndefined();
    expect(tokens.verify(`kbt_${body}.${'A'.repeat(43)}`, 1000)).toBeUndefined();
    expect(new AccessTokens(Buffer.alloc(32, 1), 900).verify(token, 1000)).toBeUndefined();
  });

  it('accepts exactly kbt_<claims>.<signature>: no extra segment, padding, or other prefix', () => {
    const token = tokens.issue(USER, SESSION, ['read']);
    const [body, signature] = token.slice(4).split('.');
    for (const forged of [
      `${token}.x`,
      `${token}.`,
      `kbt_${body}.${signature}.${signature}`,
      `kbt_${body}=.${signature}`,
      `kbt_${body}.${signature}=`,
      `KBT_${body}.${signature}`,
      ` ${token}`,
      `kbt_${body}.${signature.slice(1)}`,
    ])
      expect({ forged, claims: tokens.verify(forged) }).toEqual({ forged, claims: undefined });
  });

  it('refuses expired tokens and signed claims of another shape', () => {
    expect(tokens.verify(tokens.issue(USER, SESSION, ['read'], Date.now() - 901_000))).toBeUndefined();
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(tokens.verify(signed({ sub: USER, sid: SESSION, scp: ['read'], exp }))).toBeDefined();
    expect(tokens.verify(signed({ sub: USER, sid: SESSION, scp: ['admin'], exp }))).toBeUndefined();
    expect(tokens.verify(signed({ sub: USER, sid: SESSION, scp: 'read', exp }))).toBeUndefined();
    expect(tokens.verify(signed({ sub: 'x', sid: SESSION, scp: [], exp }))).toBeUndefined();
    expect(tokens.verify(signed({ sub: USER, sid: SESSION, scp: [], exp: String(exp) }))).toBeUndefined();
    expect(tokens.verify(signed({ sub: USER, sid: SESSION, scp: [], exp, extra: 1 }))).toBeUndefined();
    expect(tokens.verify(signed([USER]))).toBeUndefined();
  });
});
