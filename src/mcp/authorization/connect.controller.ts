import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { InteractionResults } from 'oidc-provider';
import { KrogerSignInService } from '../../auth/kroger-sign-in.service';
import { AppConfig } from '../../config/app-config';
import { AuthorizationServerService } from './authorization-server.service';
import { consentPage, oauthErrorPage, signInPage } from './authorization-pages';
import { isMcpScope } from './mcp-scopes';

type Details = Awaited<ReturnType<AuthorizationServerService['provider']['interactionDetails']>>;

/**
 * The browser part of an MCP client's authorization (oidc-provider's interaction): sign in with
 * Kroger (our only identity; a first-time user links their account on the way), then consent.
 * Every step reads the interaction through oidc-provider's cookie, path-bound to /connect/<uid>, so
 * only the browser that started the authorization can take it further.
 */
@ApiExcludeController()
@Controller('connect')
export class ConnectController {
  private readonly csrfKey: Buffer;

  constructor(
    private readonly server: AuthorizationServerService,
    private readonly signIn: KrogerSignInService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.csrfKey = createHmac('sha256', config.get('auth.tokenEncryptionKey', { infer: true }))
      .update('kroger-backend:connect-csrf')
      .digest();
  }

  @Get(':uid')
  async showStep(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const details = await this.detailsOrPage(uid, req, res);
    if (!details) return;
    const client = await this.server.provider.Client.find(param(details, 'client_id'));
    const clientName = describeClient(client?.clientName, param(details, 'client_id')).name;
    res.setHeader('Cache-Control', 'no-store');
    if (details.prompt.name === 'login')
      return void res.type('html').send(signInPage({ clientName, krogerUrl: `/connect/${uid}/kroger` }));
    const redirect = new URL(param(details, 'redirect_uri'));
    const requested = param(details, 'scope').split(' ').filter(isMcpScope);
    // The answer is a redirect to the client after a form post: CSP form-action must allow its origin.
    res.setHeader('Content-Security-Policy', consentPolicy(redirect));
    res.type('html').send(
      consentPage({
        clientName,
        clientDetail: describeClient(client?.clientName, param(details, 'client_id')).detail,
        redirectHost: redirect.host || redirect.protocol,
        scopes: requested,
        action: `/connect/${uid}/consent`,
        csrfToken: this.csrfToken(uid),
      }),
    );
  }

  @Get(':uid/kroger')
  async signInWithKroger(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const details = await this.detailsOrPage(uid, req, res);
    if (!details) return;
    if (details.prompt.name !== 'login') return void res.redirect(303, `/connect/${uid}`);
    this.signIn.start(req, res, { interactionUid: uid });
  }

  @Post(':uid/consent')
  async decide(
    @Param('uid') uid: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const details = await this.detailsOrPage(uid, req, res);
    if (!details) return;
    if (details.prompt.name !== 'consent' || !this.validCsrf(uid, body?.csrf)) {
      return void res
        .status(400)
        .type('html')
        .send(oauthErrorPage('invalid_request', 'This form is not valid any more. Start again from your assistant.'));
    }
    const provider = this.server.provider;
    if (body.decision !== 'approve') {
      const denied: InteractionResults = { error: 'access_denied', error_description: 'The user denied access.' };
      return provider.interactionFinished(req, res, denied, { mergeWithLastSubmission: false });
    }
    const accountId = details.session!.accountId;
    const grant = details.grantId
      ? (await provider.Grant.find(details.grantId))!
      : new provider.Grant({ accountId, clientId: param(details, 'client_id') });
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
      grant.addResourceScope(resource, scopes.join(' '));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  /** The interaction as this browser holds it; otherwise a page saying to start again. */
  private async detailsOrPage(uid: string, req: Request, res: Response): Promise<Details | undefined> {
    try {
      const details = await this.server.provider.interactionDetails(req, res);
      if (details.uid === uid) return details;
    } catch {
      // No interaction cookie (another browser), or expired: the same answer.
    }
    res
      .status(400)
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(
        oauthErrorPage(
          'interaction_expired',
          'This connection request expired or was started in another browser. Start connecting your assistant again.',
        ),
      );
    return undefined;
  }

  private csrfToken(uid: string): string {
    return createHmac('sha256', this.csrfKey).update(uid).digest('base64url');
  }

  private validCsrf(uid: string, token: unknown): boolean {
    const expected = Buffer.from(this.csrfToken(uid));
    const given = Buffer.from(typeof token === 'string' ? token : '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** An authorization request parameter as oidc-provider validated it (strings only). */
function param(details: Details, name: string): string {
  const value = details.params[name];
  return typeof value === 'string' ? value : '';
}

/** A registered client by its name; a Client ID Metadata Document client by its URL's host too. */
function describeClient(name: string | undefined, clientId: string): { name: string; detail: string } {
  const url = /^https:\/\//.test(clientId) ? URL.parse(clientId) : null;
  if (url) return { name: name ? `${name} (${url.host})` : url.host, detail: `Client identified by ${clientId}` };
  return {
    name: name ?? 'An unnamed application',
    detail: `Registered application ${clientId}; its name is what it says it is.`,
  };
}

function consentPolicy(redirect: URL): string {
  const target = redirect.protocol === 'http:' || redirect.protocol === 'https:' ? redirect.origin : redirect.protocol;
  return [
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `form-action 'self' ${target}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}
