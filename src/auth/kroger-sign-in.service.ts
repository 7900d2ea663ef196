import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Authenticator } from 'passport';
import { KrogerLogin } from './kroger-oauth.strategy';
import { LinkState } from './oauth-state.store';
import { PASSPORT } from './passport.provider';

export type SignInDone = (err: unknown, login: KrogerLogin | false, info?: { state?: LinkState }) => void;

/**
 * Sends a browser to Kroger's sign-in and consent page (PKCE, a state in the database, the browser
 * binding cookie) and reads Kroger's answer on the callback. The state says what the sign-in is for:
 * linking for an app, signing in to our OAuth server for an MCP client, or re-authorizing a link.
 */
@Injectable()
export class KrogerSignInService {
  constructor(@Inject(PASSPORT) private readonly passport: Authenticator) {}

  start(req: Request, res: Response, state: LinkState, banner?: string): void {
    this.run(req, res, { state, banner }, () => undefined);
  }

  finish(req: Request, res: Response, done: SignInDone): void {
    this.run(req, res, {}, done);
  }

  private run(req: Request, res: Response, options: object, done: SignInDone): void {
    const next: NextFunction = (err?: unknown) => done(err ?? new Error('login did not finish'), false);
    (
      this.passport.authenticate('kroger', { session: false, ...options }, done) as (
        req: Request,
        res: Response,
        next: NextFunction,
      ) => void
    )(req, res, next);
  }
}
