/** The whole account-linking flow as a client and a browser would drive it, over plain HTTP. */
export interface LinkedAccount {
  accessToken: string;
  refreshToken: string;
  loginCode: string;
}

export async function startLinking(serviceUrl: string, returnTo?: string): Promise<URL> {
  const res = await fetch(
    `${serviceUrl}/api/v1/auth/kroger/authorize${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
    { redirect: 'manual' },
  );
  if (res.status !== 302) throw new Error(`authorize: ${res.status} ${await res.text()}`);
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

/** Delivers Kroger's redirect to our callback (the browser's job), at the service's real address. */
export async function callback(serviceUrl: string, krogerRedirect: URL): Promise<Response> {
  return fetch(`${serviceUrl}/api/v1/auth/kroger/callback${krogerRedirect.search}`, { redirect: 'manual' });
}

export async function linkAccount(
  serviceUrl: string,
  input: { email?: string; returnTo?: string } = {},
): Promise<LinkedAccount> {
  const returnTo = input.returnTo ?? 'https://app.example.com/kroger/done';
  const landing = await callback(serviceUrl, await consent(await startLinking(serviceUrl, returnTo), input));
  if (landing.status !== 302) throw new Error(`callback: ${landing.status} ${await landing.text()}`);
  const back = new URL(landing.headers.get('location')!);
  const loginCode = back.searchParams.get('code');
  if (!loginCode) throw new Error(`no code: ${back.toString()}`);
  const session = await fetch(`${serviceUrl}/api/v1/auth/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: loginCode }),
  });
  if (session.status !== 200) throw new Error(`session: ${session.status} ${await session.text()}`);
  const tokens = (await session.json()) as { accessToken: string; refreshToken: string };
  return { ...tokens, loginCode };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
