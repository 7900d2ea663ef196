import { ConfigService } from '@nestjs/config';
import { Authenticator } from 'passport';
import { AppConfig } from '../config/app-config';
import { KrogerClient } from '../kroger/kroger-client';
import { KrogerConnection } from '../kroger/kroger-connection';
import { KROGER_CONNECTION } from '../kroger/kroger.tokens';
import { KrogerOAuthStrategy } from './kroger-oauth.strategy';
import { OAuthStateStore } from './oauth-state.store';

export const PASSPORT = Symbol('PASSPORT');

/** A passport instance of our own (no global state, no server sessions) with the Kroger strategy. */
export const passportProvider = {
  provide: PASSPORT,
  inject: [ConfigService, KROGER_CONNECTION, KrogerClient, OAuthStateStore],
  useFactory: (
    config: ConfigService<AppConfig, true>,
    connection: KrogerConnection,
    kroger: KrogerClient,
    store: OAuthStateStore,
  ) => {
    const passport = new Authenticator();
    passport.use(
      'kroger',
      new KrogerOAuthStrategy(
        {
          authorizationURL: `${connection.baseUrl}/v1/connect/oauth2/authorize`,
          clientID: connection.clientId,
          callbackURL: config.get('kroger.redirectUri', { infer: true }),
          scope: config.get('auth.krogerScopes', { infer: true }),
          store,
        },
        kroger,
      ),
    );
    return passport;
  },
};
