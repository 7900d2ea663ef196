import { Logger } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { StoredAccountEvent } from './account-event.repository';
import { formatSseComment, formatSseMessage, SseMessage } from './sse-format';

/** Events read from the database per query while catching up. */
const PAGE_SIZE = 100;

export type StreamCloseReason = 'client_closed' | 'auth_expired' | 'slow_client' | 'shutdown' | 'error';

export interface EventStreamOptions {
  userId: string;
  heartbeatMs: number;
  maxBufferBytes: number;
  /** The user's stored events after an id, oldest first. */
  readAfter(afterId: bigint, limit: number): Promise<StoredAccountEvent[]>;
  /** Whether the credential the stream was opened with still holds (expiry, revocation). */
  stillAuthorized(): Promise<boolean>;
  onClose(stream: EventStream, reason: StreamCloseReason): void;
}

/**
 * One client's SSE connection. It holds no events of its own: on every wake (and heartbeat) it reads
 * the user's events after the last id it sent, so order, resume and lost wakes all come down to one
 * query. Output the client does not read piles up in `target`; past `maxBufferBytes` the connection
 * is dropped (the client resumes with Last-Event-ID), so a slow reader never costs unbounded memory.
 */
export class EventStream {
  private readonly logger = new Logger('EventStream');
  private cursor = 0n;
  /** True until `begin`, so wakes before the starting point is known only mark the stream pending. */
  private catchingUp = true;
  private pending = false;
  private checkingAuth = false;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: Writable,
    private readonly options: EventStreamOptions,
  ) {
    target.on('close', () => this.finish('client_closed'));
    target.on('error', () => this.finish('error'));
  }

  get userId(): string {
    return this.options.userId;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Starts after `cursor` (what the client has seen), replaying what it missed, then live. */
  async begin(cursor: bigint, opening: SseMessage[]): Promise<void> {
    if (this.closed) return;
    this.cursor = cursor;
    for (const message of opening) this.write(formatSseMessage(message));
    this.heartbeat = setInterval(() => void this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
    this.catchingUp = false;
    await this.catchUp();
  }

  /** Sends every stored event after the cursor; concurrent calls fold into one more pass. */
  async catchUp(): Promise<void> {
    if (this.closed) return;
    if (this.catchingUp) {
      this.pending = true;
      return;
    }
    this.catchingUp = true;
    try {
      do {
        this.pending = false;
        let page: StoredAccountEvent[];
        do {
          page = await this.options.readAfter(this.cursor, PAGE_SIZE);
          for (const event of page) {
            if (this.closed) return;
            this.write(formatSseMessage({ id: event.id, event: event.type, data: event.data }));
            this.cursor = BigInt(event.id);
          }
        } while (page.length === PAGE_SIZE);
      } while (this.pending && !this.closed);
    } catch (error) {
      // The next wake or heartbeat tries again from the same cursor.
      this.logger.warn({ err: error }, 'Could not read account events for a stream');
    } finally {
      this.catchingUp = false;
    }
  }

  /** Ends the stream, telling the client why first when there is something to tell. */
  end(reason: StreamCloseReason, last?: SseMessage): void {
    if (this.closed) return;
    if (last) this.write(formatSseMessage(last));
    this.finish(reason);
    this.target.end();
  }

  private async beat(): Promise<void> {
    if (this.closed || this.checkingAuth) return;
    this.write(formatSseComment('heartbeat'));
    this.checkingAuth = true;
    try {
      if (!(await this.options.stillAuthorized())) {
        this.end('auth_expired', {
          event: 'auth.expired',
          data: {
            code: 'auth.invalid_token',
            detail:
              'The token this stream was opened with expired or was revoked. Refresh it (or sign in again), then reconnect with Last-Event-ID.',
          },
        });
        return;
      }
    } finally {
      this.checkingAuth = false;
    }
    // A safety net for wakes lost on the way (a listener reconnecting): one indexed read per beat.
    await this.catchUp();
  }

  private write(text: string): void {
    if (this.closed) return;
    this.target.write(text);
    if (this.target.writableLength > this.options.maxBufferBytes) {
      this.finish('slow_client');
      this.target.destroy();
    }
  }

  private finish(reason: StreamCloseReason): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.options.onClose(this, reason);
  }
}
