import { krogerErrorFromResponse, parseKrogerErrorBody, parseRetryAfter } from './kroger-error-parser';

describe('Kroger error parsing', () => {
  it('reads both API envelopes and both OAuth shapes', () => {
    expect(
      parseKrogerErrorBody({
        errors: {
          timestamp: 1,
          code: 'PRODUCT-2011-400',
          reason: "Field 'locationId' must have a length of 8 characters",
        },
      }),
    ).toEqual({
      code: 'PRODUCT-2011-400',
      reason: "Field 'locationId' must have a length of 8 characters",
    });
    expect(parseKrogerErrorBody({ timestamp: 1, code: 'API-4101-400', reason: 'Invalid parameters' })).toEqual({
      code: 'API-4101-400',
      reason: 'Invalid parameters',
    });
    expect(
      parseKrogerErrorBody({ error_description: 'The access token is invalid or has expired', error: 'invalid_token' }),
    ).toEqual({
      code: 'invalid_token',
      reason: 'The access token is invalid or has expired',
    });
    expect(
      parseKrogerErrorBody({
        errors: { error_description: 'The access token is invalid or has expired', error: 'invalid_token' },
      }),
    ).toEqual({
      code: 'invalid_token',
      reason: 'The access token is invalid or has expired',
    });
    expect(parseKrogerErrorBody({})).toEqual({});
    expect(parseKrogerErrorBody(undefined)).toEqual({});
    expect(parseKrogerErrorBody('<html>Bad gateway</html>')).toEqual({ reason: '<html>Bad gateway</html>' });
  });

  it('maps statuses to failures, retryability and problem codes', () => {
    const cases: [number, string, boolean, number][] = [
      [400, 'kroger.bad_request', false, 400],
      [401, 'kroger.unauthorized', false, 502],
      [403, 'kroger.forbidden', false, 403],
      [404, 'kroger.not_found', false, 404],
      [409, 'kroger.conflict', false, 409],
      [429, 'kroger.quota_exhausted', true, 503],
      [500, 'kroger.unavailable', true, 503],
      [503, 'kroger.unavailable', true, 503],
    ];
    for (const [status, code, retryable, ours] of cases) {
      const error = krogerErrorFromResponse('products', status, { errors: { code: 'X', reason: 'why' } });
      expect({ code: error.code, retryable: error.retryable, status: error.status }).toEqual({
        code,
        retryable,
        status: ours,
      });
      expect(error.options.upstream).toEqual({ status, code: 'X', reason: 'why' });
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('60')).toBe(60);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 1)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(60);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(krogerErrorFromResponse('products', 429, {}, '120').retryAfterSeconds).toBe(120);
  });
});
