import { createKrogerClient, isProblem, memoryTokenStore, ProblemError } from '../src/index';
import { ok, problem, scripted } from './scripted-server';

const added = { added: [], cartUrl: null };

describe('createKrogerClient (against a scripted server)', () => {
  it('waits out a short Retry-After on a GET and retries it', async () => {
    const server = scripted(problem(503, 'kroger.unavailable', { 'Retry-After': '0' }), ok({ userId: 'u' }));
    const kroger = createKrogerClient({ baseUrl: 'http://sdk.test', fetch: server.fetch });
    await expect(kroger.GET('/api/v1/me')).resolves.toMatchObject({ data: { userId: 'u' } });
    expect(server.received).toHaveLength(2);
  });

  it('does not wait longer than allowed: the ProblemError carries retryAfter', async () => {
    const server = scripted(problem(429, 'quota.user_exhausted', { 'Retry-After': '3600' }));
    const kroger = createKrogerClient({ baseUrl: 'http://sdk.test', fetch: server.fetch });
    const error = await kroger.GET('/api/v1/me').catch((e: unknown) => e);
    expect(isProblem(error, 'quota.user_exhausted')).toBe(true);
    expect((error as ProblemError).retryAfter).toBe(3600);
    expect(server.received).toHaveLength(1);
  });

  it('never repeats a POST that has no Idempotency-Key', async () => {
    const server = scripted(problem(503, 'kroger.unavailable', { 'Retry-After': '0' }));
    const kroger = createKrogerClient({ baseUrl: 'http://sdk.test', fetch: server.fetch });
    await expect(kroger.POST('/api/v1/me/tokens', { body: { name: 'x', scopes: ['read'] } })).rejects.toMatchObject({
      status: 503,
    });
    expect(server.received).toHaveLength(1);
    expect(server.received[0].headers.has('Idempotency-Key')).toBe(false);
  });

  it('gives a cart add one Idempotency-Key, the same on its retry, and keeps a key the caller chose', async () => {
    const server = scripted(problem(503, 'kroger.unavailable', { 'Retry-After': '0' }), ok(added, 201), ok(added, 201));
    const kroger = createKrogerClient({ baseUrl: 'http://sdk.test', fetch: server.fetch });
    const body = { items: [{ productId: '0001111041700', quantity: 1 }] };
    await kroger.POST('/api/v1/cart/items', { body });
    await kroger.POST('/api/v1/cart/items', { body, params: { header: { 'Idempotency-Key': 'chosen-by-app' } } });
    const keys = server.received.map((request) => request.headers.get('Idempotency-Key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys).toEqual([keys[0], keys[0], 'chosen-by-app']);
    expect(await server.received[1].json()).toEqual(body);
  });

  it('sends array query parameters comma-separated, as the API declares them', async () => {
    const server = scripted(ok({ data: [], pagination: { start: 0, limit: 10, total: 0 } }));
    const kroger = createKrogerClient({ baseUrl: 'http://sdk.test/', fetch: server.fetch });
    await kroger.GET('/api/v1/products', { params: { query: { productIds: ['0001111041700', '0001111041701'] } } });
    const url = new URL(server.received[0].url);
    expect(url.pathname).toBe('/api/v1/products');
    expect(url.searchParams.get('productIds')).toBe('0001111041700,0001111041701');
  });

  it('turns an error page that is not problem+json into a ProblemError with the status', async () => {
    const server = scripted(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const kroger = createKrogerClient({ baseUrl: 'http://sdk.test', fetch: server.fetch });
    await expect(kroger.GET('/api/v1/me')).rejects.toMatchObject({
      status: 502,
      code: 'http.unexpected_response',
      title: 'Bad Gateway',
    });
  });

  it('keeps the tokens when the refresh fails for a reason other than refusal (network, 503)', async () => {
    const tokens = memoryTokenStore({ accessToken: 'kbt_old', refreshToken: 'kbr_old' });
    const server = scripted(problem(401, 'auth.invalid_token'), problem(503, 'service.unavailable'));
    const kroger = createKrogerClient({
      baseUrl: 'http://sdk.test',
      fetch: server.fetch,
      tokens,
      retry: { maxRetries: 0 },
    });
    await expect(kroger.GET('/api/v1/me')).rejects.toMatchObject({ status: 503 });
    expect(await tokens.get()).toEqual({ accessToken: 'kbt_old', refreshToken: 'kbr_old' });
  });

  it('does not renew the session for a 401 about the Kroger link', async () => {
    const tokens = memoryTokenStore({ accessToken: 'kbt_a', refreshToken: 'kbr_a' });
    const server = scripted(problem(401, 'link.reauth_required'));
    const kroger = createKrogerClient({ baseUrl: 'http://sdk.test', fetch: server.fetch, tokens });
    await expect(kroger.GET('/api/v1/cart')).rejects.toMatchObject({ code: 'link.reauth_required' });
    expect(server.received.map((r) => new URL(r.url).pathname)).toEqual(['/api/v1/cart']);
  });
});
