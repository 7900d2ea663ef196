import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { EventsModule } from '../events/events.module';
import { AccessTokens } from './access-tokens';
import { ApiTokenRepository } from './api-token.repository';
import { ApiTokensService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthHousekeepingJob } from './auth-housekeeping.job';
import { ACCESS_TOKENS, TOKEN_VAULT } from './auth.tokens';
import { BearerAuthenticator, BearerGuard } from './bearer.guard';
import { KrogerLinkRepository } from './kroger-link.repository';
import { KrogerUserTokens } from './kroger-user-tokens';
import { LinkRefreshJob } from './link-refresh.job';
import { LinkingService } from './linking.service';
import { LoginCodeRepository } from './login-code.repository';
import { MeController } from './me.controller';
import { OAuthStateRepository } from './oauth-state.repository';
import { OAuthStateStore, STATE_TTL_MS } from './oauth-state.store';
import { LinkBindingCookie } from './link-binding-cookie';
import { passportProvider } from './passport.provider';
import { SessionRepository } from './session.repository';
import { SessionsService } from './sessions.service';
import { SessionStatusCache } from './session-status.cache';
import { TokenVault } from './token-vault';
import { UserRepository } from './user.repository';
import { DelegatedAuthorizationService } from './delegated-authorization.service';
import { KrogerSignInService } from './kroger-sign-in.service';
import { ReauthTicketRepository } from './reauth-ticket.repository';
import { ReauthTicketsService } from './reauth-tickets.service';
import { AccountTools } from './account.tools';
import { AccountAdminService } from './account-admin.service';

type Config = ConfigService<AppConfig, true>;

/** Account linking, our sessions and tokens, the Kroger token vault and its refresh. */
@Global()
@Module({
  imports: [ScheduleModule.forRoot(), EventsModule],
  controllers: [AuthController, MeController],
  providers: [
    {
      provide: TOKEN_VAULT,
      inject: [ConfigService],
      useFactory: (config: Config) =>
        new TokenVault(
          config.get('auth.tokenEncryptionKey', { infer: true }),
          config.get('auth.previousTokenEncryptionKey', { infer: true }),
        ),
    },
    {
      provide: ACCESS_TOKENS,
      inject: [ConfigService],
      useFactory: (config: Config) =>
        new AccessTokens(
          config.get('auth.tokenEncryptionKey', { infer: true }),
          config.get('auth.accessTokenTtlSeconds', { infer: true }),
        ),
    },
    {
      provide: OAuthStateStore,
      inject: [OAuthStateRepository, TOKEN_VAULT, ConfigService],
      useFactory: (states: OAuthStateRepository, vault: TokenVault, config: Config) =>
        new OAuthStateStore(
          states,
          vault,
          new LinkBindingCookie(config.get('kroger.redirectUri', { infer: true }), STATE_TTL_MS),
        ),
    },
    UserRepository,
    KrogerLinkRepository,
    OAuthStateRepository,
    LoginCodeRepository,
    SessionRepository,
    ApiTokenRepository,
    passportProvider,
    LinkingService,
    SessionsService,
    SessionStatusCache,
    ApiTokensService,
    BearerAuthenticator,
    BearerGuard,
    KrogerUserTokens,
    LinkRefreshJob,
    AuthHousekeepingJob,
    DelegatedAuthorizationService,
    KrogerSignInService,
    ReauthTicketRepository,
    ReauthTicketsService,
    AccountTools,
    AccountAdminService,
  ],
  exports: [
    BearerAuthenticator,
    BearerGuard,
    KrogerUserTokens,
    LinkRefreshJob,
    TOKEN_VAULT,
    DelegatedAuthorizationService,
    KrogerSignInService,
    LinkingService,
    ReauthTicketsService,
    AccountAdminService,
  ],
})
export class AuthModule {}
