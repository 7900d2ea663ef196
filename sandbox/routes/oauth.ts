import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Request, Response, Router } from 'express';
import type { SandboxContext } from '../context';
import { RegisteredClient, SCOPES } from '../registry';
import { renderConsentPage } from './consent-page';

const BANNERS = new Set([
  'bakers',
  'bakersplus',
  'citymarket',
  'copps',
  'dillons',
  'food4less',
  'foodsco',
  'fredmeyer',
  'fredmeyerjewelers',
  'frys',
  'frysfood',
  'gerbes',
  'harristeeter',
  'jaycfoods',
  'kingsoopers',
  'kroger',
  'marianos',
  'metromarket',
  'payless',
  'picknsave',
  'ppsrx',
  'qfc',
  'ralphs',
  'rulerfoods',
  'smiths',
  'smithsfoodanddrug',
]);

const REDIRECT_MISMATCH = 'The redirect_uri did not match the registered redirect_uri for this application';
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const AUTHORIZE_FIELDS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'banner',
  'code_challenge',
  'code_challenge_method',
];

const scopesOf = (value: unknown) => (typeof value === 'string' ? value.split(/[\s+]+/).filter(Boolean) : []);

function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

/** `/v1/connect/oauth2/authorize` and `/token` (KROGER_API.md §2). */
export function oauthRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  /** Checks what must hold before anything can be sent back to the redirect URI. */
  function checkAuthorizeRequest(
    params: Record<string, string>,
    res: Response,
  ): { client: RegisteredClient; scopes: string[] } | undefined {
    const client = ctx.clients.get(params.client_id ?? '');
    if (!client) {
      ctx.errors.oauth(res, 400, 'invalid_request', 'invalid client_id');
      return undefined;
    }
    if (!params.redirect_uri || !client.redirectUris.includes(params.redirect_uri)) {
      ctx.errors.oauth(res, 400, 'invalid_request', REDIRECT_MISMATCH);
      return undefined;
    }
    if (params.response_type !== 'code') {
      ctx.errors.oauth(res, 400, 'unsupported_response_type', 'invalid response_type');
      return undefined;
    }
    const scopes = scopesOf(params.scope);
    const allowed: readonly string[] = SCOPES.customer[client.tier];
    if (scopes.length === 0 || scopes.some((s) => !allowed.includes(s))) {
      ctx.errors.oauth(res, 400, 'invalid_scope', 'invalid scope');
      return undefined;
    }
    if (params.code_challenge_method && params.code_challenge_method !== 'S256') {
      ctx.errors.oauth(res, 400, 'invalid_request', 'code_challenge_method must be S256');
      return undefined;
    }
    if (params.code_challenge && !/^[A-Za-z0-9_-]{43}$/.test(params.code_challenge)) {
      ctx.errors.oauth(res, 400, 'invalid_request', 'invalid code_challenge');
      return undefined;
    }
    return { client, scopes };
  }

  const pick = (source: Record<string, unknown>) =>
    Object.fromEntries(
      AUTHORIZE_FIELDS.filter((k) => typeof source[k] === 'string' && source[k] !== '').map((k) => [
        k,
        source[k] as string,
      ]),
    );

  router.get('/connect/oauth2/authorize', (req, res) => {
    const params = pick(req.query);
    const checked = checkAuthorizeRequest(params, res);
    if (!checked) return;
    const banner = BANNERS.has(params.banner ?? '') ? params.banner : 'kroger';
    res.type('html').send(renderConsentPage({ params, scopes: checked.scopes, banner }));
  });

  router.post('/connect/oauth2/authorize', form, (req, res) => {
    const body = req.body as Record<string, string>;
    const params = pick(body);
    const checked = checkAuthorizeRequest(params, res);
    if (!checked) return;
    if (body.decision === 'deny') {
      res.redirect(
        302,
        withQuery(params.redirect_uri, {
          error: 'access_denied',
          error_description: 'The resource owner denied the request',
          state: params.state,
        }),
      );
      return;
    }
    const customer = ctx.customers.find((c) => c.email.toLowerCase() === String(body.email ?? '').toLowerCase());
    if (!customer || customer.password !== body.password) {
      const banner = BANNERS.has(params.banner ?? '') ? params.banner : 'kroger';
      res
        .status(200)
        .type('html')
        .send(
          renderConsentPage({
            params,
            scopes: checked.scopes,
            banner,
            email: body.email,
            error: 'The email or password is not correct.',
          }),
        );
      return;
    }
    const code = ctx.tokens.issueCode({
      clientId: checked.client.clientId,
      redirectUri: params.redirect_uri,
      scopes: checked.scopes,
      customerEmail: customer.email,
      codeChallenge: params.code_challenge,
    });
    ctx.requestLog.attachCustomer(req, customer.email);
    res.redirect(302, withQuery(params.redirect_uri, { code, state: params.state }));
  });

  router.post('/connect/oauth2/token', form, (req, res) => {
    const body = (req.body ?? {}) as Record<string, string>;
    const client = authenticateClient(req, body);
    if (client === 'invalid') {
      // Live: 401, though the spec says 400 (§11).
      ctx.errors.oauth(res, 401, 'unauthorized', 'invalid credentials');
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    switch (body.grant_type) {
      case 'client_credentials':
        return clientCredentials(client, body, res);
      case 'authorization_code':
        return authorizationCode(client, body, req, res);
      case 'refresh_token':
        return refresh(client, body, req, res);
      default:
        ctx.errors.oauth(res, 400, 'unsupported_grant_type', 'invalid grant_type');
    }
  });

  /** Basic authentication; or, for a PKCE code exchange, `client_id` in the body (Authorization 1.0.17). */
  function authenticateClient(
    req: Request,
    body: Record<string, string>,
  ): RegisteredClient | 'invalid' | { publicPkce: RegisteredClient } {
    const header = req.header('authorization');
    if (header?.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString();
      const separator = decoded.indexOf(':');
      const id = decodeURIComponent(decoded.slice(0, separator));
      const secret = decodeURIComponent(decoded.slice(separator + 1));
      const client = ctx.clients.get(id);
      if (!client || separator < 0 || !safeEqual(client.clientSecret, secret)) return 'invalid';
      ctx.requestLog.attachClient(req, client.clientId);
      return client;
    }
    if (body.grant_type === 'authorization_code' && body.client_id && body.code_verifier) {
      const client = ctx.clients.get(body.client_id);
      if (!client) return 'invalid';
      ctx.requestLog.attachClient(req, client.clientId);
      return { publicPkce: client };
    }
    return 'invalid';
  }

  function clientCredentials(
    client: RegisteredClient | { publicPkce: RegisteredClient },
    body: Record<string, string>,
    res: Response,
  ): void {
    if ('publicPkce' in client) return ctx.errors.oauth(res, 401, 'unauthorized', 'invalid credentials');
    const allowed: readonly string[] = SCOPES.app[client.tier];
    const requested = scopesOf(body.scope);
    // Customer scopes (cart, profile) are refused for this grant (§2.5, S24).
    if (requested.some((s) => !allowed.includes(s)))
      return ctx.errors.oauth(res, 400, 'invalid_scope', 'invalid scope');
    const scopes = requested.length > 0 ? requested : [...allowed];
    const { token, expiresIn } = ctx.tokens.issueAppToken(client.clientId, scopes);
    res.json({ expires_in: expiresIn, access_token: token, token_type: 'bearer' });
  }

  function authorizationCode(
    client: RegisteredClient | { publicPkce: RegisteredClient },
    body: Record<string, string>,
    req: Request,
    res: Response,
  ): void {
    const registered = 'publicPkce' in client ? client.publicPkce : client;
    if (!body.code) return ctx.errors.oauth(res, 400, 'invalid_request', 'invalid code');
    const code = ctx.tokens.redeemCode(body.code);
    if (!code || code.clientId !== registered.clientId)
      return ctx.errors.oauth(res, 400, 'invalid_request', 'invalid code');
    if (body.redirect_uri !== code.redirectUri) return ctx.errors.oauth(res, 400, 'invalid_request', REDIRECT_MISMATCH);
    if (code.codeChallenge || 'publicPkce' in client) {
      const verifier = body.code_verifier ?? '';
      const expected = code.codeChallenge;
      if (
        !expected ||
        !VERIFIER.test(verifier) ||
        createHash('sha256').update(verifier).digest('base64url') !== expected
      ) {
        return ctx.errors.oauth(res, 400, 'invalid_request', 'invalid code_verifier');
      }
    }
    const customer = ctx.customers.find((c) => c.email === code.customerEmail)!;
    ctx.requestLog.attachCustomer(req, customer.email);
    const issued = ctx.tokens.issueCustomerTokens(code.grantId, customer.profileId);
    res.json({
      expires_in: issued.expiresIn,
      access_token: issued.token,
      token_type: 'bearer',
      refresh_token: issued.refreshToken,
    });
  }

  function refresh(
    client: RegisteredClient | { publicPkce: RegisteredClient },
    body: Record<string, string>,
    req: Request,
    res: Response,
  ): void {
    if ('publicPkce' in client) return ctx.errors.oauth(res, 401, 'unauthorized', 'invalid credentials');
    const grant = body.refresh_token ? ctx.tokens.redeemRefreshToken(body.refresh_token, client.clientId) : undefined;
    if (!grant) return ctx.errors.oauth(res, 400, 'invalid_request', 'invalid refresh_token');
    const customer = ctx.customers.find((c) => c.email === grant.customerEmail)!;
    ctx.requestLog.attachCustomer(req, customer.email);
    const issued = ctx.tokens.issueCustomerTokens(grant.id, customer.profileId);
    res.json({
      expires_in: issued.expiresIn,
      access_token: issued.token,
      token_type: 'bearer',
      refresh_token: issued.refreshToken,
    });
  }

  return router;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
