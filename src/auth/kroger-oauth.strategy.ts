import OAuth2Strategy from 'passport-oauth2';
import { KrogerClient } from '../kroger/kroger-client';
import { KrogerTokens } from '../kroger/kroger-types';
import { OAuthStateStore } from './oauth-state.store';

/** What a finished Kroger login yields: the tokens and the Kroger profile id. */
export interface KrogerLogin {
  tokens: KrogerTokens;
  profileId: string;
}

interface OAuth2Internals {
  getOAuthAccessToken(
    code: string,
    params: { code_verifier?: string },
    callback: (err: unknown, access?: string, refresh?: string, results?: unknown) => void,
  ): void;
}

/**
 * The authorization-code + PKCE (S256) flow through passport-oauth2: it builds the consent
 * redirect and checks the state. The token exchange and the profile read are routed through
 * the Kroger gateway, so they share its timeouts, retries, quota accounting and error parsing.
 */
export class KrogerOAuthStrategy extends OAuth2Strategy {
  constructor(
    options: {
      authorizationURL: string;
      clientID: string;
      callbackURL: string;
      scope: string[];
      store: OAuthStateStore;
    },
    private readonly kroger: KrogerClient,
  ) {
    super(
      {
        authorizationURL: options.authorizationURL,
        tokenURL: `${options.authorizationURL.replace(/authorize$/, 'token')}`,
        clientID: options.clientID,
        // Unused: the gateway authenticates the exchange with Basic credentials.
        clientSecret: 'via-gateway',
        callbackURL: options.callbackURL,
        scope: options.scope,
        scopeSeparator: ' ',
        pkce: true,
        state: true,
        store: options.store as unknown as OAuth2Strategy.StateStore,
      },
      (
        _access: string,
        _refresh: string,
        results: KrogerTokens,
        profile: { id: string },
        done: OAuth2Strategy.VerifyCallback,
      ) => done(null, { tokens: results, profileId: profile.id } satisfies KrogerLogin),
    );
    this.name = 'kroger';
    const oauth2 = (this as unknown as { _oauth2: OAuth2Internals })._oauth2;
    oauth2.getOAuthAccessToken = (code, params, callback) => {
      this.kroger.exchangeAuthorizationCode(code, params.code_verifier ?? '').then(
        (tokens) => callback(null, tokens.accessToken, tokens.refreshToken, tokens),
        (error: unknown) => callback(error),
      );
    };
  }

  override userProfile(accessToken: string, done: (err?: unknown, profile?: { id: string }) => void): void {
    this.kroger.getProfile({ kind: 'user', accessToken: () => Promise.resolve(accessToken) }).then(
      (profile) => (profile.id ? done(null, { id: profile.id }) : done(new Error('Kroger returned no profile id'))),
      (error: unknown) => done(error),
    );
  }

  override authorizationParams(options: { banner?: string }): object {
    return options.banner ? { banner: options.banner } : {};
  }
}
