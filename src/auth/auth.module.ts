import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';
import { AccessTokens } from './access-tokens';
import { ApiTokenRepository } from './api-token.repository';
import { ApiTokensService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthHousekeepingJob } from './auth-housekeeping.job';
import { ACCESS_TOKENS, TOKEN_VAULT } from './auth.tokens';
import { BearerAuthenticator, BearerGuard } from './bearer.guard';
import { KrogerUserTokens } from './kroger-user-tokens';
import { LinkRefreshJob } from './link-refresh.job';
import { LinkingService } from './linking.service';
import { MeController } from './me.controller';
import { OAuthStateStore } from './oauth-state.store';
import { passportProvider } from './passport.provider';
import { SessionsService } from './sessions.service';
import { TokenVault } from './token-vault';

type Config = ConfigService<AppConfig, true>;

/** Account linking, our sessions and tokens, the Kroger token vault and its refresh. */
@Global()
@Module({
  imports: [ScheduleModule.forRoot()],
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
      inject: [PrismaService, TOKEN_VAULT],
      useFactory: (prisma: PrismaService, vault: TokenVault) => new OAuthStateStore(prisma, vault),
    },
    passportProvider,
    LinkingService,
    SessionsService,
    ApiTokensService,
    ApiTokenRepository,
    BearerAuthenticator,
    BearerGuard,
    KrogerUserTokens,
    LinkRefreshJob,
    AuthHousekeepingJob,
  ],
  exports: [BearerAuthenticator, BearerGuard, KrogerUserTokens, LinkRefreshJob, TOKEN_VAULT],
})
export class AuthModule {}
