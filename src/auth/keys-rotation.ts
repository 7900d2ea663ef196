import { PrismaService } from '../database/prisma.service';
import { TokenVault } from './token-vault';

/**
 * Re-seals every stored secret still under an older key with the current one. Run after setting
 * a new TOKEN_ENCRYPTION_KEY with the old one as TOKEN_ENCRYPTION_KEY_PREVIOUS; once it reports
 * nothing left, the previous key can be removed.
 */
export async function rotateKeys(prisma: PrismaService, vault: TokenVault): Promise<{ links: number; states: number }> {
  let links = 0;
  for (;;) {
    const batch = await prisma.krogerLink.findMany({ where: { keyId: { not: vault.currentKeyId } }, take: 200 });
    if (batch.length === 0) break;
    for (const link of batch) {
      const reseal = (value: string | null) => (value ? vault.seal(vault.open(value)) : null);
      // Only rows still under the old key are touched, so a concurrent refresh is never overwritten.
      const updated = await prisma.krogerLink.updateMany({
        where: { userId: link.userId, keyId: link.keyId },
        data: {
          accessToken: reseal(link.accessToken),
          refreshToken: reseal(link.refreshToken),
          keyId: vault.currentKeyId,
        },
      });
      links += updated.count;
    }
  }
  let states = 0;
  const pending = await prisma.oAuthState.findMany({ where: { usedAt: null } });
  for (const state of pending) {
    if (vault.keyIdOfSealed(state.codeVerifier) === vault.currentKeyId) continue;
    await prisma.oAuthState.update({
      where: { id: state.id },
      data: { codeVerifier: vault.seal(vault.open(state.codeVerifier)) },
    });
    states += 1;
  }
  return { links, states };
}
