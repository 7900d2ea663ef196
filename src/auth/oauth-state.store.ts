import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { LinkBindingCookie } from './link-binding-cookie';
import { OAuthStateRepository } from './oauth-state.repository';
import { hashToken, safeEqual } from './secrets';
import { TokenVault } from './token-vault';

export const STATE_TTL_MS = 10 * 60 * 1000;

/**
 * What a login is for. Linking for an app: where to return, and its PKCE challenge for the one-time
 * code. Signing in to our OAuth server for an MCP client: the interaction to finish (no code at all).
 * Re-authorizing a link: the user whose Kroger account must come back.
 */
export interface LinkState {
  returnTo?: string;
  codeChallenge?: string;
  interactionUid?: string;
  reauthUserId?: string;
}

/** A state as the browser at the callback sees it. */
export type CallbackState =
  | { kind: 'unknown' } // never issued, or purged
  | { kind: 'other_browser' } // started in a browser that is not this one
  | { kind: 'spent'; returnTo?: string } // this browser's, but used or expired
  | { kind: 'usable'; returnTo?: string };

type Done = (err: Error | null, ok?: string | false, state?: LinkState | { message: string }) => void;

/**
 * passport-oauth2's state store, in the database rather than a server session, so any instance
 * can finish any login. Each state carries the PKCE verifier for Kroger (encrypted), the client's
 * returnTo and PKCE challenge, and the hash of the browser binding cookie; it expires after ten
 * minutes and can be used once, and only by the browser that started it.
 */
export class OAuthStateStore {
  constructor(
    private readonly states: OAuthStateRepository,
    private readonly vault: TokenVault,
    private readonly cookie: LinkBindingCookie,
  ) {}

  /** passport calls this with the PKCE verifier when it starts a login; the response gets the binding cookie. */
  store(
    req: Request,
    verifier: string,
    state: LinkState,
    _meta: unknown,
    done: (err: Error | null, state?: string) => void,
  ): void {
    const handle = randomBytes(32).toString('base64url');
    const binding = this.cookie.issue(req.res!, handle);
    this.states
      .create({
        id: hashToken(handle),
        codeVerifier: this.vault.seal(verifier),
        returnTo: state.returnTo ?? null,
        browserBindingHash: hashToken(binding),
        clientCodeChallenge: state.codeChallenge ?? null,
        interactionUid: state.interactionUid ?? null,
        reauthUserId: state.reauthUserId ?? null,
        expiresAt: new Date(Date.now() + STATE_TTL_MS),
      })
      .then(
        () => done(null, handle),
        (error: Error) => done(error),
      );
  }

  /** passport calls this on the callback: the verifier if the state is known, fresh, unused and this browser's. */
  verify(req: Request, handle: string, _meta: unknown, done: Done): void {
    this.consume(req, handle).then(
      (consumed) =>
        consumed
          ? done(null, consumed.verifier, consumed.state)
          : done(null, false, { message: 'expired, replayed or foreign state' }),
      (error: Error) => done(error),
    );
  }

  /** Uses a state exactly once, atomically (two concurrent callbacks cannot both win), and only in its own browser. */
  async consume(req: Request, handle: string | undefined): Promise<{ verifier: string; state: LinkState } | undefined> {
    if (!isHandle(handle)) return undefined;
    const binding = this.cookie.read(req, handle);
    if (!binding) return undefined;
    const row = await this.states.consume(hashToken(handle), hashToken(binding));
    // A state with no purpose predates browser binding.
    if (!row || !(row.clientCodeChallenge || row.interactionUid || row.reauthUserId)) return undefined;
    return {
      verifier: this.vault.open(row.codeVerifier),
      state: {
        returnTo: row.returnTo ?? undefined,
        codeChallenge: row.clientCodeChallenge ?? undefined,
        interactionUid: row.interactionUid ?? undefined,
        reauthUserId: row.reauthUserId ?? undefined,
      },
    };
  }

  /** What this browser may be told about a state, without using it. */
  async inspect(req: Request, handle: string | undefined): Promise<CallbackState> {
    if (!isHandle(handle)) return { kind: 'unknown' };
    const row = await this.states.findForCallback(hashToken(handle));
    if (!row) return { kind: 'unknown' };
    const binding = this.cookie.read(req, handle);
    const ours = Boolean(binding && row.browserBindingHash && safeEqual(hashToken(binding), row.browserBindingHash));
    // Another browser learns nothing of the state, not even where it returns.
    if (!ours) return row.usable ? { kind: 'other_browser' } : { kind: 'unknown' };
    return { kind: row.usable ? 'usable' : 'spent', returnTo: row.returnTo ?? undefined };
  }

  /** The binding has done its job once the state is used. */
  forget(res: Response, handle: string): void {
    if (isHandle(handle)) this.cookie.clear(res, handle);
  }
}

function isHandle(handle: unknown): handle is string {
  return typeof handle === 'string' && handle.length > 0 && handle.length <= 200;
}
