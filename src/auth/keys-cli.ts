/**
 * `npm run keys:rotate`: re-encrypts every stored Kroger token under TOKEN_ENCRYPTION_KEY, opening
 * old ones with TOKEN_ENCRYPTION_KEY_PREVIOUS.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { AppConfigModule } from '../config/config.module';
import { readEnvironment } from '../config/environment';
import { loadConfig } from '../config/load-config';
import { DatabaseModule } from '../database/database.module';
import { rotateKeys } from './keys-rotation';
import { KrogerLinkRepository } from './kroger-link.repository';
import { OAuthStateRepository } from './oauth-state.repository';
import { TokenVault } from './token-vault';

/** The database and the two stores holding sealed secrets; nothing else of the service starts. */
@Module({})
class KeysModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: KeysModule,
      imports: [AppConfigModule.forRoot(config), DatabaseModule],
      providers: [KrogerLinkRepository, OAuthStateRepository],
    };
  }
}

async function main(): Promise<void> {
  const { config } = loadConfig(readEnvironment());
  const app = await NestFactory.createApplicationContext(KeysModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const vault = new TokenVault(config.auth.tokenEncryptionKey, config.auth.previousTokenEncryptionKey);
    const result = await rotateKeys(
      { links: app.get(KrogerLinkRepository), states: app.get(OAuthStateRepository) },
      vault,
    );
    console.log(
      `Re-encrypted ${result.links} Kroger links and ${result.states} pending logins under key ${vault.currentKeyId}.`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
