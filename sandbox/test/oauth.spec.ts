import { startSandbox, RunningSandbox } from '../sandbox';
import {
  appToken,
  authorize,
  call,
  control,
  customerTokens,
  expectShape,
  PARTNER,
  pkcePair,
  PUBLIC,
  REDIRECT,
  tokenRequest,
} from './support';

describe('sandbox OAuth2', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => (sandbox = await startSandbox()));
  afterAll(() => sandbox.close());
  beforeEach(() => control(sandbox, 'POST', '/reset'));

  describe('client credentials', () => {
    it("issues a 1800 s JWT-shaped bearer token like Kroger's", async () => {
      const res = await tokenRequest(sandbox, { grant_type: 'client_credentials', scope: 'product.compact' }, PUBLIC);
      expect(res.status).toBe(200);
      expectShape('tokenResponse', res.body);
      expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
      expect(res.body.refresh_token).toBeUndefined();
      const claims = JSON.parse(Buffer.from(String(res.body.access_token).split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ scope: 'product.compact', aud: PUBLIC.id, iss: 'api.kroger.com' });
      expect(claims.exp - claims.iat).toBe(1800);
    });

    it('refuses customer scopes, bad credentials and unknown grants with Kroger bodies', async () => {
      expect(
        await tokenRequest(sandbox, { grant_type: 'client_credentials', scope: 'cart.basic:write' }, PUBLIC),
      ).toEqual({
        status: 400,
        body: { error: 'invalid_scope', error_description: 'invalid scope' },
      });
      // Live answers 401 where the spec says 400 (§11).
      expect(
        await tokenRequest(sandbox, { grant_type: 'client_credentials' }, { id: PUBLIC.id, secret: 'wrong' }),
      ).toEqual({
        status: 401,
        body: { error: 'unauthorized', error_description: 'invalid credentials' },
      });
      expect(await tokenRequest(sandbox, { grant_type: 'password' }, PUBLIC)).toEqual({
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: 'invalid grant_type' },
      });
    });

    it('expires access tokens after 1800 s of sandbox time', async () => {
      const token = await appToken(sandbox);
      expect((await call(sandbox, token, '/v1/chains')).status).toBe(200);
      await control(sandbox, 'POST', '/clock', { advanceSeconds: 1801 });
      const res = await call(sandbox, token, '/v1/chains');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error_description: 'The access token is invalid or has expired',
        error: 'invalid_token',
      });
    });
  });

  describe('authorization code with PKCE', () => {
    it('serves a consent page that lists the scopes and honours the banner', async () => {
      const params = new URLSearchParams({
        client_id: PUBLIC.id,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'cart.basic:write profile.compact',
        banner: 'ralphs',
      });
      const res = await fetch(`${sandbox.baseUrl}/v1/connect/oauth2/authorize?${params}`);
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain('<form method="post"');
      expect(html).toContain('cart.basic:write');
      expect(html).toContain('Ralphs');
    });

    it('walks login to a code with state, exchanges it with the verifier, and refreshes with rotation', async () => {
      const { verifier, challenge } = pkcePair();
      const redirect = await authorize(sandbox, { scope: 'cart.basic:write profile.compact', challenge, state: 'xyz' });
      expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT);
      expect(redirect.searchParams.get('state')).toBe('xyz');
      expect(redirect.searchParams.get('code')).toMatch(/^[A-Za-z0-9]{32}$/);

      const exchanged = await tokenRequest(
        sandbox,
        {
          grant_type: 'authorization_code',
          code: redirect.searchParams.get('code')!,
          redirect_uri: REDIRECT,
          code_verifier: verifier,
        },
        PUBLIC,
      );
      expect(exchanged.status).toBe(200);
      expectShape('tokenResponse', exchanged.body);
      const profile = await call(sandbox, exchanged.body.access_token as string, '/v1/identity/profile');
      expect(profile.status).toBe(200);

      const refreshed = await tokenRequest(
        sandbox,
        { grant_type: 'refresh_token', refresh_token: exchanged.body.refresh_token as string },
        PUBLIC,
      );
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refresh_token).not.toBe(exchanged.body.refresh_token);
      // Single use: the old refresh token is refused with Kroger's body.
      expect(
        await tokenRequest(
          sandbox,
          { grant_type: 'refresh_token', refresh_token: exchanged.body.refresh_token as string },
          PUBLIC,
        ),
      ).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: 'invalid refresh_token' },
      });
      expect(
        (
          await tokenRequest(
            sandbox,
            { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token as string },
            PUBLIC,
          )
        ).status,
      ).toBe(200);
    });

    it('lets a public PKCE client exchange with client_id in the body instead of Basic', async () => {
      const { verifier, challenge } = pkcePair();
      const redirect = await authorize(sandbox, { scope: 'profile.compact', challenge });
      const res = await tokenRequest(sandbox, {
        grant_type: 'authorization_code',
        client_id: PUBLIC.id,
        code: redirect.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      });
      expect(res.status).toBe(200);
    });

    it('refuses a wrong verifier, a mismatched redirect and a reused code; reuse revokes what the code issued', async () => {
      const { verifier, challenge } = pkcePair();
      const wrong = await authorize(sandbox, { scope: 'profile.compact', challenge });
      expect(
        await tokenRequest(
          sandbox,
          {
            grant_type: 'authorization_code',
            code: wrong.searchParams.get('code')!,
            redirect_uri: REDIRECT,
            code_verifier: pkcePair().verifier,
          },
          PUBLIC,
        ),
      ).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: 'invalid code_verifier' },
      });

      const mismatch = await authorize(sandbox, { scope: 'profile.compact', challenge });
      expect(
        await tokenRequest(
          sandbox,
          {
            grant_type: 'authorization_code',
            code: mismatch.searchParams.get('code')!,
            redirect_uri: 'http://localhost:3000/elsewhere',
            code_verifier: verifier,
          },
          PUBLIC,
        ),
      ).toEqual({
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: 'The redirect_uri did not match the registered redirect_uri for this application',
        },
      });

      const once = await authorize(sandbox, { scope: 'profile.compact', challenge });
      const form = {
        grant_type: 'authorization_code',
        code: once.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      };
      const first = await tokenRequest(sandbox, form, PUBLIC);
      expect(first.status).toBe(200);
      expect(await tokenRequest(sandbox, form, PUBLIC)).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: 'invalid code' },
      });
      expect((await call(sandbox, first.body.access_token as string, '/v1/identity/profile')).status).toBe(401);
    });

    it('refuses an unregistered redirect before showing any page, and unknown scopes', async () => {
      const bad = new URLSearchParams({
        client_id: PUBLIC.id,
        redirect_uri: 'https://evil.example/cb',
        response_type: 'code',
        scope: 'profile.compact',
      });
      const res = await fetch(`${sandbox.baseUrl}/v1/connect/oauth2/authorize?${bad}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'invalid_request',
        error_description: 'The redirect_uri did not match the registered redirect_uri for this application',
      });
      const partnerScope = new URLSearchParams({
        client_id: PUBLIC.id,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'cart.basic:rw',
      });
      const refused = await fetch(`${sandbox.baseUrl}/v1/connect/oauth2/authorize?${partnerScope}`);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ error: 'invalid_scope', error_description: 'invalid scope' });
    });

    it('redirects a denial with access_denied, and re-shows the page on a wrong password', async () => {
      const denied = await authorize(sandbox, { scope: 'profile.compact', decision: 'deny', state: 's1' });
      expect(Object.fromEntries(denied.searchParams)).toEqual({
        error: 'access_denied',
        error_description: 'The resource owner denied the request',
        state: 's1',
      });
      await expect(authorize(sandbox, { scope: 'profile.compact', password: 'nope' })).rejects.toThrow(
        /consent: 200 .*not correct/s,
      );
    });

    it('refuses refresh after the grant is revoked through the control surface', async () => {
      const tokens = await customerTokens(sandbox, PARTNER, 'profile.compact cart.basic:rw');
      expect((await control(sandbox, 'POST', '/grants/revoke', { email: 'shopper@example.com' })).body).toEqual({
        revoked: 1,
      });
      expect(
        (await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken }, PARTNER))
          .status,
      ).toBe(400);
      expect((await call(sandbox, tokens.accessToken, '/v1/identity/profile')).status).toBe(401);
    });

    it('refuses a refresh token presented by another client', async () => {
      const tokens = await customerTokens(sandbox, PUBLIC, 'profile.compact');
      expect(
        (await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken }, PARTNER))
          .status,
      ).toBe(400);
    });
  });
});
