import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { bearer, consent, LinkingClient } from './accounts';

/** A registered MCP client as a test drives it: its id, redirect URI and one PKCE pair. */
export interface OAuthTestClient {
  clientId: string;
  redirectUri: string;
}

export const MCP_CLIENT_REDIRECT = 'http://127.0.0.1:9/callback';

export async function registerClient(
  base: string,
  metadata: Record<string, unknown> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/oauth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Test Assistant',
      redirect_uris: [MCP_CLIENT_REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...metadata,
    }),
  });
  return { status: res.status, body: await res.json() };
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(
  base: string,
  client: OAuthTestClient,
  params: Record<string, string | undefined>,
): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: 'read cart:write',
    state: 'st',
    resource: `${base}/mcp`,
  });
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) query.delete(key);
    else query.set(key, value);
  }
  return `${base}/oauth/authorize?${query}`;
}

/** A browser over plain HTTP: cookies kept (LinkingClient), redirects followed by hand. */
export class TestBrowser extends LinkingClient {
  /** Every navigation the browser made (requests the user or a redirect caused). */
  readonly visited: string[] = [];

  async get(url: string): Promise<Response> {
    this.visited.push(url);
    const res = await fetch(url, { redirect: 'manual', headers: this.cookieHeader() });
    this.remember(res);
    return res;
  }

  async postForm(url: string, form: Record<string, string>): Promise<Response> {
    this.visited.push(url);
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...this.cookieHeader(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    this.remember(res);
    return res;
  }

  /** Follows redirects within the service until a page (200/4xx) or a redirect leaving it. */
  async follow(base: string, url: string): Promise<{ res: Response; url: string }> {
    let current = url;
    for (let i = 0; i < 10; i++) {
      const res = await this.get(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, url: current };
      const next = new URL(location, current).toString();
      if (!next.startsWith(base)) return { res, url: next };
      current = next;
    }
    throw new Error('too many redirects');
  }
}

/**
 * The whole browser trip over HTTP: authorize, sign in with Kroger (the sandbox's consent form),
 * then our consent page, Allow or Deny. Returns where the browser was finally sent (the client's
 * redirect URI with a code or an error).
 */
export async function authorizeInBrowser(
  base: string,
  url: string,
  input: { browser?: TestBrowser; email?: string; decision?: 'approve' | 'deny' } = {},
): Promise<{ redirect: URL; browser: TestBrowser; consentHtml: string }> {
  const browser = input.browser ?? new TestBrowser();
  let step = await browser.follow(base, url);
  let html = await step.res.text();
  if (html.includes('id="sign-in"')) {
    const kroger = await browser.get(
      new URL(
        /href="([^"]+)"/.exec(html.slice(html.indexOf('id="sign-in"')))![1].replace(/&amp;/g, '&'),
        base,
      ).toString(),
    );
    const krogerAuthorize = new URL(kroger.headers.get('location')!);
    const back = await consent(krogerAuthorize, { email: input.email });
    step = await browser.follow(base, `${base}/api/v1/auth/kroger/callback${back.search}`);
    html = await step.res.text();
  }
  if (!html.includes('name="csrf"'))
    throw new Error(`no consent page at ${step.url}: ${step.res.status} ${html.slice(0, 300)}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1];
  const action = /action="([^"]+)"/.exec(html)![1];
  const decided = await browser.postForm(`${base}${action}`, { csrf, decision: input.decision ?? 'approve' });
  const done = await browser.follow(base, new URL(decided.headers.get('location')!, base).toString());
  return { redirect: new URL(done.url), browser, consentHtml: html };
}

export async function tokenRequest(base: string, form: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: await res.json() };
}

/** Registration, the browser trip and the code exchange: tokens for /mcp. */
export async function mcpTokens(
  base: string,
  input: { email?: string; scope?: string; resource?: string } = {},
): Promise<{ client: OAuthTestClient; accessToken: string; refreshToken: string; scope: string }> {
  const resource = input.resource ?? `${base}/mcp`;
  const registered = await registerClient(base);
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  const client = { clientId: registered.body.client_id as string, redirectUri: MCP_CLIENT_REDIRECT };
  const pkce = pkcePair();
  const { redirect } = await authorizeInBrowser(
    base,
    authorizeUrl(base, client, {
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      resource,
      ...(input.scope ? { scope: input.scope } : {}),
    }),
    { email: input.email },
  );
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error(`no code: ${redirect.toString()}`);
  const tokens = await tokenRequest(base, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirectUri,
    client_id: client.clientId,
    code_verifier: pkce.verifier,
    resource,
  });
  if (tokens.status !== 200) throw new Error(`token: ${tokens.status} ${JSON.stringify(tokens.body)}`);
  return {
    client,
    accessToken: tokens.body.access_token,
    refreshToken: tokens.body.refresh_token,
    scope: tokens.body.scope,
  };
}

/** tools/list on /mcp with a bearer token, over plain HTTP (the status says whether the token is accepted). */
export const listTools = (base: string, token: string) =>
  request(base)
    .post('/mcp')
    .set('Accept', 'application/json, text/event-stream')
    .set(bearer(token))
    .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

/** RFC 7009 revocation as a public client does it. */
export function revokeToken(base: string, token: string, clientId: string): Promise<Response> {
  return fetch(`${base}/oauth/revoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, client_id: clientId }),
  });
}
