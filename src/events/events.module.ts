// placeholder: replaced by the events branch at merge
import { Module } from '@nestjs/common';
import { AccountEventsService } from './account-events.service';

@Module({ providers: [AccountEventsService], exports: [AccountEventsService] })
export class EventsModule {}
