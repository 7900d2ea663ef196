import createClient from 'openapi-fetch';
import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit, Middleware } from 'openapi-fetch';
import type { paths } from './generated/openapi.js';
import { IDEMPOTENCY_KEY_OPERATIONS } from './generated/operations.js';
import {
  AccountEventSubscription,
  AccountEventSubscriptionOptions,
  subscribeToAccountEvents,
} from './account-event-subscription.js';
import { newIdempotencyKey } from './idempotency-key.js';
import { SessionRefresher } from './session-refresher.js';
import { DEFAULT_RETRY, FetchFunction, problemFetch, RetryOptions, sessionFetch } from './session-fetch.js';
import { memoryTokenStore, StoredTokens, TokenStore } from './token-store.js';

export interface KrogerClientOptions {
  /** The service's origin, e.g. `https://api.example.com`. */
  baseUrl: string;
  /** Where tokens live; memory by default. */
  tokens?: TokenStore;
  /** Defaults to `globalThis.fetch`. */
  fetch?: FetchFunction;
  /** Waiting out Retry-After on 429/503 for calls that are safe to repeat. */
  retry?: Partial<RetryOptions>;
  /** Sent with every call (e.g. `Accept-Language`). */
  headers?: Record<string, string>;
  /** Called when the session cannot be renewed (e.g. to show the sign-in screen). */
  onSessionExpired?: () => void;
}

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch';
type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];
/** The options argument: required exactly when the operation has a required parameter or body. */
type InitArgs<Init> =
  RequiredKeys<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];
/** Error answers are thrown as ProblemError, so a call resolves only with its success branch. */
type Answer<Operation, Init> = Extract<
  FetchResponse<Operation & Record<string | number, unknown>, Init, `${string}/${string}`>,
  { data: unknown }
>;
type Call<M extends HttpMethod> = <
  Path extends ClientPathsWithMethod<Client<paths>, M>,
  Init extends MaybeOptionalInit<paths[Path], M>,
>(
  url: Path,
  ...init: InitArgs<Init>
) => Promise<Answer<paths[Path][M], Init>>;

/** openapi-fetch's methods, typed from openapi.json; they resolve with `{ data, response }` or throw ProblemError. */
export interface KrogerApi {
  GET: Call<'get'>;
  PUT: Call<'put'>;
  POST: Call<'post'>;
  DELETE: Call<'delete'>;
  PATCH: Call<'patch'>;
  HEAD: Call<'head'>;
  OPTIONS: Call<'options'>;
}

export type AuthorizeQuery = NonNullable<paths['/api/v1/auth/kroger/authorize']['get']['parameters']['query']>;
export type LinkingStart = Omit<AuthorizeQuery, 'codeChallengeMethod'>;

export interface KrogerClient extends KrogerApi {
  readonly tokens: TokenStore;
  /** Where to send the (system) browser to link a Kroger account; it comes back to `returnTo?code=…`. */
  authorizeUrl(start: LinkingStart): string;
  /** Exchanges the one-time code from the linking redirect for a session, and stores its tokens. */
  startSession(input: { code: string; codeVerifier: string }): Promise<void>;
  /** Ends the session on the service (by its refresh token) and clears the store, even if the call fails. */
  logout(): Promise<void>;
  /**
   * Streams the user's account events (`GET /api/v1/me/events`) until closed, reconnecting and
   * renewing the session as needed; see the SDK README, "Account events".
   */
  subscribeToAccountEvents(options: AccountEventSubscriptionOptions): AccountEventSubscription;
}

export function createKrogerClient(options: KrogerClientOptions): KrogerClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const tokens = options.tokens ?? memoryTokenStore();
  const baseFetch: FetchFunction = options.fetch ?? ((request) => globalThis.fetch(request));
  // The auth calls themselves: typed, but never authorized, renewed or retried.
  const auth = createClient<paths>({ baseUrl, headers: options.headers, fetch: problemFetch(baseFetch) });
  const refresher = new SessionRefresher(
    tokens,
    async (refreshToken) => pair((await auth.POST('/api/v1/auth/refresh', { body: { refreshToken } })).data),
    options.onSessionExpired,
  );
  const api = createClient<paths>({
    baseUrl,
    headers: options.headers,
    // Every array query parameter of the API is comma-separated (codegen refuses any other).
    querySerializer: { array: { style: 'form', explode: false } },
    fetch: sessionFetch({ fetch: baseFetch, tokens, refresher, retry: { ...DEFAULT_RETRY, ...options.retry } }),
  });
  api.use(idempotencyKeys);

  return {
    // Sound because sessionFetch throws on every error answer: the error branch never resolves.
    ...(api as unknown as KrogerApi),
    tokens,
    authorizeUrl(start) {
      // Built by hand: React Native's URLSearchParams cannot `set`.
      const query = Object.entries({ ...start, codeChallengeMethod: 'S256' })
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
      return `${baseUrl}/api/v1/auth/kroger/authorize?${query.join('&')}`;
    },
    async startSession(body) {
      await tokens.set(pair((await auth.POST('/api/v1/auth/session', { body })).data));
    },
    async logout() {
      const current = await tokens.get();
      try {
        if (current?.refreshToken) {
          await auth.POST('/api/v1/auth/logout', { body: { refreshToken: current.refreshToken } });
        }
      } finally {
        await tokens.clear();
      }
    },
    subscribeToAccountEvents(subscription) {
      return subscribeToAccountEvents(
        { baseUrl, fetch: baseFetch, tokens, refresher, headers: options.headers },
        subscription,
      );
    },
  };
}

/**
 * Gives every call to a route that takes an Idempotency-Key (listed from openapi.json) a key of its
 * own, unless the caller chose one; retries of the call reuse it.
 */
const idempotencyKeys: Middleware = {
  onRequest({ request, schemaPath }) {
    if (request.headers.has('Idempotency-Key')) return undefined;
    if (!IDEMPOTENCY_KEY_OPERATIONS.has(`${request.method} ${schemaPath}`)) return undefined;
    request.headers.set('Idempotency-Key', newIdempotencyKey());
    return request;
  },
};

function pair(tokens: { accessToken: string; refreshToken: string } | undefined): StoredTokens {
  if (!tokens) throw new Error('The service answered without tokens');
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
}
