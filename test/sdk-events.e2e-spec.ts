import {
  AccountEventMessage,
  AccountEventSubscription,
  AccountEventSubscriptionOptions,
  createKrogerClient,
  isProblem,
  memoryTokenStore,
} from '../clients/typescript/src';
import { linkAccount } from './support/accounts';
import { expireAccessToken } from './support/expired-token';
import { RETURN_TO, startLinkableApp } from './support/shoppers';
import { TestApp, TestDatabase } from './support/test-app';

/** Long enough for a reconnect on a loaded machine; a subscriber that never delivers fails, not hangs. */
const WAIT_MS = 20_000;

/** The SDK's account-event subscriber against the real service (PGlite, sandbox, real HTTP streams). */
describe('TypeScript client SDK: account events (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  const running: AccountEventSubscription[] = [];

  beforeAll(async () => {
    ({ database, service } = await startLinkableApp({
      EVENTS_MAX_STREAMS_PER_USER: '1',
      EVENTS_RETRY_MS: '1000',
    }));
  });
  afterEach(async () => {
    for (const subscription of running.splice(0)) subscription.close();
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  /**
   * A signed-in app. Its fetch records every request and can cut the open event stream (a real
   * disconnect) and hold the next connection attempts until `release()`.
   */
  async function signedIn(email: string) {
    const session = await linkAccount(service.url, { returnTo: RETURN_TO, email });
    const sent: Request[] = [];
    const streams = new Set<AbortController>();
    let gate: Promise<void> | undefined;
    let release = () => {};
    const kroger = createKrogerClient({
      baseUrl: service.url,
      tokens: memoryTokenStore(session),
      fetch: async (request) => {
        sent.push(request.clone());
        if (!request.url.endsWith('/api/v1/me/events')) return fetch(request);
        await gate;
        const connection = new AbortController();
        request.signal.addEventListener('abort', () => connection.abort(), { once: true });
        streams.add(connection);
        return fetch(new Request(request, { signal: connection.signal }));
      },
    });
    const app = {
      kroger,
      sent,
      sentTo: (path: string) => sent.filter((request) => new URL(request.url).pathname === path),
      /** Drops the open stream; the next attempts wait until `release()`. */
      cut() {
        gate = new Promise((resolve) => (release = resolve));
        for (const connection of streams) connection.abort();
        streams.clear();
      },
      release: () => release(),
      subscribe(options: Partial<AccountEventSubscriptionOptions> = {}) {
        const events: AccountEventMessage[] = [];
        const errors: { error: unknown; retryInMs?: number }[] = [];
        const subscription = kroger.subscribeToAccountEvents({
          onEvent: (event) => events.push(event),
          onError: (error, next) => errors.push({ error, ...next }),
          ...options,
        });
        running.push(subscription);
        const until = async <T>(find: () => T | undefined, what: string): Promise<T> => {
          const deadline = Date.now() + WAIT_MS;
          for (let found = find(); ; found = find()) {
            if (found !== undefined) return found;
            if (Date.now() > deadline) throw new Error(`Waited for ${what}; got ${JSON.stringify({ events, errors })}`);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        };
        const changesOf = (listId: string) =>
          events.filter((event) => event.event === 'list.changed' && event.data.listId === listId);
        return { subscription, events, errors, until, changesOf };
      },
    };
    return app;
  }

  const readyCount = (events: AccountEventMessage[]) => events.filter((e) => e.event === 'events.ready').length;

  it("delivers the user's own list change through the subscriber, typed, and nobody else's", async () => {
    const alice = await signedIn('shopper@example.com');
    const bob = await signedIn('pat@example.com');
    const stream = alice.subscribe();
    await stream.until(() => (readyCount(stream.events) > 0 ? true : undefined), 'events.ready');

    const bobs = (await bob.kroger.POST('/api/v1/lists', { body: { name: 'Bob’s party' } })).data;
    const alices = (await alice.kroger.POST('/api/v1/lists', { body: { name: 'Weekly shop' } })).data;
    const [changed] = await stream.until(
      () => (stream.changesOf(alices.listId).length ? stream.changesOf(alices.listId) : undefined),
      "the list.changed of Alice's list",
    );
    if (changed.event !== 'list.changed') throw new Error('narrowed by event');
    expect(changed.data).toMatchObject({ listId: alices.listId, change: 'created', version: alices.version });
    expect(changed.id).toMatch(/^\d+$/);
    expect(stream.subscription.lastEventId).toBe(changed.id);
    expect(stream.changesOf(bobs.listId)).toEqual([]);
    expect(stream.errors).toEqual([]);
  });

  it('after the stream is cut, resumes with Last-Event-ID and delivers what it missed exactly once', async () => {
    const app = await signedIn('riley@example.com');
    const stream = app.subscribe();
    const before = (await app.kroger.POST('/api/v1/lists', { body: { name: 'Before the cut' } })).data;
    await stream.until(() => stream.changesOf(before.listId)[0], 'the first list change');
    const seen = stream.subscription.lastEventId;

    app.cut();
    await stream.until(() => stream.errors[0], 'the cut to be reported');
    expect(stream.errors[0].retryInMs).toEqual(expect.any(Number));
    const missed = (await app.kroger.POST('/api/v1/lists', { body: { name: 'While cut' } })).data;
    app.release();

    await stream.until(() => stream.changesOf(missed.listId)[0], 'the missed list change');
    const resumes = app.sentTo('/api/v1/me/events');
    expect(resumes.map((request) => request.headers.get('Last-Event-ID'))).toEqual([null, seen]);
    // Wait for one more event after the missed one, so a replayed duplicate would have arrived by now.
    const after = (await app.kroger.POST('/api/v1/lists', { body: { name: 'After the cut' } })).data;
    await stream.until(() => stream.changesOf(after.listId)[0], 'the next list change');
    expect(stream.changesOf(missed.listId)).toHaveLength(1);
    expect(stream.changesOf(before.listId)).toHaveLength(1);
    expect(readyCount(stream.events)).toBe(2);
  });

  it('backs off on 429 events.too_many_streams, connects once a slot frees, and an abort stops and frees it', async () => {
    const app = await signedIn('jordan@example.com');
    const abort = new AbortController();
    const first = app.subscribe({ signal: abort.signal });
    await first.until(() => (readyCount(first.events) ? true : undefined), 'the first stream');

    const second = app.subscribe();
    const refused = await second.until(() => second.errors[0], 'the 429');
    expect(isProblem(refused.error, 'events.too_many_streams')).toBe(true);
    // Retry-After is EVENTS_RETRY_MS (1 s): no retry sooner.
    expect(refused.retryInMs).toBeGreaterThanOrEqual(1000);

    abort.abort();
    await expect(first.subscription.finished).resolves.toBeUndefined();
    await second.until(() => (readyCount(second.events) ? true : undefined), 'the second stream, once a slot freed');
    expect(
      second.errors.every(({ error, retryInMs }) => isProblem(error, 'events.too_many_streams') && retryInMs! >= 1000),
    ).toBe(true);

    // The aborted one stays stopped: it sees no later event.
    const list = (await app.kroger.POST('/api/v1/lists', { body: { name: 'After the abort' } })).data;
    await second.until(() => second.changesOf(list.listId)[0], 'the change on the live stream');
    expect(first.changesOf(list.listId)).toEqual([]);
    expect(first.events.filter((event) => event.event !== 'events.ready')).toEqual([]);
  });

  it('renews an expired access token once, through the shared refresh, and streams', async () => {
    const app = await signedIn('pat@example.com');
    await expireAccessToken(service, app.kroger.tokens);
    const expired = (await app.kroger.tokens.get())!.accessToken;
    const stream = app.subscribe();
    await stream.until(() => (readyCount(stream.events) ? true : undefined), 'events.ready');
    expect(app.sentTo('/api/v1/auth/refresh')).toHaveLength(1);
    const [refused, accepted] = app.sentTo('/api/v1/me/events');
    expect(refused.headers.get('Authorization')).toBe(`Bearer ${expired}`);
    expect(accepted.headers.get('Authorization')).toBe(`Bearer ${(await app.kroger.tokens.get())!.accessToken}`);
    expect(stream.errors).toEqual([]);
    // The rest of the app goes on with the renewed session.
    expect((await app.kroger.GET('/api/v1/me')).data.authenticatedWith).toBe('session');
  });
});
