import { createParser } from 'eventsource-parser';
import { AccountEventMessage, isKnownEventType } from './account-events.js';
import { isSessionExpired, ProblemError } from './errors.js';
import { DEFAULT_RECONNECT, ReconnectBackoff, ReconnectOptions } from './reconnect-backoff.js';
import { FetchFunction, sleep } from './session-fetch.js';
import type { SessionRefresher } from './session-refresher.js';
import type { StoredTokens, TokenStore } from './token-store.js';

export interface AccountEventSubscriptionOptions {
  /** Each account event, and `events.ready` / `events.gap` (re-read what you show) when a stream (re)opens. */
  onEvent(message: AccountEventMessage): void;
  /**
   * A failed connection or a broken stream: `retryInMs` says when the next attempt is; without it
   * the subscription has stopped for good (session expired, token refused, 403, bad Last-Event-ID).
   */
  onError?(error: unknown, next: { retryInMs?: number }): void;
  /** Resume after this event id (one your app stored); the service replays what came after it. */
  lastEventId?: string;
  /** Aborting stops the subscription, like `close()`. */
  signal?: AbortSignal;
  reconnect?: Partial<ReconnectOptions>;
  /**
   * A fetch for this stream only, when the client's cannot stream response bodies (React Native's
   * built-in one: pass `expo/fetch`'s; see the README). Defaults to the client's.
   */
  fetch?: FetchFunction;
}

export interface AccountEventSubscription {
  /** The id of the last event received: store it to resume after a restart of the app. */
  readonly lastEventId: string | undefined;
  /** Stops the subscription and closes its connection. */
  close(): void;
  /** Resolves once closed or aborted; rejects with the error that stopped it for good. */
  readonly finished: Promise<void>;
}

export interface SubscriberDeps {
  baseUrl: string;
  fetch: FetchFunction;
  tokens: TokenStore;
  refresher: SessionRefresher;
  headers?: Record<string, string>;
}

/** How one connection ended. */
type Ending =
  | { kind: 'refused'; problem: ProblemError; sentWith: StoredTokens | null }
  | { kind: 'told'; reason: 'auth.expired' | 'server.shutdown' }
  | { kind: 'closed' }
  | { kind: 'broken'; error: unknown };

/** The service refuses the access token itself (expired, or its session ended): a refresh may mend it. */
const INVALID_TOKEN = 'auth.invalid_token';
/** Answers that a later attempt may not get: everything else (network, 408, 429, 5xx) is retried. */
const isFinal = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;
/** A larger message is not one of ours; the parser stops instead of buffering without end. */
const MAX_MESSAGE_CHARS = 1_000_000;

/**
 * `GET /api/v1/me/events` over fetch with a streamed body (EventSource cannot send the bearer
 * token), parsed by eventsource-parser. Reconnects with Last-Event-ID, so nothing is missed or seen
 * twice; renews the session through the client's single-flight refresher when the token is refused
 * or the stream ends with `auth.expired`; backs off on failures and 429 `events.too_many_streams`.
 */
export function subscribeToAccountEvents(
  deps: SubscriberDeps,
  options: AccountEventSubscriptionOptions,
): AccountEventSubscription {
  const settings = { ...DEFAULT_RECONNECT, ...options.reconnect };
  const backoff = new ReconnectBackoff(settings);
  const stop = new AbortController();
  const stopOnAbort = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) stopOnAbort();
  options.signal?.addEventListener('abort', stopOnAbort, { once: true });
  let lastEventId = options.lastEventId;
  /** A session renewal since the last stream that opened: a second 401 in a row is final. */
  let renewed = false;

  /** One connection, read until it ends. */
  async function connect(): Promise<Ending> {
    const sentWith = await deps.tokens.get();
    const headers = new Headers(deps.headers);
    headers.set('Accept', 'text/event-stream');
    if (sentWith) headers.set('Authorization', `Bearer ${sentWith.accessToken}`);
    if (lastEventId !== undefined) headers.set('Last-Event-ID', lastEventId);
    const attempt = new AbortController();
    const abortAttempt = () => attempt.abort();
    stop.signal.addEventListener('abort', abortAttempt, { once: true });
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(
        () => attempt.abort(new StalledStreamError(settings.stallTimeoutMs)),
        settings.stallTimeoutMs,
      );
    };
    try {
      watch();
      const response = await (options.fetch ?? deps.fetch)(
        new Request(`${deps.baseUrl}/api/v1/me/events`, { headers, signal: attempt.signal }),
      );
      if (response.status !== 200)
        return { kind: 'refused', problem: await ProblemError.fromResponse(response), sentWith };
      if (!response.body) throw new NoStreamingBodyError();
      renewed = false;
      return await read(response.body, watch);
    } catch (error) {
      if (error instanceof NoStreamingBodyError) throw error;
      const reason: unknown = attempt.signal.reason;
      return { kind: 'broken', error: reason instanceof StalledStreamError ? reason : error };
    } finally {
      clearTimeout(stallTimer);
      stop.signal.removeEventListener('abort', abortAttempt);
      attempt.abort();
    }
  }

  async function read(body: ReadableStream<Uint8Array | string>, onProgress: () => void): Promise<Ending> {
    let told: 'auth.expired' | 'server.shutdown' | undefined;
    let unreadable: Error | undefined;
    const parser = createParser({
      maxBufferSize: MAX_MESSAGE_CHARS,
      onRetry: (delayMs) => backoff.useServerHint(delayMs),
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') unreadable = error;
      },
      onEvent: (message) => {
        // Taken before anything can fail, so a reconnect never replays this message.
        if (message.id !== undefined) lastEventId = message.id;
        const type = message.event ?? 'message';
        if (!isKnownEventType(type) || told) return;
        if (type === 'auth.expired' || type === 'server.shutdown') {
          told = type;
          return;
        }
        if (type === 'events.ready' || type === 'events.gap') backoff.connected();
        let data: unknown;
        try {
          data = JSON.parse(message.data);
        } catch (error) {
          unreadable ??= error as Error;
          return;
        }
        deliver({ id: message.id, event: type, data } as AccountEventMessage);
      },
    });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return { kind: 'closed' };
        onProgress();
        // Some React Native streaming fetches hand over text rather than bytes.
        parser.feed(typeof value === 'string' ? value : decoder.decode(value, { stream: true }));
        if (unreadable) return { kind: 'broken', error: unreadable };
        if (told) return { kind: 'told', reason: told };
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }

  function deliver(message: AccountEventMessage): void {
    try {
      options.onEvent(message);
    } catch (error) {
      // An app's handler failing is the app's bug: reported like an event listener's, the stream goes on.
      setTimeout(() => {
        throw error;
      });
    }
  }

  /** Until stopped: connect, and decide after each ending whether, when and with which token to go again. */
  async function run(): Promise<void> {
    while (!stop.signal.aborted) {
      const ending = await connect();
      if (stop.signal.aborted) return;
      let delayMs: number;
      switch (ending.kind) {
        case 'told':
          // auth.expired: the reconnect's 401 renews the session; server.shutdown: another instance answers.
          continue;
        case 'closed':
          delayMs = backoff.nextDelayMs();
          break;
        case 'broken':
          delayMs = backoff.nextDelayMs();
          options.onError?.(ending.error, { retryInMs: delayMs });
          break;
        case 'refused': {
          const { problem, sentWith } = ending;
          if (problem.status === 401 && problem.code === INVALID_TOKEN && sentWith?.refreshToken && !renewed) {
            renewed = true;
            try {
              await deps.refresher.renewAfter(sentWith.accessToken);
              continue;
            } catch (error) {
              if (isSessionExpired(error)) throw error;
              delayMs = backoff.nextDelayMs();
              options.onError?.(error, { retryInMs: delayMs });
              break;
            }
          }
          if (isFinal(problem.status)) throw problem;
          delayMs = backoff.nextDelayMs((problem.retryAfter ?? 0) * 1000);
          options.onError?.(problem, { retryInMs: delayMs });
          break;
        }
      }
      await sleep(delayMs, stop.signal).catch(() => undefined);
    }
  }

  const finished = run()
    .finally(() => options.signal?.removeEventListener('abort', stopOnAbort))
    .then(
      () => undefined,
      (error: unknown) => {
        if (stop.signal.aborted) return;
        stop.abort();
        options.onError?.(error, {});
        throw error;
      },
    );
  // Whoever awaits `finished` still sees the rejection; nobody awaiting it is not an unhandled one.
  finished.catch(() => undefined);
  return {
    get lastEventId() {
      return lastEventId;
    },
    close: () => stop.abort(),
    finished,
  };
}

/** Nothing arrived, not even a heartbeat, for `stallTimeoutMs`: the connection is replaced. */
export class StalledStreamError extends Error {
  constructor(stallTimeoutMs: number) {
    super(`The event stream sent nothing for ${stallTimeoutMs} ms; reconnecting`);
    this.name = 'StalledStreamError';
  }
}

/** React Native's built-in fetch buffers the whole body: see the README for a streaming fetch. */
export class NoStreamingBodyError extends Error {
  constructor() {
    super('This fetch gives no streaming response body; event streams need one (React Native: see the SDK README)');
    this.name = 'NoStreamingBodyError';
  }
}
