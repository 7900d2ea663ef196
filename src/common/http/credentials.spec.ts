import { sameSecret } from './credentials';

describe('sameSecret', () => {
  it('accepts only the configured key, whatever the length of a wrong one, and never an absent one', () => {
    const key = 'courier-key-0123456789abcdef';
    expect(sameSecret(key, key)).toBe(true);
    expect(sameSecret('courier-key-0123456789abcdeF', key)).toBe(false);
    expect(sameSecret('short', key)).toBe(false);
    expect(sameSecret(`${key}x`, key)).toBe(false);
    expect(sameSecret('', key)).toBe(false);
    expect(sameSecret(undefined, key)).toBe(false);
    expect(sameSecret(key, undefined)).toBe(false);
  });
});
