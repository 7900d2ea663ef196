import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { openRedis } from '../common/redis-client';
import { decodeWake, encodeWake, EventFanout, EventWake, FanoutListener } from './event-fanout';

const CHANNEL = 'kroger-backend:account-events';

/**
 * Redis pub/sub, when REDIS_URL is set (the instances already share it for the cache and limits).
 * ioredis reconnects by itself; each time the subscription is confirmed again the streams resync.
 */
export class RedisEventFanout implements EventFanout {
  readonly kind = 'redis';
  private readonly logger = new Logger('RedisEventFanout');
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(redisUrl: string) {
    this.publisher = openRedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    this.subscriber = openRedis(redisUrl, { lazyConnect: true, autoResubscribe: false });
  }

  async announce(wake: EventWake): Promise<void> {
    await this.publisher.publish(CHANNEL, encodeWake(wake));
  }

  async start(listener: FanoutListener): Promise<void> {
    this.subscriber.on('message', (channel: string, payload: string) => {
      const wake = channel === CHANNEL ? decodeWake(payload) : undefined;
      if (wake) listener.wake(wake);
    });
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(CHANNEL).then(
        () => listener.resync(),
        (error: Error) => this.logger.warn(`Could not subscribe to account events: ${error.message}`),
      );
    });
    this.subscriber.on('error', (error: Error) => this.logger.warn(`Redis subscription: ${error.message}`));
    this.publisher.on('error', (error: Error) => this.logger.warn(`Redis publisher: ${error.message}`));
    try {
      await Promise.all([this.subscriber.connect(), this.publisher.connect()]);
    } catch (error) {
      // ioredis keeps retrying; streams still catch up on every heartbeat meanwhile.
      this.logger.warn(`Not yet connected to Redis for account events: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    for (const client of [this.publisher, this.subscriber]) await client.quit().catch(() => undefined);
  }
}
