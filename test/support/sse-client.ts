import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** Long enough for a wake across instances on a loaded machine; a stream that never delivers fails, not hangs. */
const WAIT_MS = 20_000;

/**
 * A Server-Sent Events client as an app would use one: fetch with the bearer token (EventSource
 * cannot send headers) and eventsource-parser (the parser behind the `eventsource` polyfill) over
 * the streamed body. Keeps every message, comment and the retry hint, and whether the server ended it.
 */
export class SseConnection {
  readonly events: EventSourceMessage[] = [];
  readonly comments: string[] = [];
  retryMs: number | undefined;
  ended = false;
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string>): Promise<SseConnection> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: abort.signal });
    const connection = new SseConnection(response, abort);
    if (response.status === 200 && response.body) void connection.read(response.body);
    return connection;
  }

  get status(): number {
    return this.response.status;
  }

  /** The first message (after those already taken by `index`) of one of these types; waits for it. */
  async next(types: string | string[], after = 0): Promise<EventSourceMessage & { index: number }> {
    const wanted = Array.isArray(types) ? types : [types];
    const found = await this.until(
      () => {
        const index = this.events.findIndex((e, i) => i >= after && wanted.includes(e.event ?? 'message'));
        return index >= 0 ? { ...this.events[index], index } : undefined;
      },
      `an event of type ${wanted.join(' or ')}`,
    );
    return found;
  }

  /** Resolves once the server has ended the stream. */
  async closedByServer(): Promise<void> {
    await this.until(() => (this.ended ? true : undefined), 'the server to end the stream');
  }

  async until<T>(check: () => T | undefined, what: string): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(`Waited ${WAIT_MS} ms for ${what}; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const parser = createParser({
      onEvent: (event) => this.events.push(event),
      onComment: (comment) => this.comments.push(comment.trim()),
      onRetry: (retry) => (this.retryMs = retry),
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        this.notify();
      }
      this.ended = true;
    } catch {
      // Aborted by close(), or the connection dropped.
      this.ended = true;
    }
    this.notify();
  }

  private notify(): void {
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }
}

export function dataOf(event: EventSourceMessage): Record<string, unknown> {
  return JSON.parse(event.data) as Record<string, unknown>;
}
