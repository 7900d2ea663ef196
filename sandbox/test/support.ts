import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createHash, randomBytes } from 'node:crypto';
import schema from '../schemas/kroger.schema.json';
import { RunningSandbox } from '../sandbox';

export const PUBLIC = { id: 'sandbox-public-app', secret: 'sandbox-public-secret' };
export const PARTNER = { id: 'sandbox-partner-app', secret: 'sandbox-partner-secret' };
export const REDIRECT = 'http://localhost:3000/api/v1/auth/kroger/callback';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(schema);

/** Fails with the schema's complaints when a body does not have Kroger's shape. */
export function expectShape(definition: string, body: unknown): void {
  const validate = ajv.getSchema(`${schema.$id}#/definitions/${definition}`)!;
  const ok = validate(body);
  if (!ok) throw new Error(`${definition} does not match:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

const basic = (client: { id: string; secret: string }) =>
  `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;

export async function tokenRequest(
  sandbox: RunningSandbox,
  form: Record<string, string>,
  client?: { id: string; secret: string },
) {
  const res = await fetch(`${sandbox.baseUrl}/v1/connect/oauth2/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(client ? { Authorization: basic(client) } : {}),
    },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function appToken(sandbox: RunningSandbox, client = PUBLIC, scope = 'product.compact'): Promise<string> {
  const res = await tokenRequest(sandbox, { grant_type: 'client_credentials', scope }, client);
  if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Walks the consent page as a browser would: GET the page, POST the form, follow nothing. */
export async function authorize(
  sandbox: RunningSandbox,
  input: {
    client?: { id: string };
    scope: string;
    email?: string;
    password?: string;
    challenge?: string;
    state?: string;
    decision?: 'approve' | 'deny';
    redirectUri?: string;
  },
): Promise<URL> {
  const params: Record<string, string> = {
    client_id: (input.client ?? PUBLIC).id,
    redirect_uri: input.redirectUri ?? REDIRECT,
    response_type: 'code',
    scope: input.scope,
    state: input.state ?? 'state-123',
    ...(input.challenge ? { code_challenge: input.challenge, code_challenge_method: 'S256' } : {}),
  };
  const page = await fetch(`${sandbox.baseUrl}/v1/connect/oauth2/authorize?${new URLSearchParams(params)}`);
  if (page.status !== 200) throw new Error(`authorize page: ${page.status} ${await page.text()}`);
  const res = await fetch(`${sandbox.baseUrl}/v1/connect/oauth2/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      ...params,
      email: input.email ?? 'shopper@example.com',
      password: input.password ?? 'sandbox',
      decision: input.decision ?? 'approve',
    }),
  });
  if (res.status !== 302) throw new Error(`consent: ${res.status} ${await res.text()}`);
  return new URL(res.headers.get('location')!);
}

/** A customer token pair through the full authorization-code + PKCE flow. */
export async function customerTokens(
  sandbox: RunningSandbox,
  client = PUBLIC,
  scope = 'product.compact cart.basic:write profile.compact',
  email = 'shopper@example.com',
) {
  const { verifier, challenge } = pkcePair();
  const redirect = await authorize(sandbox, { client, scope, challenge, email });
  const res = await tokenRequest(
    sandbox,
    {
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code')!,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    },
    client,
  );
  if (res.status !== 200) throw new Error(`exchange: ${res.status} ${JSON.stringify(res.body)}`);
  return { accessToken: res.body.access_token as string, refreshToken: res.body.refresh_token as string };
}

export async function call(
  sandbox: RunningSandbox,
  token: string | undefined,
  path: string,
  init: { method?: string; body?: unknown } = {},
) {
  const res = await fetch(`${sandbox.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Accept: 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, any>) : undefined,
  };
}

export async function control(sandbox: RunningSandbox, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.baseUrl}/__sandbox${path}`, {
    method,
    headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}
