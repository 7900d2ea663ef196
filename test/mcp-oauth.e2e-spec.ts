import { createServer as createHttpServer, Server } from 'node:http';
import {
  auth,
  Client,
  OAuthClientProvider,
  StreamableHTTPClientTransport,
  UnauthorizedError,
  type OAuthClientMetadata,
  type StoredOAuthClientInformation,
  type StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import type { Browser, BrowserContext } from 'playwright-core';
import { browserAvailable, launchChromium } from './support/browser';
import { listTools, revokeToken, tokenRequest } from './support/mcp-oauth';
import { baseEnv, freePort, startApp, TestApp, TestDatabase } from './support/test-app';

/** An MCP client's OAuth state, in memory, as a desktop assistant would keep it. */
class AssistantAuth implements OAuthClientProvider {
  authorizationUrl?: URL;
  private client?: StoredOAuthClientInformation;
  private stored?: StoredOAuthTokens;
  private verifier = '';

  constructor(readonly redirectUrl: string) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Shopping Assistant',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation = () => this.client;
  saveClientInformation = (info: StoredOAuthClientInformation) => void (this.client = info);
  tokens = () => this.stored;
  saveTokens = (tokens: StoredOAuthTokens) => void (this.stored = tokens);
  redirectToAuthorization = (url: URL) => void (this.authorizationUrl = url);
  saveCodeVerifier = (verifier: string) => void (this.verifier = verifier);
  codeVerifier = () => this.verifier;
  saveDiscoveryState = (state: unknown) => void (this.discovery = state);
  discoveryState = () => this.discovery as never;
  private discovery: unknown;
}

(browserAvailable ? describe : describe.skip)(
  'Connecting an MCP client by URL: OAuth with Sign in with Kroger (e2e, official SDK, Chromium)',
  () => {
    let database: TestDatabase;
    let service: TestApp;
    let base: string;
    let callbackServer: Server;
    let redirectUrl: string;
    let browser: Browser;
    /** One browser profile for both tests: the second finds the first's sign-in. */
    let context: BrowserContext;

    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      database = await TestDatabase.create();
      service = await startApp(baseEnv(database, { PORT: String(port), PUBLIC_BASE_URL: base, JOBS_ENABLED: 'false' }));
      // The assistant's loopback listener (RFC 8252) that the browser is sent back to.
      callbackServer = createHttpServer((_req, res) => res.end('You can close this tab.')).listen(0, '127.0.0.1');
      await new Promise((resolve) => callbackServer.once('listening', resolve));
      redirectUrl = `http://127.0.0.1:${(callbackServer.address() as { port: number }).port}/callback`;
      browser = await launchChromium();
      context = await browser.newContext();
    });
    afterAll(async () => {
      await browser?.close();
      callbackServer?.close();
      await service?.close();
      await database?.drop();
    });

    it('discovers, registers, links a brand-new Kroger customer and authorizes in one browser trip, then calls tools, refreshes and revokes', async () => {
      const assistant = new AssistantAuth(redirectUrl);
      const mcpUrl = new URL(`${base}/mcp`);
      const first = new Client({ name: 'assistant', version: '1.0.0' });
      // Only the bare URL: the 401 names the resource metadata, which names us as the authorization server.
      await expect(
        first.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: assistant })),
      ).rejects.toThrow(UnauthorizedError);
      const authorizationUrl = assistant.authorizationUrl!;
      expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(`${base}/oauth/authorize`);
      expect(authorizationUrl.searchParams.get('resource')).toBe(`${base}/mcp`);
      expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');

      const page = await context.newPage();
      const navigations: string[] = [];
      page.on('request', (req) => {
        if (req.isNavigationRequest() && req.frame() === page.mainFrame()) navigations.push(req.url());
      });
      await page.goto(authorizationUrl.toString());
      // Step 1 (ours): who is asking, and Sign in with Kroger.
      expect(await page.textContent('h1')).toContain('Shopping Assistant');
      await Promise.all([page.waitForSelector('#email'), page.click('#sign-in')]);
      // Step 2 (Kroger's): sign in and consent; riley has never used this service.
      await page.fill('#email', 'riley@example.com');
      await page.fill('#password', 'sandbox');
      await Promise.all([page.waitForSelector('#client-name'), page.click('button[value=approve]')]);
      // Step 3 (ours): consent naming the client, its redirect host and the scopes in words.
      expect(await page.textContent('#client-name')).toBe('Shopping Assistant');
      expect(await page.textContent('#redirect-host')).toBe(new URL(redirectUrl).host);
      expect(await page.textContent('#scopes')).toContain('Add products to your Kroger cart');
      await Promise.all([page.waitForURL(/\/callback\?/), page.click('button[value=approve]')]);
      const callback = new URL(page.url());
      expect(callback.searchParams.get('code')).toBeTruthy();
      const userActions = 3; // the three clicks above: sign in, Kroger approve, our Allow
      console.info(
        `first-time user, bare URL to tokens: ${userActions} pages with a click, ${navigations.length} browser navigations (redirects included): ${navigations.map((url) => new URL(url).pathname).join(' > ')}`,
      );

      const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: assistant });
      await transport.finishAuth(callback.searchParams);
      const client = new Client({ name: 'assistant', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: assistant }));
      const status = await client.callTool({ name: 'get_account_status', arguments: {} });
      expect(status.structuredContent).toMatchObject({
        linked: true,
        linkStatus: 'ACTIVE',
        authenticatedWith: 'oauth',
      });
      const search = await client.callTool({ name: 'search_products', arguments: { term: 'milk' } });
      expect(search.isError).toBeFalsy();

      // Refresh: the SDK rotates the refresh token; the old one is refused afterwards.
      const before = assistant.tokens()!;
      expect(await auth(assistant, { serverUrl: mcpUrl })).toBe('AUTHORIZED');
      const after = assistant.tokens()!;
      expect(after.refresh_token).not.toBe(before.refresh_token);
      const clientId = assistant.clientInformation()!.client_id;
      // (Presenting the old one again would also end the grant: see test/security/mcp-oauth.)
      await listTools(base, after.access_token).expect(200);

      // Revocation (RFC 7009): the access token stops working on /mcp at once.
      const revoked = await revokeToken(base, after.access_token, clientId);
      expect(revoked.status).toBe(200);
      await listTools(base, after.access_token).expect(401);
      expect(
        (
          await tokenRequest(base, {
            grant_type: 'refresh_token',
            refresh_token: before.refresh_token!,
            client_id: clientId,
          })
        ).status,
      ).toBe(400);
      await client.close();
    });

    it('a browser already signed in to us goes straight to consent the next time', async () => {
      const assistant = new AssistantAuth(redirectUrl);
      const mcpUrl = new URL(`${base}/mcp`);
      await expect(
        new Client({ name: 'second', version: '1' }).connect(
          new StreamableHTTPClientTransport(mcpUrl, { authProvider: assistant }),
        ),
      ).rejects.toThrow(UnauthorizedError);
      const page = await context.newPage();
      await page.goto(assistant.authorizationUrl!.toString());
      expect(await page.locator('#client-name').count()).toBe(1);
      expect(await page.locator('#sign-in').count()).toBe(0);
    });
  },
);
