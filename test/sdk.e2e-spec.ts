import { randomUUID } from 'node:crypto';
import { KrogerEnvironmentInfo } from '../src/kroger/kroger-environment';
import {
  createKrogerClient,
  createPkcePair,
  isProblem,
  isSessionExpired,
  KrogerClientOptions,
  memoryTokenStore,
  ProblemError,
} from '../clients/typescript/src';
import { callback, consent, LinkingClient } from './support/accounts';
import { expireAccessToken } from './support/expired-token';
import { SandboxControl } from './support/sandbox-control';
import { RETURN_TO } from './support/shoppers';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

const MILK = '0001111041700';

/** The SDK (clients/typescript) against the real service on embedded defaults: PGlite and the sandbox. */
describe('TypeScript client SDK (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let sandbox: SandboxControl;

  beforeAll(async () => {
    database = await TestDatabase.create();
    // No grace for a replayed refresh token: a second refresh of the same token ends the session, so
    // a client that refreshed twice for concurrent 401s would be signed out.
    service = await startApp(
      baseEnv(database, { ALLOWED_RETURN_URLS: RETURN_TO, JOBS_ENABLED: 'false', SESSION_REFRESH_GRACE_SECONDS: '0' }),
    );
    sandbox = new SandboxControl(service.app.get(KrogerEnvironmentInfo).describe().baseUrl);
  });

  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  /** An app using the SDK, and every request it sent (as the service received them). */
  function app(options: Partial<KrogerClientOptions> = {}) {
    const sent: Request[] = [];
    const kroger = createKrogerClient({
      baseUrl: service.url,
      fetch: (request) => {
        sent.push(request.clone());
        return fetch(request);
      },
      ...options,
    });
    const sentTo = (path: string) => sent.filter((request) => new URL(request.url).pathname === path);
    return { kroger, sent, sentTo };
  }

  /** Links a Kroger account the way the README shows: PKCE pair, authorize URL, one-time code, session. */
  async function signIn(email: string, options: Partial<KrogerClientOptions> = {}) {
    const signedIn = app(options);
    const pkce = await createPkcePair();
    const browser = new LinkingClient();
    const authorize = await fetch(
      signedIn.kroger.authorizeUrl({ returnTo: RETURN_TO, codeChallenge: pkce.codeChallenge }),
      { redirect: 'manual', headers: browser.cookieHeader() },
    );
    expect(authorize.status).toBe(302);
    browser.remember(authorize);
    const krogerConsent = new URL(authorize.headers.get('location')!);
    const landing = await callback(service.url, await consent(krogerConsent, { email }), browser);
    const code = new URL(landing.headers.get('location')!).searchParams.get('code');
    expect(code).toMatch(/^kbc_/);
    await signedIn.kroger.startSession({ code: code!, codeVerifier: pkce.codeVerifier });
    return signedIn;
  }

  const failure = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error,
    );

  it('links an account and makes typed calls: product search, product by id, me', async () => {
    const { kroger } = await signIn('shopper@example.com');
    expect((await kroger.tokens.get())?.refreshToken).toMatch(/^kbr_/);

    const search = await kroger.GET('/api/v1/products', { params: { query: { term: 'milk', limit: 5 } } });
    expect(search.response.status).toBe(200);
    expect(search.data.data.length).toBeGreaterThan(0);
    const first = search.data.data[0];

    const product = await kroger.GET('/api/v1/products/{id}', { params: { path: { id: first.productId } } });
    expect(product.data).toMatchObject({ productId: first.productId, name: first.name });

    const me = await kroger.GET('/api/v1/me');
    expect(me.data).toMatchObject({ authenticatedWith: 'session', krogerLink: { status: 'ACTIVE' } });
  });

  it('creates, lists and revokes a personal access token; the revoked token is a typed 401, not a refresh', async () => {
    const { kroger } = await signIn('pat@example.com');
    const created = await kroger.POST('/api/v1/me/tokens', { body: { name: 'assistant', scopes: ['read'] } });
    expect(created.response.status).toBe(201);
    expect(created.data.token).toMatch(/^kbp_/);

    // Shape-tolerant on purpose: list endpoints are moving to {data, pagination}.
    const listed: unknown = (await kroger.GET('/api/v1/me/tokens')).data;
    const tokens = (Array.isArray(listed) ? listed : (listed as { data: unknown[] }).data) as { id: string }[];
    expect(tokens.map((token) => token.id)).toContain(created.data.id);

    const assistant = app({ tokens: memoryTokenStore({ accessToken: created.data.token }) });
    expect((await assistant.kroger.GET('/api/v1/me')).data.authenticatedWith).toBe('api_token');

    const revoked = await kroger.DELETE('/api/v1/me/tokens/{id}', { params: { path: { id: created.data.id } } });
    expect(revoked.response.status).toBe(204);
    const refused = await failure(assistant.kroger.GET('/api/v1/me'));
    expect(isProblem(refused, 'auth.invalid_token')).toBe(true);
    expect((refused as ProblemError).status).toBe(401);
    expect(assistant.sentTo('/api/v1/auth/refresh')).toHaveLength(0);
  });

  it('adds to the cart with an Idempotency-Key of its own, and replays a key the app chose without a second add', async () => {
    const { kroger, sentTo } = await signIn('jordan@example.com');
    const body = { items: [{ productId: MILK, quantity: 1, modality: 'PICKUP' as const }] };

    const added = await kroger.POST('/api/v1/cart/items', { body });
    expect(added.response.status).toBe(201);
    expect(sentTo('/api/v1/cart/items')[0].headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);

    await sandbox.send('DELETE', '/requests');
    const key = `sdk-${randomUUID()}`;
    const first = await kroger.POST('/api/v1/cart/items', { body, params: { header: { 'Idempotency-Key': key } } });
    const again = await kroger.POST('/api/v1/cart/items', { body, params: { header: { 'Idempotency-Key': key } } });
    expect(again.response.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.data).toEqual(first.data);
    expect(await sandbox.calls('/v1/cart/add')).toHaveLength(1);
  });

  it('refreshes once for many concurrent calls with an expired access token, retries each, and goes on', async () => {
    const { kroger, sentTo } = await signIn('riley@example.com');
    await expireAccessToken(service, kroger.tokens);
    const before = (await kroger.tokens.get())!;

    const calls = Array.from({ length: 8 }, (_, i) =>
      i % 2 === 0
        ? kroger.GET('/api/v1/me').then(({ data }) => data.userId)
        : kroger.GET('/api/v1/products', { params: { query: { term: 'bread' } } }).then(({ data }) => data.data.length),
    );
    const answers = await Promise.all(calls);
    expect(answers.every((answer) => Boolean(answer))).toBe(true);

    expect(sentTo('/api/v1/auth/refresh')).toHaveLength(1);
    const expiredSends = [...sentTo('/api/v1/me'), ...sentTo('/api/v1/products')].filter(
      (request) => request.headers.get('Authorization') === `Bearer ${before.accessToken}`,
    );
    expect(expiredSends).toHaveLength(8);
    const after = (await kroger.tokens.get())!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // The rotated pair still works: no second refresh spent (and so revoked) the session.
    expect((await kroger.GET('/api/v1/me')).data.authenticatedWith).toBe('session');
    expect(sentTo('/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('a retried cart add keeps its Idempotency-Key across the refresh', async () => {
    const { kroger, sentTo } = await signIn('riley@example.com');
    await expireAccessToken(service, kroger.tokens);
    await sandbox.send('DELETE', '/requests');
    await kroger.POST('/api/v1/cart/items', {
      body: { items: [{ productId: MILK, quantity: 2, modality: 'DELIVERY' }] },
    });
    const sends = sentTo('/api/v1/cart/items');
    expect(sends).toHaveLength(2);
    expect(sends[1].headers.get('Idempotency-Key')).toBe(sends[0].headers.get('Idempotency-Key'));
    expect(await sends[1].json()).toEqual(await sends[0].json());
    expect(await sandbox.calls('/v1/cart/add')).toHaveLength(1);
  });

  it('two clients refreshing the same token on their own end the session: why the SDK refreshes once', async () => {
    const { kroger } = await signIn('pat@example.com');
    await expireAccessToken(service, kroger.tokens);
    const copy = app({ tokens: memoryTokenStore(await kroger.tokens.get()) });
    await kroger.GET('/api/v1/me');
    const error = await failure(copy.kroger.GET('/api/v1/me'));
    expect(isSessionExpired(error)).toBe(true);
    expect(await copy.kroger.tokens.get()).toBeNull();
  });

  it('throws typed problems: 400 naming the field and rule, 404, and 401 / session expired after logout', async () => {
    const expired = jest.fn();
    const { kroger } = await signIn('shopper@example.com', { onSessionExpired: expired });

    const invalid = await failure(kroger.GET('/api/v1/products', { params: { query: { term: 'milk', limit: 500 } } }));
    expect(invalid).toBeInstanceOf(ProblemError);
    expect(invalid).toMatchObject({ status: 400, code: 'request.validation_failed' });
    expect((invalid as ProblemError).errors).toContainEqual(
      expect.objectContaining({ field: 'limit', rule: 'maximum' }),
    );
    expect((invalid as ProblemError).requestId).toBeTruthy();

    const missing = await failure(kroger.DELETE('/api/v1/me/tokens/{id}', { params: { path: { id: randomUUID() } } }));
    expect(missing).toMatchObject({ status: 404, code: expect.stringMatching(/not_found$/) });

    // Another device of the same session, still holding its tokens when this one logs out.
    const otherDevice = app({ tokens: memoryTokenStore(await kroger.tokens.get()), onSessionExpired: expired });
    await kroger.logout();
    expect(await kroger.tokens.get()).toBeNull();

    const signedOut = await failure(kroger.GET('/api/v1/me'));
    expect(signedOut).toMatchObject({ status: 401, code: 'auth.unauthenticated' });
    expect(isSessionExpired(signedOut)).toBe(false);

    const ended = await failure(otherDevice.kroger.GET('/api/v1/me'));
    expect(isSessionExpired(ended)).toBe(true);
    expect(ended).toMatchObject({ status: 401, code: 'auth.invalid_refresh_token' });
    expect(await otherDevice.kroger.tokens.get()).toBeNull();
    expect(expired).toHaveBeenCalledTimes(1);
  });
});
