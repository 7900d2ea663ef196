import { randomBytes } from 'node:crypto';
import { OAuthStateRepository } from './oauth-state.repository';
import { hashToken } from './secrets';
import { TokenVault } from './token-vault';

const STATE_TTL_MS = 10 * 60 * 1000;

export interface LinkState {
  returnTo?: string;
}

type Done = (err: Error | null, ok?: string | false, state?: LinkState | { message: string }) => void;

/**
 * passport-oauth2's state store, in the database rather than a server session, so any instance
 * can finish any login. Each state carries the PKCE verifier (encrypted) and the client's
 * returnTo; it expires after ten minutes and can be used once.
 */
export class OAuthStateStore {
  constructor(
    private readonly states: OAuthStateRepository,
    private readonly vault: TokenVault,
  ) {}

  /** passport calls this with the PKCE verifier when it starts a login. */
  store(
    _req: unknown,
    verifier: string,
    state: LinkState | undefined,
    _meta: unknown,
    done: (err: Error | null, state?: string) => void,
  ): void {
    const handle = randomBytes(32).toString('base64url');
    this.states
      .create({
        id: hashToken(handle),
        codeVerifier: this.vault.seal(verifier),
        returnTo: state?.returnTo ?? null,
        expiresAt: new Date(Date.now() + STATE_TTL_MS),
      })
      .then(
        () => done(null, handle),
        (error: Error) => done(error),
      );
  }

  /** passport calls this on the callback: the verifier if the state is known, fresh and unused. */
  verify(_req: unknown, handle: string, _meta: unknown, done: Done): void {
    this.consume(handle).then(
      (consumed) =>
        consumed
          ? done(null, consumed.verifier, { returnTo: consumed.returnTo })
          : done(null, false, { message: 'expired or replayed state' }),
      (error: Error) => done(error),
    );
  }

  /** Uses a state exactly once, atomically: two concurrent callbacks cannot both win. */
  async consume(handle: string | undefined): Promise<{ verifier: string; returnTo?: string } | undefined> {
    if (!handle || handle.length > 200) return undefined;
    const row = await this.states.consume(hashToken(handle));
    return row ? { verifier: this.vault.open(row.codeVerifier), returnTo: row.returnTo ?? undefined } : undefined;
  }

  /** The returnTo of a state without using it (to route an error back to the right client). */
  async peekReturnTo(handle: string | undefined): Promise<string | undefined> {
    if (!handle || handle.length > 200) return undefined;
    return this.states.findReturnTo(hashToken(handle));
  }
}
