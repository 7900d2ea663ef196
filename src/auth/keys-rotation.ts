import { KrogerLinkRepository } from './kroger-link.repository';
import { OAuthStateRepository } from './oauth-state.repository';
import { TokenVault } from './token-vault';

const BATCH_SIZE = 200;

/**
 * Re-seals every stored secret still under an older key with the current one. Run after setting
 * a new TOKEN_ENCRYPTION_KEY with the old one as TOKEN_ENCRYPTION_KEY_PREVIOUS; once it reports
 * nothing left, the previous key can be removed.
 */
export async function rotateKeys(
  stores: { links: KrogerLinkRepository; states: OAuthStateRepository },
  vault: TokenVault,
): Promise<{ links: number; states: number }> {
  const reseal = (value: string | null) => (value ? vault.seal(vault.open(value)) : null);
  let links = 0;
  for (;;) {
    const batch = await stores.links.findSealedUnderOtherKey(vault.currentKeyId, BATCH_SIZE);
    if (batch.length === 0) break;
    for (const link of batch) {
      // Only rows still under the old key are touched, so a concurrent refresh is never overwritten.
      const resealed = await stores.links.resealIfUnchanged(link.userId, link.keyId, {
        accessToken: reseal(link.accessToken),
        refreshToken: reseal(link.refreshToken),
        keyId: vault.currentKeyId,
      });
      if (resealed) links += 1;
    }
  }
  let states = 0;
  for (const state of await stores.states.listUnused()) {
    if (vault.keyIdOfSealed(state.codeVerifier) === vault.currentKeyId) continue;
    await stores.states.replaceVerifier(state.id, vault.seal(vault.open(state.codeVerifier)));
    states += 1;
  }
  return { links, states };
}
