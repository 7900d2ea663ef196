import request from 'supertest';
import { PrismaService } from '../../src/database/prisma.service';
import { KrogerEnvironmentInfo } from '../../src/kroger/kroger-environment';
import { callback, consent, exchangeCode, LinkingClient, startLinking } from '../support/accounts';
import { SandboxControl } from '../support/sandbox-control';
import { baseEnv, startApp, TestApp, TestDatabase } from '../support/test-app';

/**
 * Attacks on account linking. The attacker holds a Kroger account of their own, can start logins,
 * can get a victim to open a link, and can see a one-time code on its way to the app (another app
 * claiming the same URL scheme, a log, a referrer) — but not the victim's cookies or the app's memory.
 */
const RETURN_TO = 'https://app.example.com/kroger/done';
const TOKEN_PATH = '/v1/connect/oauth2/token';

describe('Security: account linking is bound to its browser and its client (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let sandbox: SandboxControl;
  let prisma: PrismaService;

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(
      baseEnv(database, {
        ALLOWED_RETURN_URLS: `${RETURN_TO},https://web.example.com/oauth/*,myapp://auth`,
        JOBS_ENABLED: 'false',
      }),
    );
    sandbox = new SandboxControl(service.app.get(KrogerEnvironmentInfo).describe().baseUrl);
    prisma = service.app.get(PrismaService);
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  /** The attacker starts a login in their own browser and consents with their own Kroger account. */
  async function attackerCallbackUrl(attacker = new LinkingClient()): Promise<URL> {
    return consent(await startLinking(service.url, RETURN_TO, attacker), { email: 'riley@example.com' });
  }

  describe('login CSRF: the victim opens a callback URL from a login the attacker started', () => {
    it('is refused in a browser with no binding cookie: a page, no redirect, no code, Kroger not called', async () => {
      const forged = await attackerCallbackUrl();
      const codesBefore = await prisma.loginCode.count();
      const exchangesBefore = (await sandbox.calls(TOKEN_PATH, 'POST')).length;

      const landing = await callback(service.url, forged, new LinkingClient());

      expect(landing.status).toBe(400);
      expect(landing.headers.get('location')).toBeNull();
      expect(await landing.text()).toContain('started in another browser');
      expect(await prisma.loginCode.count()).toBe(codesBefore);
      expect((await sandbox.calls(TOKEN_PATH, 'POST')).length).toBe(exchangesBefore);
    });

    it("is refused in a browser holding the binding cookie of its own login (another login's cookie opens nothing)", async () => {
      const forged = await attackerCallbackUrl();
      const victim = new LinkingClient();
      await startLinking(service.url, RETURN_TO, victim); // the victim's own, unfinished login

      const landing = await callback(service.url, forged, victim);

      expect(landing.status).toBe(400);
      expect(landing.headers.get('location')).toBeNull();
      expect(await landing.text()).toContain('started in another browser');
    });

    it('does not burn the login: the refused attempt cannot cancel the sign-in of the browser that started it', async () => {
      const owner = new LinkingClient();
      const redirect = await attackerCallbackUrl(owner);
      expect((await callback(service.url, redirect, new LinkingClient())).status).toBe(400);

      const landing = await callback(service.url, redirect, owner);
      expect(landing.status).toBe(302);
      expect(new URL(landing.headers.get('location')!).searchParams.get('code')).toMatch(/^kbc_/);
    });

    it("a forged denial (?error=access_denied with the attacker's state) is not routed to returnTo", async () => {
      const start = await startLinking(service.url, RETURN_TO, new LinkingClient());
      const forged = new URL(`${service.url}/?error=access_denied&state=${start.searchParams.get('state')}`);

      const landing = await callback(service.url, forged, new LinkingClient());

      expect(landing.status).toBe(400);
      expect(landing.headers.get('location')).toBeNull();
    });

    it('the binding cookie is HttpOnly, SameSite=Lax and lives no longer than the login; Secure and __Host- over https', async () => {
      const res = await request(service.url)
        .get('/api/v1/auth/kroger/authorize')
        .query({ returnTo: RETURN_TO, codeChallenge: new LinkingClient().codeChallenge })
        .expect(302);
      const [cookie] = res.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(/^kroger_link_[0-9a-f]{16}=[A-Za-z0-9_-]{43};/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Max-Age=600;/);

      const httpsDatabase = await TestDatabase.create();
      const httpsService = await startApp(
        baseEnv(httpsDatabase, { PUBLIC_BASE_URL: 'https://kroger.example.com', JOBS_ENABLED: 'false' }),
      );
      try {
        const secure = await request(httpsService.url)
          .get('/api/v1/auth/kroger/authorize')
          .query({ codeChallenge: new LinkingClient().codeChallenge })
          .expect(302);
        const [secureCookie] = secure.headers['set-cookie'] as unknown as string[];
        expect(secureCookie).toMatch(/^__Host-kroger_link_[0-9a-f]{16}=/);
        expect(secureCookie).toMatch(/; Path=\/;/);
        expect(secureCookie).toMatch(/; Secure/);
      } finally {
        await httpsService.close();
        await httpsDatabase.drop();
      }
    });
  });

  describe('code interception: someone else sees the one-time code on its way to the app', () => {
    async function interceptedCode(app: LinkingClient): Promise<string> {
      const landing = await callback(service.url, await consent(await startLinking(service.url, RETURN_TO, app)), app);
      return new URL(landing.headers.get('location')!).searchParams.get('code')!;
    }

    it('cannot exchange it without the verifier', async () => {
      const code = await interceptedCode(new LinkingClient());
      const res = await exchangeCode(service.url, code, undefined);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ errors: [{ field: 'codeVerifier', rule: 'required' }] });
    });

    it('cannot exchange it with a verifier of its own, and its try leaves the code to the app, which exchanges it once', async () => {
      const app = new LinkingClient();
      const code = await interceptedCode(app);

      const stolen = await exchangeCode(service.url, code, new LinkingClient().codeVerifier);
      expect(stolen.status).toBe(400);
      expect(await stolen.json()).toMatchObject({ code: 'auth.invalid_code_verifier' });

      expect((await exchangeCode(service.url, code, app.codeVerifier)).status).toBe(200);
      const replay = await exchangeCode(service.url, code, app.codeVerifier);
      expect(replay.status).toBe(400);
      expect(await replay.json()).toMatchObject({ code: 'auth.invalid_code' });
    });

    it('cannot start a login whose code needs no verifier (web, mobile scheme, or the plain method)', async () => {
      for (const returnTo of [RETURN_TO, 'myapp://auth', undefined]) {
        const res = await request(service.url).get('/api/v1/auth/kroger/authorize').query({ returnTo }).expect(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'codeChallenge', rule: 'required' })]);
      }
      const plain = new LinkingClient().codeVerifier;
      await request(service.url)
        .get('/api/v1/auth/kroger/authorize')
        .query({ returnTo: RETURN_TO, codeChallenge: plain, codeChallengeMethod: 'plain' })
        .expect(400);
    });
  });

  describe('returnTo tricks: a code sent anywhere but the exact allowed URL', () => {
    async function accepted(candidates: string[]): Promise<string[]> {
      const codeChallenge = new LinkingClient().codeChallenge;
      const answers = await Promise.all(
        candidates.map(async (returnTo) => {
          const res = await request(service.url)
            .get('/api/v1/auth/kroger/authorize')
            .query({ returnTo, codeChallenge });
          return [returnTo, (res.body as { code?: string }).code] as const;
        }),
      );
      // Refused for being off the allowlist, not for anything else about the request.
      return answers.filter(([, code]) => code !== 'auth.return_to_not_allowed').map(([returnTo]) => returnTo);
    }

    it('refuses other paths on an allowed origin', async () => {
      expect(
        await accepted([
          'https://app.example.com/kroger/done/../evil',
          'https://app.example.com/kroger/evil',
          'https://app.example.com/kroger/done/',
          'https://app.example.com/kroger/done2',
          'https://app.example.com/',
          'myapp://auth/anything',
        ]),
      ).toEqual([]);
    });

    it('refuses look-alikes of an allowed URL: user info, case, trailing dot, default port, query, fragment', async () => {
      expect(
        await accepted([
          'https://app.example.com@evil.example/kroger/done',
          'https://attacker@app.example.com/kroger/done',
          'HTTPS://app.example.com/kroger/done',
          'https://APP.EXAMPLE.COM/kroger/done',
          'https://app.example.com./kroger/done',
          'https://app.example.com:443/kroger/done',
          'https://app.example.com/kroger/done?next=https://evil.example',
          'https://app.example.com/kroger/done#frag',
        ]),
      ).toEqual([]);
    });

    it('refuses encoded slashes and dot segments, also below an explicit /* wildcard, which allows only its own subtree', async () => {
      expect(
        await accepted([
          'https://app.example.com/kroger%2Fdone',
          'https://app.example.com/kroger/done%2F..%2F..%2Fevil',
          'https://web.example.com/oauth/%2e%2e/evil',
          'https://web.example.com/oauth/..%2Fevil',
          'https://web.example.com/oauth/..%5Cevil',
          'https://web.example.com/oauthx',
          'https://web.example.com/oauth/done?x=1',
        ]),
      ).toEqual([]);
      expect(await accepted(['https://web.example.com/oauth/kroger/done'])).toEqual([
        'https://web.example.com/oauth/kroger/done',
      ]);
    });
  });
});
