import { createHash, randomBytes } from 'node:crypto';

/** The sandbox's control surface and customer login, over plain HTTP. */
export class SandboxControl {
  constructor(readonly baseUrl: string) {}

  async send(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.baseUrl}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`sandbox ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  reset = () => this.send('POST', '/reset');
  faults = (rules: unknown[]) => this.send('PUT', '/faults', { rules });
  advanceClock = (advanceSeconds: number) => this.send('POST', '/clock', { advanceSeconds });

  /** Kroger calls received, optionally only those under a path prefix. */
  async calls(
    path?: string,
    method?: string,
  ): Promise<{ method: string; path: string; status: number | null; query: Record<string, string> }[]> {
    const query = new URLSearchParams({ ...(path ? { path } : {}), ...(method ? { method } : {}) });
    return ((await this.send('GET', `/requests?${query}`)) as { requests: any[] }).requests;
  }

  /** A real grant at the sandbox (consent + code exchange), as linking would obtain it. */
  async grant(input: { clientId: string; clientSecret: string; redirectUri: string; scope: string; email?: string }) {
    const { code, verifier } = await this.login(input);
    const res = await fetch(`${this.baseUrl}/v1/connect/oauth2/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${input.clientId}:${input.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: input.redirectUri,
        code_verifier: verifier,
      }),
    });
    if (res.status !== 200) throw new Error(`grant: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
    return { accessToken: body.access_token, refreshToken: body.refresh_token, expiresIn: body.expires_in };
  }

  /** Signs a customer in on the consent page; returns the code and the PKCE verifier. */
  async login(input: {
    clientId: string;
    redirectUri: string;
    scope: string;
    email?: string;
  }): Promise<{ code: string; verifier: string }> {
    const verifier = randomBytes(48).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const res = await fetch(`${this.baseUrl}/v1/connect/oauth2/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: input.clientId,
        redirect_uri: input.redirectUri,
        response_type: 'code',
        scope: input.scope,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        email: input.email ?? 'shopper@example.com',
        password: 'sandbox',
        decision: 'approve',
      }),
    });
    const location = res.headers.get('location');
    if (res.status !== 302 || !location) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return { code: new URL(location).searchParams.get('code')!, verifier };
  }
}
