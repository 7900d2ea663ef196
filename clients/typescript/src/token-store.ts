/** What the SDK keeps between calls: a session's pair, or a personal access token alone. */
export interface StoredTokens {
  /** `kbt_…` (a session) or `kbp_…` (a personal access token). */
  accessToken: string;
  /** `kbr_…`: single use; each refresh stores its successor. Absent for personal access tokens. */
  refreshToken?: string;
}

/**
 * Where the tokens live. Memory by default; an app plugs in localStorage (web) or the platform's
 * secure storage (React Native) with three methods. Each may be synchronous or async.
 */
export interface TokenStore {
  get(): StoredTokens | null | Promise<StoredTokens | null>;
  set(tokens: StoredTokens): void | Promise<void>;
  clear(): void | Promise<void>;
}

/** Tokens held in this JavaScript context only (gone on reload). */
export function memoryTokenStore(initial: StoredTokens | null = null): TokenStore {
  let tokens = initial;
  return {
    get: () => tokens,
    set: (next) => {
      tokens = { ...next };
    },
    clear: () => {
      tokens = null;
    },
  };
}
