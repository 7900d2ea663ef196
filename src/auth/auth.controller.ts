import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { ProblemResponses } from '../common/errors/problem-responses';
import { requestIdOf } from '../common/request-id';
import { KrogerError } from '../kroger/kroger-error';
import { BearerAuthenticator } from './bearer.guard';
import {
  AuthorizeQuery,
  LogoutRequest,
  ReauthorizeQuery,
  RefreshRequest,
  SessionRequest,
  SessionTokens,
} from './auth.contract';
import { Returns } from '../common/contract/returns.decorator';
import { KrogerLogin } from './kroger-oauth.strategy';
import { LinkingService } from './linking.service';
import { OAuthStateStore, LinkState } from './oauth-state.store';
import { codePage, errorPage, reauthorizedPage, reauthorizePage } from './pages';
import { SessionsService } from './sessions.service';
import { DelegatedAuthorizationService } from './delegated-authorization.service';
import { KrogerSignInService } from './kroger-sign-in.service';
import { ReauthTicketsService } from './reauth-tickets.service';

interface LinkFailure {
  error: string;
  description: string;
  status: number;
}

const INVALID_STATE: LinkFailure = {
  error: 'invalid_state',
  description: 'This sign-in link expired or was already used. Go back to the app and start again.',
  status: 400,
};
const SPENT_TICKET: LinkFailure = {
  error: 'invalid_ticket',
  description:
    'This sign-in link expired or was already used. Ask your assistant for a new one (it gets one when a Kroger call needs you to sign in again).',
  status: 400,
};
const OTHER_ACCOUNT: LinkFailure = {
  error: 'other_account',
  description:
    'You signed in to a different Kroger account than the one linked, so nothing was changed. Ask for a new link and sign in with the Kroger account you linked before.',
  status: 403,
};
const INTERACTION_GONE: LinkFailure = {
  error: 'interaction_expired',
  description:
    'Your Kroger account is linked, but the connection request expired. Start connecting your assistant again.',
  status: 400,
};
const OTHER_BROWSER: LinkFailure = {
  error: 'other_browser',
  description:
    'This sign-in was started in another browser or app. Finish it where you started it, or go back to the app ' +
    'and start again here. (If someone sent you this link, ignore it: it would sign you in to their account.)',
  status: 400,
};

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly signIn: KrogerSignInService,
    private readonly states: OAuthStateStore,
    private readonly linking: LinkingService,
    private readonly sessions: SessionsService,
    private readonly authenticator: BearerAuthenticator,
    private readonly delegated: DelegatedAuthorizationService,
    private readonly reauthTickets: ReauthTicketsService,
  ) {}

  @Get('kroger/authorize')
  @ApiOperation({
    summary: "Start linking a Kroger account: redirects the browser to Kroger's consent page (PKCE, state)",
    description:
      'Sets a short-lived HttpOnly cookie binding the login to this browser: the callback must be opened in the ' +
      'same browser. The one-time code it yields is bound to codeChallenge: only the matching codeVerifier ' +
      'exchanges it (POST /api/v1/auth/session).',
  })
  @Returns(302, undefined, { description: "Redirect to Kroger's consent page" })
  @ProblemResponses(400)
  authorizeKrogerLink(
    @Query({ schema: AuthorizeQuery }) query: AuthorizeQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): void {
    if (query.returnTo !== undefined && !this.linking.isAllowedReturnUrl(query.returnTo)) {
      throw new DomainError(
        'auth.return_to_not_allowed',
        400,
        'returnTo not allowed',
        'returnTo must be exactly one of ALLOWED_RETURN_URLS (scheme, host, port, path and query), or lie below an entry ending in /*.',
        {
          errors: [{ field: 'returnTo', rule: 'allowlist', message: 'returnTo is not in ALLOWED_RETURN_URLS' }],
        },
      );
    }
    const state: LinkState = { returnTo: query.returnTo, codeChallenge: query.codeChallenge };
    this.signIn.start(req, res, state, query.banner);
  }

  @Get('kroger/reauthorize')
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Open a re-authorization link (from an MCP tool error): a page with one button to sign in to Kroger again',
    description:
      'Opening the link spends nothing: chat apps and mail scanners fetch links to preview them, so the ticket is ' +
      'used only when the user presses the button (POST to the same URL).',
  })
  @Returns(200, undefined, { description: 'An HTML page with a "Sign in to Kroger" button' })
  showReauthorizationPage(@Query({ schema: ReauthorizeQuery }) query: ReauthorizeQuery, @Res() res: Response): void {
    res
      .status(200)
      .type('html')
      .send(reauthorizePage(`/api/v1/auth/kroger/reauthorize?ticket=${query.ticket}`));
  }

  @Post('kroger/reauthorize')
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Use a re-authorization link: sign in to the linked Kroger account again',
    description:
      'The ticket is single-use, short-lived and bound to one user; the callback accepts only the Kroger account ' +
      'already linked to that user (a different account is refused and nothing changes).',
  })
  @Returns(302, undefined, { description: "Redirect to Kroger's consent page" })
  @Returns(400, undefined, { description: 'An HTML page: the link expired or was already used' })
  async reauthorizeKrogerLink(
    @Query({ schema: ReauthorizeQuery }) query: ReauthorizeQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const userId = await this.reauthTickets.claim(query.ticket);
    if (!userId) return this.finishWithError(res, undefined, SPENT_TICKET);
    this.signIn.start(req, res, { reauthUserId: userId });
  }

  @Get('kroger/callback')
  @ApiOperation({
    summary: "Kroger's redirect back: finishes the exchange, then sends the browser to returnTo with a one-time code",
    description:
      'Only in the browser that started the login (its binding cookie); another browser gets a page saying so, ' +
      'and the login it was sent stays usable by the browser that started it.',
  })
  @Returns(302, undefined, {
    description: 'Redirect to returnTo?code=… (or ?error=…); without returnTo, a page showing the code',
  })
  @Returns(200, undefined, { description: 'Without returnTo: an HTML page showing the one-time code' })
  async finishKrogerLink(@Req() req: Request, @Res() res: Response): Promise<void> {
    const query = req.query as Record<string, unknown>;
    const handle = typeof query.state === 'string' ? query.state : undefined;
    const started = await this.states.inspect(req, handle);
    // Login CSRF: a callback for a login this browser did not start is refused before Kroger's
    // code is spent, and never sent to a returnTo, where an app would take it for its own.
    if (started.kind === 'other_browser') return this.finishWithError(res, undefined, OTHER_BROWSER);
    if (started.kind === 'unknown') return this.finishWithError(res, undefined, INVALID_STATE);
    const returnTo = started.returnTo;
    if (typeof query.error === 'string') {
      // Kroger (or the user) said no before any code: route the answer to the client that asked.
      if (await this.states.consume(req, handle)) this.states.forget(res, handle!);
      const denied = query.error === 'access_denied';
      const description = typeof query.error_description === 'string' ? query.error_description : query.error;
      return this.finishWithError(res, returnTo, {
        error: denied ? 'access_denied' : 'kroger_error',
        description: denied ? 'The Kroger account holder denied access.' : description.slice(0, 200),
        status: 400,
      });
    }
    if (started.kind === 'spent' || typeof query.code !== 'string')
      return this.finishWithError(res, returnTo, INVALID_STATE);
    this.signIn.finish(req, res, (err: unknown, login: KrogerLogin | false, info?: { state?: LinkState }) => {
      const state = info?.state;
      // This browser's state is now used (or was, by a concurrent callback): its binding has done its job.
      this.states.forget(res, handle!);
      if (err || !login || !state) return this.finishWithError(res, returnTo, this.describeFailure(err));
      this.complete(login, state, req, res).catch((error: unknown) =>
        this.finishWithError(res, returnTo, this.describeFailure(error)),
      );
    });
  }

  /** What the sign-in was for: a re-authorization, a sign-in to our OAuth server, or linking for an app. */
  private async complete(login: KrogerLogin, state: LinkState, req: Request, res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    if (state.reauthUserId) {
      await this.linking.completeReauthorization(login, state.reauthUserId, requestIdOf(req));
      return void res.status(200).type('html').send(reauthorizedPage());
    }
    const { userId, loginCode } = await this.linking.completeLink(login, state.codeChallenge, requestIdOf(req));
    if (state.interactionUid) {
      // The browser continues the MCP client's authorization (consent next); no code leaves the server.
      const next = await this.delegated.finishLogin(state.interactionUid, userId);
      return next ? res.redirect(303, next) : this.finishWithError(res, undefined, INTERACTION_GONE);
    }
    if (state.returnTo) return res.redirect(302, withParams(state.returnTo, { code: loginCode! }));
    res.status(200).type('html').send(codePage(loginCode!));
  }

  @Post('session')
  @HttpCode(200)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({
    summary:
      'Exchange the one-time code for a session, proving with the PKCE codeVerifier that this client asked for it',
  })
  @Returns(200, SessionTokens)
  @ProblemResponses(400, 429)
  startSession(@Body({ schema: SessionRequest }) body: SessionRequest, @Req() req: Request): Promise<SessionTokens> {
    return this.sessions.startSession(body.code, body.codeVerifier, requestIdOf(req));
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the refresh token: a new access and refresh token; the old one is spent' })
  @Returns(200, SessionTokens)
  @ProblemResponses(400, 401)
  refreshSession(@Body({ schema: RefreshRequest }) body: RefreshRequest, @Req() req: Request): Promise<SessionTokens> {
    return this.sessions.refresh(body.refreshToken, requestIdOf(req));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of the bearer access token (or of the given refresh token)' })
  @Returns(204)
  @ProblemResponses(400, 401)
  async endSession(@Body({ schema: LogoutRequest }) body: LogoutRequest, @Req() req: Request): Promise<void> {
    if (body.refreshToken) return this.sessions.logoutByRefreshToken(body.refreshToken, requestIdOf(req));
    const principal = await this.authenticator.authenticate(req.header('authorization'));
    if (!principal?.sessionId) {
      throw new DomainError(
        'auth.unauthenticated',
        401,
        'Authentication required',
        'Send the session access token, or the refresh token in the body.',
      );
    }
    await this.sessions.logout(principal.sessionId, principal.userId, requestIdOf(req));
  }

  private describeFailure(error: unknown): LinkFailure {
    const cause = (error as { oauthError?: unknown } | undefined)?.oauthError ?? error;
    if (!error) return INVALID_STATE;
    if (cause instanceof DomainError && cause.code === 'link.other_account') return OTHER_ACCOUNT;
    if (cause instanceof KrogerError) {
      return cause.failure === 'bad_request'
        ? {
            error: 'exchange_failed',
            description: 'Kroger did not accept the sign-in (the code expired or was already used). Start again.',
            status: 400,
          }
        : {
            error: 'kroger_unavailable',
            description: 'Kroger could not be reached to finish the sign-in. Try again shortly.',
            status: 502,
          };
    }
    return { error: 'server_error', description: 'The sign-in could not be completed. Try again.', status: 500 };
  }

  private finishWithError(res: Response, returnTo: string | undefined, failure: LinkFailure): void {
    res.setHeader('Cache-Control', 'no-store');
    if (returnTo)
      return res.redirect(302, withParams(returnTo, { error: failure.error, error_description: failure.description }));
    res.status(failure.status).type('html').send(errorPage('Kroger account not linked', failure.description));
  }
}

function withParams(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return target.toString();
}
