import { isProblem, ProblemError, SessionExpiredError } from './errors.js';
import type { StoredTokens, TokenStore } from './token-store.js';

/** Asks the service for a new pair (POST /api/v1/auth/refresh); rejects with ProblemError when refused. */
export type RefreshCall = (refreshToken: string) => Promise<StoredTokens>;

/**
 * Renews the session after a 401. The refresh token rotates and a spent one presented again ends
 * the session, so however many calls fail at once, one refresh runs and the others wait for it.
 */
export class SessionRefresher {
  private inFlight?: Promise<void>;

  constructor(
    private readonly store: TokenStore,
    private readonly refresh: RefreshCall,
    private readonly onSessionExpired?: () => void,
  ) {}

  /** Resolves once the store holds tokens newer than `staleAccessToken`; SessionExpiredError if it never will. */
  renewAfter(staleAccessToken: string): Promise<void> {
    // Assigned synchronously, so a second caller in the same tick joins this refresh.
    this.inFlight ??= this.renew(staleAccessToken).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async renew(staleAccessToken: string): Promise<void> {
    const current = await this.store.get();
    if (current && current.accessToken !== staleAccessToken) return; // renewed by an earlier refresh
    if (!current?.refreshToken) throw this.expired(undefined);
    let next: StoredTokens;
    try {
      next = await this.refresh(current.refreshToken);
    } catch (error) {
      // 400 (not a refresh token) or 401 (spent, expired, revoked): only signing in again helps.
      // Anything else (network, 429, 5xx) leaves the tokens for a later try.
      if (isProblem(error) && (error.status === 400 || error.status === 401)) {
        await this.store.clear();
        throw this.expired(error);
      }
      throw error;
    }
    await this.store.set(next);
  }

  private expired(refused: ProblemError | undefined): SessionExpiredError {
    this.onSessionExpired?.();
    return new SessionExpiredError(
      refused?.problem ?? {
        type: 'urn:problem:kroger-backend:auth.invalid_refresh_token',
        status: 401,
        code: 'auth.invalid_refresh_token',
        title: 'Session expired',
        detail: 'There is no session to renew; sign in again.',
        requestId: '',
      },
    );
  }
}
