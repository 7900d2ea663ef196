import { weakEtag } from './weak-etag';

describe('weakEtag', () => {
  // Expected values are what Express's default (`etag(body, { weak: true })`) gives for the same bodies.
  it("is Express's default ETag, byte for byte, so clients' stored ETags stay valid", () => {
    const cases: [string, string][] = [
      ['', 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"'],
      ['{"data":[]}', 'W/"b-EFAlOux7Kcr/ZEgGkn2r+oFAbu4"'],
      ['é'.repeat(5000), 'W/"2710-R8QF4Iopl+CWfQWgT9DnrvbXeYQ"'],
    ];
    for (const [body, expected] of cases) {
      expect(weakEtag(body)).toBe(expected);
      expect(weakEtag(Buffer.from(body))).toBe(expected);
    }
  });
});
