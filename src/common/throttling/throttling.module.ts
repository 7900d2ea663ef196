import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** A global per-client rate limit; in memory, or in Redis when REDIS_URL is set so instances share it. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => {
        const { ttlSeconds, limit } = config.get('throttle', { infer: true });
        const redisUrl = config.get('redisUrl', { infer: true });
        return {
          throttlers: [{ name: 'default', ttl: ttlSeconds * 1000, limit }],
          storage: redisUrl ? new RedisThrottlerStorage(redisUrl) : undefined,
        };
      },
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class ThrottlingModule implements OnApplicationShutdown {
  constructor(@Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage) {}

  /** The Redis storage is built in a factory, so Nest does not close its connection by itself. */
  async onApplicationShutdown(): Promise<void> {
    if (this.storage instanceof RedisThrottlerStorage) await this.storage.onApplicationShutdown();
  }
}
