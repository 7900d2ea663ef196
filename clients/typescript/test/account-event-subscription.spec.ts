import {
  AccountEventMessage,
  createKrogerClient,
  isProblem,
  isSessionExpired,
  memoryTokenStore,
  NoStreamingBodyError,
  StalledStreamError,
} from '../src/index';
import type { AccountEventSubscriptionOptions } from '../src/index';
import { endingStream, ok, openStream, problem, scripted, sse } from './scripted-server';

const ready = (id: string) => sse('events.ready', { resumedAfter: id }, id);
/** The service's reconnection hint, 0 here so that a test never waits. */
const noWait = 'retry: 0\n\n';

/** A subscription against a scripted server, keeping what it was told. */
function subscribe(
  server: ReturnType<typeof scripted>,
  options: Partial<AccountEventSubscriptionOptions> & { tokens?: ReturnType<typeof memoryTokenStore> } = {},
) {
  const events: AccountEventMessage[] = [];
  const errors: { error: unknown; retryInMs?: number }[] = [];
  const expired = jest.fn();
  const tokens = options.tokens ?? memoryTokenStore({ accessToken: 'kbt_a', refreshToken: 'kbr_a' });
  const kroger = createKrogerClient({
    baseUrl: 'http://sdk.test',
    fetch: server.fetch,
    tokens,
    onSessionExpired: expired,
  });
  const subscription = kroger.subscribeToAccountEvents({
    onEvent: (event) => events.push(event),
    onError: (error, next) => errors.push({ error, ...next }),
    reconnect: { initialDelayMs: 0 },
    ...options,
  });
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const paths = () => server.received.map((request) => new URL(request.url).pathname);
  return { subscription, events, errors, tokens, expired, until, paths };
}

describe('subscribeToAccountEvents (against a scripted server)', () => {
  it('delivers typed events, and after the stream ends resumes from the last id it saw', async () => {
    const server = scripted(
      endingStream(
        `${noWait}${ready('5')}${sse('list.changed', { listId: 'l1', change: 'created', version: 1 }, '6')}`,
      ),
      openStream(ready('6')),
    );
    const { subscription, events, until } = subscribe(server);
    await until(() => events.length === 3);

    expect(events.map((event) => `${event.event} ${event.id}`)).toEqual([
      'events.ready 5',
      'list.changed 6',
      'events.ready 6',
    ]);
    const changed = events[1];
    if (changed.event !== 'list.changed') throw new Error('narrowing');
    expect(changed.data.listId).toBe('l1');
    expect(server.received[0].headers.get('Last-Event-ID')).toBeNull();
    expect(server.received[1].headers.get('Last-Event-ID')).toBe('6');
    expect(server.received[1].headers.get('Accept')).toBe('text/event-stream');
    expect(subscription.lastEventId).toBe('6');

    subscription.close();
    await expect(subscription.finished).resolves.toBeUndefined();
    expect(server.received[1].signal.aborted).toBe(true);
  });

  it('starts from the lastEventId the app stored, and passes events.gap on so the app can re-read', async () => {
    const gap = { lastEventId: '2', resumedAfter: '9', detail: 'Some events are no longer kept.' };
    const server = scripted(openStream(sse('events.gap', gap, '9')));
    const { subscription, events, until } = subscribe(server, { lastEventId: '2' });
    await until(() => events.length === 1);
    expect(server.received[0].headers.get('Last-Event-ID')).toBe('2');
    expect(events[0]).toEqual({ id: '9', event: 'events.gap', data: gap });
    subscription.close();
    await subscription.finished;
  });

  it('renews the session once when the stream is refused with 401, and connects with the new token', async () => {
    const server = scripted(
      problem(401, 'auth.invalid_token'),
      ok({ accessToken: 'kbt_b', refreshToken: 'kbr_b' }),
      openStream(ready('1')),
    );
    const { subscription, events, errors, paths, until } = subscribe(server);
    await until(() => events.length === 1);
    expect(paths()).toEqual(['/api/v1/me/events', '/api/v1/auth/refresh', '/api/v1/me/events']);
    expect(await server.received[1].json()).toEqual({ refreshToken: 'kbr_a' });
    expect(server.received[2].headers.get('Authorization')).toBe('Bearer kbt_b');
    expect(errors).toEqual([]);
    subscription.close();
    await subscription.finished;
  });

  it('on auth.expired reconnects at once with its last id; the refused token is renewed', async () => {
    const expiredTold = sse('auth.expired', { code: 'auth.invalid_token', detail: 'expired' });
    const server = scripted(
      openStream(`${ready('3')}${expiredTold}`),
      problem(401, 'auth.invalid_token'),
      ok({ accessToken: 'kbt_b', refreshToken: 'kbr_b' }),
      openStream(ready('3')),
    );
    const { subscription, events, errors, paths, until } = subscribe(server);
    await until(() => events.length === 2);
    expect(paths()).toEqual(['/api/v1/me/events', '/api/v1/me/events', '/api/v1/auth/refresh', '/api/v1/me/events']);
    expect(server.received[3].headers.get('Last-Event-ID')).toBe('3');
    expect(events.map((event) => event.event)).toEqual(['events.ready', 'events.ready']);
    expect(errors).toEqual([]);
    subscription.close();
    await subscription.finished;
  });

  it('stops for good when the refresh is refused: SessionExpiredError, store cleared, onSessionExpired', async () => {
    const server = scripted(problem(401, 'auth.invalid_token'), problem(401, 'auth.invalid_refresh_token'));
    const { subscription, errors, tokens, expired } = subscribe(server);
    const stopped = await subscription.finished.catch((error: unknown) => error);
    expect(isSessionExpired(stopped)).toBe(true);
    expect(errors).toEqual([{ error: stopped }]);
    expect(await tokens.get()).toBeNull();
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('stops without a refresh on a refusal a retry cannot mend (a personal token without the scope: 403)', async () => {
    const server = scripted(problem(403, 'auth.insufficient_scope'));
    const { subscription, paths } = subscribe(server, { tokens: memoryTokenStore({ accessToken: 'kbp_x' }) });
    await expect(subscription.finished).rejects.toMatchObject({ status: 403, code: 'auth.insufficient_scope' });
    expect(paths()).toEqual(['/api/v1/me/events']);
  });

  it('waits out the Retry-After of 429 events.too_many_streams, and stops waiting when closed', async () => {
    const server = scripted(problem(429, 'events.too_many_streams', { 'Retry-After': '30' }));
    const { subscription, errors, until } = subscribe(server);
    await until(() => errors.length === 1);
    expect(isProblem(errors[0].error, 'events.too_many_streams')).toBe(true);
    expect(errors[0].retryInMs).toBeGreaterThanOrEqual(30_000);
    subscription.close();
    await expect(subscription.finished).resolves.toBeUndefined();
    expect(server.received).toHaveLength(1);
  });

  it('retries a failed attempt (network, 5xx) and reports each failure with the wait', async () => {
    const server = scripted(
      () => {
        throw new TypeError('fetch failed');
      },
      problem(503, 'service.shutting_down', { 'Retry-After': '0' }),
      openStream(ready('1')),
    );
    const { subscription, events, errors, until } = subscribe(server);
    await until(() => events.length === 1);
    expect(errors.map(({ error }) => (error as Error).name)).toEqual(['TypeError', 'ProblemError']);
    expect(errors.every(({ retryInMs }) => typeof retryInMs === 'number')).toBe(true);
    subscription.close();
    await subscription.finished;
  });

  it('replaces a connection that sent nothing for stallTimeoutMs, resuming after what it saw', async () => {
    const server = scripted(openStream(`${noWait}${ready('4')}`), openStream(ready('4')));
    const { subscription, events, errors, until } = subscribe(server, {
      reconnect: { initialDelayMs: 0, stallTimeoutMs: 50 },
    });
    await until(() => events.length === 2);
    expect(errors[0].error).toBeInstanceOf(StalledStreamError);
    expect(server.received[0].signal.aborted).toBe(true);
    expect(server.received[1].headers.get('Last-Event-ID')).toBe('4');
    subscription.close();
    await subscription.finished;
  });

  it('skips event types it does not know, but resumes after their id', async () => {
    const server = scripted(
      endingStream(`${noWait}${ready('1')}${sse('loyalty.points_changed', { points: 3 }, '2')}`),
      openStream(ready('2')),
    );
    const { subscription, events, until } = subscribe(server);
    await until(() => events.length === 2);
    expect(events.map((event) => event.event)).toEqual(['events.ready', 'events.ready']);
    expect(server.received[1].headers.get('Last-Event-ID')).toBe('2');
    subscription.close();
    await subscription.finished;
  });

  it('an abort signal that fires stops it; one already aborted never connects', async () => {
    const server = scripted(openStream(ready('1')));
    const abort = new AbortController();
    const { subscription, events, until } = subscribe(server, { signal: abort.signal });
    await until(() => events.length === 1);
    abort.abort();
    await expect(subscription.finished).resolves.toBeUndefined();
    expect(server.received[0].signal.aborted).toBe(true);

    const never = scripted();
    const { subscription: stillborn } = subscribe(never, { signal: AbortSignal.abort() });
    await expect(stillborn.finished).resolves.toBeUndefined();
    expect(never.received).toHaveLength(0);
  });

  it('says what is missing when fetch gives no streaming body (React Native without a polyfill)', async () => {
    const server = scripted(() => new Response(null, { status: 200 }));
    const { subscription } = subscribe(server);
    await expect(subscription.finished).rejects.toBeInstanceOf(NoStreamingBodyError);
  });

  it('streams through a fetch of its own (expo/fetch) while the client keeps its own, text chunks too', async () => {
    const buffering = scripted();
    const textChunks = (request: Request) =>
      new Response(
        new ReadableStream<string>({
          start(controller) {
            controller.enqueue(ready('8').slice(0, 10));
            controller.enqueue(ready('8').slice(10));
            request.signal.addEventListener('abort', () => controller.error(request.signal.reason));
          },
        }),
        { headers: { 'Content-Type': 'text/event-stream' } },
      );
    const streaming = scripted(textChunks);
    const { subscription, events, until } = subscribe(buffering, { fetch: streaming.fetch });
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ event: 'events.ready', id: '8' });
    expect(buffering.received).toHaveLength(0);
    subscription.close();
    await subscription.finished;
  });
});
