import { createHash, randomBytes } from 'node:crypto';

/** The whole account-linking flow as a client and a browser would drive it, over plain HTTP. */
export interface LinkedAccount {
  accessToken: string;
  refreshToken: string;
  loginCode: string;
}

/**
 * One app and the browser it signs in through: the PKCE pair the app keeps (RFC 7636) and the
 * browser's cookies for the service (the login's binding cookie).
 */
export class LinkingClient {
  readonly codeVerifier = randomBytes(32).toString('base64url');
  readonly codeChallenge = createHash('sha256').update(this.codeVerifier).digest('base64url');
  private readonly cookies = new Map<string, string>();

  /** The Cookie header this browser sends to the service. */
  cookieHeader(): Record<string, string> {
    const pairs = [...this.cookies].map(([name, value]) => `${name}=${value}`);
    return pairs.length ? { Cookie: pairs.join('; ') } : {};
  }

  /** Keeps what the service set, forgets what it cleared (empty value or Max-Age=0 / past Expires). */
  remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      const expired = attributes.some(
        (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()),
      );
      if (expired || !value) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** Opens authorize in the client's browser; Kroger's consent URL. */
export async function startLinking(serviceUrl: string, returnTo?: string, client = new LinkingClient()): Promise<URL> {
  const query = new URLSearchParams({ codeChallenge: client.codeChallenge, codeChallengeMethod: 'S256' });
  if (returnTo) query.set('returnTo', returnTo);
  const res = await fetch(`${serviceUrl}/api/v1/auth/kroger/authorize?${query}`, {
    redirect: 'manual',
    headers: client.cookieHeader(),
  });
  if (res.status !== 302) throw new Error(`authorize: ${res.status} ${await res.text()}`);
  client.remember(res);
  return new URL(res.headers.get('location')!);
}

/** Submits the sandbox consent form for the parameters of Kroger's authorize URL. */
export async function consent(
  krogerAuthorize: URL,
  input: { email?: string; decision?: 'approve' | 'deny' } = {},
): Promise<URL> {
  const form = new URLSearchParams(krogerAuthorize.searchParams);
  form.set('email', input.email ?? 'shopper@example.com');
  form.set('password', 'sandbox');
  form.set('decision', input.decision ?? 'approve');
  const res = await fetch(`${krogerAuthorize.origin}${krogerAuthorize.pathname}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  if (res.status !== 302) throw new Error(`consent: ${res.status} ${await res.text()}`);
  return new URL(res.headers.get('location')!);
}

/** Delivers Kroger's redirect to our callback in the client's browser (its cookies), at the service's real address. */
export async function callback(serviceUrl: string, krogerRedirect: URL, client: LinkingClient): Promise<Response> {
  const res = await fetch(`${serviceUrl}/api/v1/auth/kroger/callback${krogerRedirect.search}`, {
    redirect: 'manual',
    headers: client.cookieHeader(),
  });
  client.remember(res);
  return res;
}

/** POST /api/v1/auth/session as the app would: the code and its PKCE verifier. */
export function exchangeCode(serviceUrl: string, code: string, codeVerifier: string | undefined): Promise<Response> {
  return fetch(`${serviceUrl}/api/v1/auth/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(codeVerifier === undefined ? { code } : { code, codeVerifier }),
  });
}

export async function linkAccount(
  serviceUrl: string,
  input: { email?: string; returnTo?: string } = {},
): Promise<LinkedAccount> {
  const client = new LinkingClient();
  const returnTo = input.returnTo ?? 'https://app.example.com/kroger/done';
  const landing = await callback(
    serviceUrl,
    await consent(await startLinking(serviceUrl, returnTo, client), input),
    client,
  );
  if (landing.status !== 302) throw new Error(`callback: ${landing.status} ${await landing.text()}`);
  const back = new URL(landing.headers.get('location')!);
  const loginCode = back.searchParams.get('code');
  if (!loginCode) throw new Error(`no code: ${back.toString()}`);
  const session = await exchangeCode(serviceUrl, loginCode, client.codeVerifier);
  if (session.status !== 200) throw new Error(`session: ${session.status} ${await session.text()}`);
  const tokens = (await session.json()) as { accessToken: string; refreshToken: string };
  return { ...tokens, loginCode };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
