import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Response } from 'express';
import { Counter, Gauge } from 'prom-client';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig, EventsConfig } from '../config/app-config';
import { BearerAuthenticator } from '../auth/bearer.guard';
import type { Principal } from '../auth/principal';
import { MetricsService } from '../metrics/metrics.service';
import { AccountEventRepository } from './account-event.repository';
import type { EventFanout } from './event-fanout';
import { EventStream, StreamCloseReason } from './event-stream';
import { EVENT_FANOUT } from './events.tokens';
import { formatSseRetry, SseMessage } from './sse-format';

export interface OpenStreamRequest {
  principal: Principal;
  /** The Authorization header the stream was opened with: checked again on every heartbeat. */
  authorization: string;
  /** The client's Last-Event-ID: it has seen everything up to this id. */
  lastEventId?: bigint;
}

/**
 * This instance's open event streams, by user: opens them (within the per-user cap), wakes a user's
 * streams when the fan-out says they have news, and closes them all, telling the clients, on shutdown.
 */
@Injectable()
export class AccountEventStreams implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('AccountEventStreams');
  private readonly byUser = new Map<string, Set<EventStream>>();
  private readonly settings: EventsConfig;
  private readonly closedStreams: Counter<'reason'>;
  private closing = false;

  constructor(
    private readonly events: AccountEventRepository,
    @Inject(EVENT_FANOUT) private readonly fanout: EventFanout,
    private readonly authenticator: BearerAuthenticator,
    config: ConfigService<AppConfig, true>,
    metrics: MetricsService,
  ) {
    this.settings = config.get('events', { infer: true });
    const streams = this.byUser;
    new Gauge({
      name: 'account_event_streams',
      help: 'Event streams (GET /api/v1/me/events) open on this instance.',
      registers: [metrics.registry],
      collect() {
        let open = 0;
        for (const set of streams.values()) open += set.size;
        this.set(open);
      },
    });
    this.closedStreams = new Counter({
      name: 'account_event_streams_closed_total',
      help: 'Event streams closed on this instance, by reason: client_closed, auth_expired, slow_client (output not read), shutdown, error.',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
  }

  async onModuleInit(): Promise<void> {
    await this.fanout.start({
      wake: ({ userId }) => this.catchUp(this.byUser.get(userId)),
      resync: () => {
        for (const streams of this.byUser.values()) this.catchUp(streams);
      },
    });
    this.logger.log(`Account events fan out ${describeFanout(this.fanout.kind)}`);
  }

  /** Before the HTTP server closes: open streams would otherwise hold it open until the grace period ends. */
  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const streams of [...this.byUser.values()])
      for (const stream of [...streams])
        stream.end('shutdown', {
          event: 'server.shutdown',
          data: { detail: 'This instance is stopping. Reconnect with Last-Event-ID: nothing is lost.' },
        });
  }

  onApplicationShutdown(): Promise<void> {
    return this.fanout.close();
  }

  /** Answers the request with the user's stream; a refusal (cap, shutdown) is thrown before any byte is sent. */
  async open(request: OpenStreamRequest, response: Response): Promise<void> {
    const { userId } = request.principal;
    if (this.closing)
      throw new DomainError('service.shutting_down', 503, 'Shutting down', 'This instance is stopping; reconnect.', {
        retryAfter: 1,
      });
    const mine = this.byUser.get(userId) ?? new Set<EventStream>();
    if (mine.size >= this.settings.maxStreamsPerUser)
      throw new DomainError(
        'events.too_many_streams',
        429,
        'Too many event streams',
        `You already have ${mine.size} event streams open on this server (at most ${this.settings.maxStreamsPerUser}). Close one, or share one stream between the tabs of an app.`,
        { retryAfter: Math.ceil(this.settings.retryMs / 1000) },
      );
    const stream = new EventStream(response, {
      userId,
      heartbeatMs: this.settings.heartbeatMs,
      maxBufferBytes: this.settings.maxBufferBytes,
      readAfter: (afterId, limit) => this.events.listAfter(userId, afterId, limit),
      stillAuthorized: () => this.stillAuthorized(request),
      onClose: (closed, reason) => this.forget(closed, reason),
    });
    // Registered before the starting point is read, so an event committed meanwhile is not missed.
    mine.add(stream);
    this.byUser.set(userId, mine);
    response.status(200);
    response.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx and some other proxies buffer responses unless told not to.
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    response.flushHeaders();
    response.write(formatSseRetry(this.settings.retryMs));
    try {
      const start = await this.startingPoint(userId, request.lastEventId);
      await stream.begin(start.cursor, [start.opening]);
    } catch (error) {
      this.logger.error({ err: error }, 'Could not start an event stream');
      stream.end('error');
    }
  }

  /**
   * Where the stream starts. A Last-Event-ID older than what retention kept (or one this user never
   * had) gets `events.gap`: the client missed events it cannot have, and should re-read its state.
   */
  private async startingPoint(
    userId: string,
    lastEventId: bigint | undefined,
  ): Promise<{ cursor: bigint; opening: SseMessage }> {
    const { latestId, purgedThroughId } = await this.events.resumePointOf(userId);
    const newest = latestId > purgedThroughId ? latestId : purgedThroughId;
    if (lastEventId === undefined || (lastEventId >= purgedThroughId && lastEventId <= newest)) {
      const cursor = lastEventId ?? newest;
      return {
        cursor,
        opening: { id: cursor.toString(), event: 'events.ready', data: { resumedAfter: cursor.toString() } },
      };
    }
    const cursor = lastEventId < purgedThroughId ? purgedThroughId : newest;
    return {
      cursor,
      opening: {
        id: cursor.toString(),
        event: 'events.gap',
        data: {
          lastEventId: lastEventId.toString(),
          resumedAfter: cursor.toString(),
          detail:
            lastEventId < purgedThroughId
              ? 'Some events after your Last-Event-ID are no longer kept. Re-read what you show (GET /api/v1/me, your lists, the cart); newer events follow.'
              : 'Your Last-Event-ID is not one of your events. Re-read what you show (GET /api/v1/me, your lists, the cart); newer events follow.',
        },
      },
    };
  }

  /**
   * The same check as on a request (signature, expiry, session or token revocation), for the same
   * user; only a refusal ends the stream, not a failure to check (the database being away a moment).
   */
  private async stillAuthorized(request: OpenStreamRequest): Promise<boolean> {
    try {
      const principal = await this.authenticator.authenticate(request.authorization);
      return principal?.userId === request.principal.userId;
    } catch (error) {
      if (error instanceof DomainError && error.status === 401) return false;
      this.logger.warn({ err: error }, 'Could not re-check the credential of an event stream');
      return true;
    }
  }

  private catchUp(streams: Set<EventStream> | undefined): void {
    for (const stream of streams ?? []) void stream.catchUp();
  }

  private forget(stream: EventStream, reason: StreamCloseReason): void {
    const mine = this.byUser.get(stream.userId);
    mine?.delete(stream);
    if (mine?.size === 0) this.byUser.delete(stream.userId);
    this.closedStreams.inc({ reason });
  }
}

function describeFanout(kind: EventFanout['kind']): string {
  switch (kind) {
    case 'local':
      return 'in this process (embedded database: one instance)';
    case 'postgres':
      return 'through PostgreSQL LISTEN/NOTIFY';
    case 'redis':
      return 'through Redis pub/sub';
  }
}
