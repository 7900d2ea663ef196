import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/app-config';
import { AccountEventRepository } from './account-event.repository';
import { AccountEventRetentionJob } from './account-event-retention.job';
import { AccountEventStreams } from './account-event-streams';
import { AccountEventsService } from './account-events.service';
import { EventFanout, LocalEventFanout } from './event-fanout';
import { EventsController } from './events.controller';
import { EVENT_FANOUT } from './events.tokens';
import { PostgresEventFanout } from './postgres-event-fanout';
import { RedisEventFanout } from './redis-event-fanout';

/**
 * Account events: stored in PostgreSQL, woken across instances by the configured fan-out, streamed
 * to the user's devices (GET /api/v1/me/events). Features import it to publish.
 */
@Module({
  controllers: [EventsController],
  providers: [
    AccountEventRepository,
    AccountEventsService,
    AccountEventStreams,
    AccountEventRetentionJob,
    {
      provide: EVENT_FANOUT,
      inject: [ConfigService, AccountEventRepository],
      useFactory: (config: ConfigService<AppConfig, true>, events: AccountEventRepository): EventFanout => {
        const redisUrl = config.get('redisUrl', { infer: true });
        const databaseUrl = config.get('database.url', { infer: true });
        const fanout = config.get('events.fanout', { infer: true });
        if (fanout === 'redis' || (fanout === 'auto' && redisUrl)) return new RedisEventFanout(redisUrl!);
        if (fanout === 'postgres' || (fanout === 'auto' && databaseUrl))
          return new PostgresEventFanout(databaseUrl!, events);
        return new LocalEventFanout();
      },
    },
  ],
  exports: [AccountEventsService],
})
export class EventsModule {}
