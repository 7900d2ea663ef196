import { redact, redactString } from './redact';

describe('redact', () => {
  it('hides bearer credentials, JWTs, our token formats and secret query parameters', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl';
    const line = `Authorization: Bearer abc.def GET /cb?code=s3cr3t&state=xyz&page=2 token ${jwt} kbp_0123456789abcdefghij`;
    const out = redactString(line);
    expect(out).not.toMatch(/abc\.def|s3cr3t|xyz|eyJ|kbp_0123/);
    expect(out).toContain('page=2');
    expect(out).toContain('code=[redacted]');
  });

  it("keeps the email an operator checks for a Kroger profile out of the request log's URL", () => {
    const out = redactString('/api/v1/kroger-profiles?email=pat%40example.com&x=1');
    expect(out).toBe('/api/v1/kroger-profiles?email=[redacted]&x=1');
  });

  it('hides fields named like secrets at any depth and keeps the rest', () => {
    const out = redact({
      user: 'u1',
      headers: { authorization: 'Basic Zm9vOmJhcg==', accept: 'json' },
      nested: [{ refresh_token: 'r1', accessToken: 'a1', expiresIn: 1800, ok: true }],
      clientSecret: 'cs',
    });
    expect(out).toEqual({
      user: 'u1',
      headers: { authorization: '[redacted]', accept: 'json' },
      nested: [{ refresh_token: '[redacted]', accessToken: '[redacted]', expiresIn: 1800, ok: true }],
      clientSecret: '[redacted]',
    });
  });

  it('keeps an error readable while scrubbing its message', () => {
    const out = redact(new Error('refresh failed for Bearer abcdef123')) as { message: string; type: string };
    expect(out.type).toBe('Error');
    expect(out.message).toBe('refresh failed for [redacted]');
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redact(a)).toEqual({ name: 'a', self: '[truncated]' });
  });
});
