import { randomUUID } from 'node:crypto';
import { TokenVault } from '../../src/auth/token-vault';
import { PrismaService } from '../../src/database/prisma.service';
import { SandboxControl } from './sandbox-control';
import { TEST_ENCRYPTION_KEY } from './test-app';

export interface SeedOptions {
  count: number;
  redirectUri: string;
  /** Access token expiry, relative to now. */
  expiresInMs: number;
  lastUsedAgoMs?: number;
  lastRefreshedAgoMs?: number;
  concurrency?: number;
}

/** Creates linked users whose Kroger tokens are real sandbox grants, as if each had signed in. */
export async function seedLinks(
  prisma: PrismaService,
  sandbox: SandboxControl,
  options: SeedOptions,
): Promise<string[]> {
  const vault = new TokenVault(Buffer.from(TEST_ENCRYPTION_KEY, 'base64url'));
  const userIds: string[] = [];
  const queue = Array.from({ length: options.count }, (_, i) => i);
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      const grant = await sandbox.grant({
        clientId: 'sandbox-public-app',
        clientSecret: 'sandbox-public-secret',
        redirectUri: options.redirectUri,
        scope: 'cart.basic:write profile.compact',
      });
      const user = await prisma.user.create({ data: {} });
      await prisma.krogerLink.create({
        data: {
          userId: user.id,
          profileId: randomUUID(),
          scopes: ['cart.basic:write', 'profile.compact'],
          accessToken: vault.seal(grant.accessToken),
          refreshToken: vault.seal(grant.refreshToken),
          keyId: vault.currentKeyId,
          accessTokenExpiresAt: new Date(Date.now() + options.expiresInMs),
          lastUsedAt: new Date(Date.now() - (options.lastUsedAgoMs ?? 60_000)),
          lastRefreshedAt: new Date(Date.now() - (options.lastRefreshedAgoMs ?? 60_000)),
        },
      });
      userIds.push(user.id);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return userIds;
}
