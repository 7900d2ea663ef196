export { createKrogerClient } from './client.js';
export { NoStreamingBodyError, StalledStreamError } from './account-event-subscription.js';
export type { AccountEventSubscription, AccountEventSubscriptionOptions } from './account-event-subscription.js';
export type { AccountEventMessage, AccountEventOf, AccountEventType } from './account-events.js';
export type { ReconnectOptions } from './reconnect-backoff.js';
export type { AuthorizeQuery, KrogerApi, KrogerClient, KrogerClientOptions, LinkingStart } from './client.js';
export { isProblem, isSessionExpired, ProblemError, SessionExpiredError } from './errors.js';
export type { FieldError, KnownProblemCode, ProblemCode, ProblemDocument, UpstreamError } from './errors.js';
export { newIdempotencyKey } from './idempotency-key.js';
export { createPkcePair } from './pkce.js';
export type { PkcePair, Sha256 } from './pkce.js';
export type { FetchFunction, RetryOptions } from './session-fetch.js';
export { memoryTokenStore } from './token-store.js';
export type { StoredTokens, TokenStore } from './token-store.js';
export type { components, operations, paths } from './generated/openapi.js';

import type { components } from './generated/openapi.js';
/** The API's named schemas, e.g. `Schemas['Product']`. */
export type Schemas = components['schemas'];
