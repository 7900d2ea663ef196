import { ProblemError, retryAfterSeconds } from './errors.js';
import type { SessionRefresher } from './session-refresher.js';
import type { TokenStore } from './token-store.js';

export type FetchFunction = (request: Request) => Promise<Response>;

export interface RetryOptions {
  /** Retries of one call after a 429 or 503 with Retry-After (default 2; 0 turns them off). */
  maxRetries: number;
  /** A longer Retry-After is not waited for: the ProblemError (with `retryAfter`) is thrown at once (default 5000). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 2, maxDelayMs: 5000 };

/** What the service answers for an access token that is malformed, expired or of an ended session. */
const INVALID_TOKEN = 'auth.invalid_token';

/** Repeating these cannot do anything twice; a POST may be repeated only with its Idempotency-Key. */
const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * The fetch under the typed client: adds the bearer token, renews the session once when the
 * access token is refused and retries, waits out a short Retry-After on calls that are safe to
 * repeat, and turns every error answer into a ProblemError. Each attempt sends a clone of the same
 * Request, so a retry carries the same body and the same Idempotency-Key.
 */
export function sessionFetch(deps: {
  fetch: FetchFunction;
  tokens: TokenStore;
  refresher: SessionRefresher;
  retry: RetryOptions;
}): FetchFunction {
  return async (request) => {
    // A caller's own Authorization header (e.g. another token for one call) is left alone.
    const callerAuthorized = request.headers.has('Authorization');
    let renewed = false;
    for (let retries = 0; ;) {
      const tokens = callerAuthorized ? null : await deps.tokens.get();
      const attempt = request.clone();
      if (tokens) attempt.headers.set('Authorization', `Bearer ${tokens.accessToken}`);
      const response = await deps.fetch(attempt);
      if (response.status === 401 && tokens?.refreshToken && !renewed) {
        const problem = await ProblemError.fromResponse(response);
        // Only a refused access token calls for a refresh: `link.reauth_required` is a 401 too, and
        // is about the Kroger link, which a new session would not mend.
        if (problem.code !== INVALID_TOKEN) throw problem;
        await deps.refresher.renewAfter(tokens.accessToken);
        renewed = true;
        continue;
      }
      const delayMs = retryDelayMs(response, request, retries, deps.retry);
      if (delayMs !== undefined) {
        await discard(response);
        await sleep(delayMs, request.signal);
        retries += 1;
        continue;
      }
      // 304 answers only an If-None-Match the caller sent: theirs to read from `response`.
      if (!response.ok && response.status !== 304) throw await ProblemError.fromResponse(response);
      return response;
    }
  };
}

/** A fetch that only turns error answers into ProblemErrors (for the auth calls themselves). */
export function problemFetch(fetch: FetchFunction): FetchFunction {
  return async (request) => {
    const response = await fetch(request);
    if (!response.ok) throw await ProblemError.fromResponse(response);
    return response;
  };
}

function retryDelayMs(response: Response, request: Request, retries: number, retry: RetryOptions): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  if (retries >= retry.maxRetries) return undefined;
  if (!REPEATABLE_METHODS.has(request.method) && !request.headers.has('Idempotency-Key')) return undefined;
  const seconds = retryAfterSeconds(response.headers.get('Retry-After'));
  if (seconds === undefined || seconds * 1000 > retry.maxDelayMs) return undefined;
  return seconds * 1000;
}

async function discard(response: Response): Promise<void> {
  // React Native's fetch has no streaming body.
  await response.body?.cancel().catch(() => undefined);
}

export function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
