import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { ClientIdentity } from './client-identity';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { MemoryThrottlerStorage } from './memory-throttler.storage';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/**
 * Rate limits per client across all routes (and tighter ones on expensive routes); counters in
 * memory, or in Redis when REDIS_URL is set so instances share them.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => {
        const { ttlSeconds, limit } = config.get('throttle', { infer: true });
        const redisUrl = config.get('redisUrl', { infer: true });
        return {
          throttlers: [{ name: 'default', ttl: ttlSeconds * 1000, limit }],
          storage: redisUrl ? new RedisThrottlerStorage(redisUrl) : new MemoryThrottlerStorage(),
        };
      },
    }),
  ],
  providers: [ClientIdentity, { provide: APP_GUARD, useClass: ClientThrottlerGuard }],
})
export class ThrottlingModule implements OnApplicationShutdown {
  constructor(@Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage) {}

  /** The storage is built in a factory, so Nest does not close it (Redis connection, sweep timer) by itself. */
  async onApplicationShutdown(): Promise<void> {
    if (this.storage instanceof RedisThrottlerStorage || this.storage instanceof MemoryThrottlerStorage)
      await this.storage.onApplicationShutdown();
  }
}
