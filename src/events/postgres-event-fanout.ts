import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { AccountEventRepository } from './account-event.repository';
import { decodeWake, encodeWake, EventFanout, EventWake, FanoutListener } from './event-fanout';

const CHANNEL = 'kroger_backend_account_events';
const MAX_RECONNECT_DELAY_MS = 30_000;

/**
 * LISTEN/NOTIFY on the service's own PostgreSQL: NOTIFY goes through the pool (the repository),
 * LISTEN holds one dedicated connection, reconnected with capped backoff; after each (re)connection
 * the streams resync, since notifications sent while it was down are not queued for it.
 */
export class PostgresEventFanout implements EventFanout {
  readonly kind = 'postgres';
  private readonly logger = new Logger('PostgresEventFanout');
  private client: Client | undefined;
  private listener: FanoutListener | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly events: AccountEventRepository,
  ) {}

  announce(wake: EventWake): Promise<void> {
    return this.events.notify(CHANNEL, encodeWake(wake));
  }

  async start(listener: FanoutListener): Promise<void> {
    this.listener = listener;
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.connectionString, keepAlive: true });
    client.on('notification', (message) => {
      const wake = message.channel === CHANNEL && message.payload ? decodeWake(message.payload) : undefined;
      if (wake) this.listener?.wake(wake);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    this.client = client;
    if (this.failures > 0) this.logger.log('Listening for account events again');
    this.failures = 0;
    this.listener?.resync();
  }

  private lost(client: Client, error?: Error): void {
    if (this.closed || (this.client !== undefined && this.client !== client)) return;
    this.client = undefined;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.reconnectTimer) return;
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, 250 * 2 ** Math.min(this.failures, 7));
    this.failures += 1;
    this.logger.warn(`Account event listener lost (${error?.message ?? 'closed'}); reconnecting in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}
