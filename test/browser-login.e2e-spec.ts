import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { browserAvailable, launchChromium } from './support/browser';
import { LinkingClient } from './support/accounts';
import { baseEnv, freePort, startApp, TestApp, TestDatabase } from './support/test-app';

(browserAvailable ? describe : describe.skip)('Linking a Kroger account in a real browser (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    database = await TestDatabase.create();
    // The Kroger redirect must reach this very service, so it listens on a known port.
    service = await startApp(
      baseEnv(database, { PORT: String(port), PUBLIC_BASE_URL: base, ALLOWED_RETURN_URLS: `${base}/health/live` }),
    );
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('signs in and consents on the Kroger page, lands on returnTo with a code, and gets a session with the PKCE verifier', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const app = new LinkingClient(); // only its PKCE pair: the browser keeps its own cookies
      const query = new URLSearchParams({ returnTo: `${base}/health/live`, codeChallenge: app.codeChallenge });
      await page.goto(`${base}/api/v1/auth/kroger/authorize?${query}`);
      await page.waitForSelector('form');
      // The login is bound to this browser by a cookie no script can read and no other site can send.
      const [binding] = await page.context().cookies(base);
      expect(binding).toMatchObject({ name: expect.stringMatching(/^kroger_link_/), httpOnly: true, sameSite: 'Lax' });
      expect(await page.textContent('#scopes')).toContain('cart.basic:write');
      await page.fill('#email', 'shopper@example.com');
      await page.fill('#password', 'sandbox');
      await page.screenshot({ path: join(tmpdir(), 'kroger-consent.png') });
      await Promise.all([page.waitForURL(/\/health\/live\?code=/), page.click('button[value=approve]')]);
      const landed = new URL(page.url());
      expect(`${landed.origin}${landed.pathname}`).toBe(`${base}/health/live`);
      const code = landed.searchParams.get('code')!;

      const session = await request(base)
        .post('/api/v1/auth/session')
        .send({ code, codeVerifier: app.codeVerifier })
        .expect(200);
      const me = await request(base)
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${session.body.accessToken}`)
        .expect(200);
      expect(me.body.krogerLink).toMatchObject({ status: 'ACTIVE' });
    } finally {
      await browser.close();
    }
  });
});
