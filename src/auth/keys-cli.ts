/**
 * `npm run keys:rotate`: re-encrypts every stored Kroger token under TOKEN_ENCRYPTION_KEY, opening
 * old ones with TOKEN_ENCRYPTION_KEY_PREVIOUS.
 */
import { readEnvironment } from '../config/environment';
import { loadConfig } from '../config/load-config';
import { openDatabase } from '../database/database-connection';
import { PrismaService } from '../database/prisma.service';
import { rotateKeys } from './keys-rotation';
import { TokenVault } from './token-vault';

async function main(): Promise<void> {
  const { config } = loadConfig(readEnvironment());
  const prisma = new PrismaService(await openDatabase(config.database));
  try {
    const vault = new TokenVault(config.auth.tokenEncryptionKey, config.auth.previousTokenEncryptionKey);
    const result = await rotateKeys(prisma, vault);
    console.log(
      `Re-encrypted ${result.links} Kroger links and ${result.states} pending logins under key ${vault.currentKeyId}.`,
    );
  } finally {
    await prisma.onApplicationShutdown();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
