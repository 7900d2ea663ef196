import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { BearerAuthenticator } from '../../src/auth/bearer.guard';
import { McpRegistry } from '../../src/mcp/mcp-registry';
import request from 'supertest';
import { bearer, linkAccount } from '../support/accounts';
import {
  authorizeInBrowser,
  authorizeUrl,
  MCP_CLIENT_REDIRECT,
  mcpTokens,
  OAuthTestClient,
  pkcePair,
  listTools,
  registerClient,
  revokeToken,
  tokenRequest,
} from '../support/mcp-oauth';
import { baseEnv, freePort, startApp, TestApp, TestDatabase } from '../support/test-app';
import { SandboxControl } from '../support/sandbox-control';
import { KrogerEnvironmentInfo } from '../../src/kroger/kroger-environment';
import { consent } from '../support/accounts';
import { TestBrowser } from '../support/mcp-oauth';

async function callTool(
  base: string,
  token: string,
  name: string,
): Promise<{ isError?: boolean; text: string; structured?: any }> {
  const res = await request(base)
    .post('/mcp')
    .set('Accept', 'application/json, text/event-stream')
    .set(bearer(token))
    .send({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name, arguments: {} } })
    .expect(200);
  const result = res.body.result;
  return { isError: result.isError, text: result.content[0].text, structured: result.structuredContent };
}

/** Opens a re-authorization link in a browser and signs in to Kroger as `email`: the final page. */
async function reauthorize(url: string, email: string): Promise<{ status: number; html: string }> {
  const browser = new TestBrowser();
  const page = await browser.get(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<form method="post"');
  const opened = await browser.postForm(url, {});
  if (opened.status !== 302) return { status: opened.status, html: await opened.text() };
  const back = await consent(new URL(opened.headers.get('location')!), { email });
  const landed = await browser.get(`${new URL(url).origin}/api/v1/auth/kroger/callback${back.search}`);
  return { status: landed.status, html: await landed.text() };
}

const mcpCall = listTools;

describe('MCP OAuth authorization server: what it refuses (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let base: string;
  let client: OAuthTestClient;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    database = await TestDatabase.create();
    service = await startApp(
      baseEnv(database, {
        PORT: String(port),
        PUBLIC_BASE_URL: base,
        JOBS_ENABLED: 'false',
        ALLOWED_RETURN_URLS: 'https://app.example.com/kroger/done',
        MCP_OAUTH_REGISTRATIONS_PER_HOUR: '20',
      }),
    );
    const registered = await registerClient(base);
    expect(registered.status).toBe(201);
    client = { clientId: registered.body.client_id, redirectUri: MCP_CLIENT_REDIRECT };
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('answers /mcp without a token with 401 and a challenge naming the protected-resource metadata', async () => {
    const res = await request(base)
      .post('/mcp')
      .set('Accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' })
      .expect(401);
    expect(res.headers['www-authenticate']).toBe(
      `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`,
    );
    const bad = await mcpCall(base, 'A'.repeat(43)).expect(401);
    expect(bad.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(bad.headers['www-authenticate']).toContain('resource_metadata=');
  });

  it('publishes protected-resource and authorization-server metadata (RFC 9728, RFC 8414)', async () => {
    for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
      const resource = await request(base).get(path).expect(200);
      expect(resource.body).toMatchObject({
        resource: `${base}/mcp`,
        authorization_servers: [base],
        scopes_supported: ['read', 'cart:write', 'lists:write', 'loyalty:reveal', 'profile:write'],
        bearer_methods_supported: ['header'],
      });
    }
    const metadata = await request(base).get('/.well-known/oauth-authorization-server').expect(200);
    expect(metadata.body).toMatchObject({
      issuer: base,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      registration_endpoint: `${base}/oauth/register`,
      revocation_endpoint: `${base}/oauth/revoke`,
      code_challenge_methods_supported: ['S256'],
      client_id_metadata_document_supported: true,
      response_types_supported: ['code'],
    });
    expect(metadata.body.scopes_supported).not.toContain('account');
  });

  it('never fetches a client id metadata document from a loopback or private address', async () => {
    const pkce = pkcePair();
    const res = await fetch(
      authorizeUrl(
        base,
        { clientId: 'https://127.0.0.1:1/client.json', redirectUri: 'https://127.0.0.1:1/cb' },
        { code_challenge: pkce.challenge, code_challenge_method: 'S256' },
      ),
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('fetch not allowed');
  });

  it('issues tokens bound to /mcp that REST refuses, and that stop working once revoked', async () => {
    const tokens = await mcpTokens(base);
    expect(tokens.scope.split(' ').sort()).toEqual(['cart:write', 'read']);
    await mcpCall(base, tokens.accessToken).expect(200);
    const rest = await request(base).get('/api/v1/me').set(bearer(tokens.accessToken)).expect(401);
    expect(rest.body.code).toBe('auth.invalid_token');
    expect(rest.body.detail).toContain('/mcp');

    const revoke = await revokeToken(base, tokens.accessToken, tokens.client.clientId);
    expect(revoke.status).toBe(200);
    await mcpCall(base, tokens.accessToken).expect(401);
  });

  it('rotates refresh tokens; a used one presented again ends the whole grant', async () => {
    const tokens = await mcpTokens(base);
    const refresh = (token: string) =>
      tokenRequest(base, { grant_type: 'refresh_token', refresh_token: token, client_id: tokens.client.clientId });
    const first = await refresh(tokens.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(tokens.refreshToken);
    await mcpCall(base, first.body.access_token).expect(200);

    const reused = await refresh(tokens.refreshToken);
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    // Reuse means the token leaked: the successor and its access token die with the grant.
    await mcpCall(base, first.body.access_token).expect(401);
    expect((await refresh(first.body.refresh_token)).status).toBe(400);
  });

  it('lets one refresh token be redeemed once even when two requests race with it', async () => {
    const tokens = await mcpTokens(base);
    const refresh = () =>
      tokenRequest(base, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refreshToken,
        client_id: tokens.client.clientId,
      });
    const answers = await Promise.all([refresh(), refresh(), refresh(), refresh()]);
    // A stolen refresh token replayed at the same moment as the client's own refresh must not yield a
    // second token pair: at most one request wins; the others are refused as reuse.
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
    for (const answer of answers.filter((a) => a.status !== 200)) expect(answer.body.error).toBe('invalid_grant');
  });

  it('requires PKCE with S256: no challenge, or plain, is an error sent back to the client', async () => {
    const res = await fetch(authorizeUrl(base, client, {}), { redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(MCP_CLIENT_REDIRECT);
    expect(location.searchParams.get('error')).toBe('invalid_request');

    const plain = await fetch(
      authorizeUrl(base, client, { code_challenge: pkcePair().verifier, code_challenge_method: 'plain' }),
      { redirect: 'manual' },
    );
    expect(new URL(plain.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('never redirects to a redirect URI the client did not register', async () => {
    const pkce = pkcePair();
    const res = await fetch(
      authorizeUrl(
        base,
        { ...client, redirectUri: 'https://evil.example/steal' },
        {
          code_challenge: pkce.challenge,
          code_challenge_method: 'S256',
        },
      ),
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('redirect_uri');
  });

  it('refuses a resource other than /mcp with invalid_target', async () => {
    const pkce = pkcePair();
    const res = await fetch(
      authorizeUrl(base, client, {
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
        resource: 'https://other.example/api',
      }),
      { redirect: 'manual' },
    );
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_target');
  });

  it('accepts /mcp/ (the URL a client was given with a trailing slash) as the same resource', async () => {
    // Clients derive the resource from the URL the user pasted; "https://host/mcp/" names the same endpoint.
    const tokens = await mcpTokens(base, { resource: `${base}/mcp/` });
    await mcpCall(base, tokens.accessToken).expect(200);
    await request(base).get('/api/v1/me').set(bearer(tokens.accessToken)).expect(401);
  });

  it('sends access_denied to the client when the user denies on the consent page', async () => {
    const pkce = pkcePair();
    const { redirect, consentHtml } = await authorizeInBrowser(
      base,
      authorizeUrl(base, client, { code_challenge: pkce.challenge, code_challenge_method: 'S256' }),
      { decision: 'deny' },
    );
    expect(consentHtml).toContain('Test Assistant');
    expect(consentHtml).toContain('127.0.0.1:9');
    expect(consentHtml).toContain('Add products to your Kroger cart');
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('code')).toBeNull();
  });

  it('refuses registrations with unsafe redirect URIs', async () => {
    for (const uri of ['http://app.example.com/cb', 'https://app.example.com/cb#x', 'javascript:alert(1)']) {
      const res = await registerClient(base, { redirect_uris: [uri] });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_redirect_uri');
    }
    const native = await registerClient(base, {
      redirect_uris: ['com.example.app:/oauth'],
      application_type: 'native',
    });
    expect(native.status).toBe(201);
  });

  it('ends every MCP grant when the user unlinks their Kroger account', async () => {
    const tokens = await mcpTokens(base, { email: 'pat@example.com' });
    await mcpCall(base, tokens.accessToken).expect(200);
    const session = await linkAccount(base, { email: 'pat@example.com' });
    await request(base).delete('/api/v1/me/kroger-link').set(bearer(session.accessToken)).expect(204);
    await mcpCall(base, tokens.accessToken).expect(401);
    const refreshed = await tokenRequest(base, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refreshToken,
      client_id: tokens.client.clientId,
    });
    expect(refreshed.status).toBe(400);
  });

  describe('re-authorization links in tool errors', () => {
    let sandbox: SandboxControl;
    let tokens: { accessToken: string };
    const linkUrl = (text: string) =>
      /(http\S+\/api\/v1\/auth\/kroger\/reauthorize\?ticket=kbx_[\w-]+)/.exec(text)?.[1];

    beforeAll(async () => {
      sandbox = new SandboxControl(service.app.get(KrogerEnvironmentInfo).describe().baseUrl);
      tokens = await mcpTokens(base, { email: 'riley@example.com' });
    });

    it('hands out a single-use link that signs the same Kroger account in again', async () => {
      await sandbox.send('POST', '/grants/revoke', { email: 'riley@example.com' });
      const failed = await callTool(base, tokens.accessToken, 'get_profile');
      expect(failed.isError).toBe(true);
      const url = linkUrl(failed.text);
      expect(url).toBeDefined();
      const status = await callTool(base, tokens.accessToken, 'get_account_status');
      expect(status.structured).toMatchObject({
        linked: false,
        linkStatus: 'REAUTH_REQUIRED',
        authenticatedWith: 'oauth',
      });

      // A link preview (a GET, as chat apps and mail scanners make) does not spend the link.
      expect((await fetch(url!)).status).toBe(200);
      expect((await fetch(url!)).status).toBe(200);
      const done = await reauthorize(url!, 'riley@example.com');
      expect(done.status).toBe(200);
      expect(done.html).toContain('signed in again');
      expect((await callTool(base, tokens.accessToken, 'get_account_status')).structured).toMatchObject({
        linked: true,
        linkStatus: 'ACTIVE',
      });
      expect((await callTool(base, tokens.accessToken, 'get_profile')).isError).toBeFalsy();

      const again = await reauthorize(url!, 'riley@example.com');
      expect(again.status).toBe(400);
      expect(again.html).toContain('already used');
    });

    it('asks a client that declared URL-mode elicitation to open the link (-32042), where the server knows it', async () => {
      await sandbox.send('POST', '/grants/revoke', { email: 'riley@example.com' });
      // A connection that keeps its server (stdio here, in process) knows the capabilities from initialize;
      // a stateless HTTP request does not, and gets the link in the text (test above).
      const principal = await service.app.get(BearerAuthenticator).authenticate(`Bearer ${tokens.accessToken}`);
      const server = service.app.get(McpRegistry).createServer({ principal });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: 'elicits', version: '1' }, { capabilities: { elicitation: { url: {} } } });
      await client.connect(clientSide);
      try {
        const error = await client.callTool({ name: 'get_profile', arguments: {} }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: -32042 });
        expect(JSON.stringify((error as { data?: unknown }).data)).toContain(
          '/api/v1/auth/kroger/reauthorize?ticket=kbx_',
        );
      } finally {
        await client.close();
        await server.close();
      }
      // Put the link back for the next test.
      const url = linkUrl((await callTool(base, tokens.accessToken, 'get_profile')).text);
      expect((await reauthorize(url!, 'riley@example.com')).status).toBe(200);
    });

    it('refuses a link opened with another Kroger account, and changes nothing', async () => {
      await sandbox.send('POST', '/grants/revoke', { email: 'riley@example.com' });
      const url = linkUrl((await callTool(base, tokens.accessToken, 'get_profile')).text);
      const done = await reauthorize(url!, 'jordan@example.com');
      expect(done.status).toBe(403);
      expect(done.html).toContain('different Kroger account');
      expect((await callTool(base, tokens.accessToken, 'get_account_status')).structured).toMatchObject({
        linkStatus: 'REAUTH_REQUIRED',
      });
      const audit = await request(base)
        .get('/api/v1/admin/audit-events?type=link.reauthorization_refused')
        .set('X-Admin-Key', 'test-admin-key-0123456789abcdef');
      expect(JSON.stringify(audit.body)).toContain('link.reauthorization_refused');
    });
  });

  it('limits registrations per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await registerClient(base)).status);
    expect(statuses).toContain(429);
  });
});
