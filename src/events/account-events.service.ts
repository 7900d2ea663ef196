import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { AccountEventRepository } from './account-event.repository';
import type { EventFanout } from './event-fanout';
import { EVENT_FANOUT } from './events.tokens';

export type AccountEventType = 'link.reauth_required' | 'link.restored' | 'cart.add_unknown' | 'list.changed';

/** `data` holds ids and states only, never a user's free text: events may be logged. */
export interface AccountEvent {
  type: AccountEventType;
  data: Record<string, unknown>;
}

/** Records what happened to a user's account and wakes the instances streaming it to their devices. */
@Injectable()
export class AccountEventsService {
  private readonly logger = new Logger('AccountEvents');
  private readonly published: Counter<'type' | 'outcome'>;

  constructor(
    private readonly events: AccountEventRepository,
    @Inject(EVENT_FANOUT) private readonly fanout: EventFanout,
    metrics: MetricsService,
  ) {
    this.published = new Counter({
      name: 'account_events_published_total',
      help: 'Account events published on this instance, by type and outcome: delivered (stored and announced), unannounced (stored; streams pick it up on their next heartbeat), failed (not stored).',
      labelNames: ['type', 'outcome'] as const,
      registers: [metrics.registry],
    });
  }

  /** Records the event for the user and fans it out to every instance; never throws into the caller's flow (failures are logged and counted). */
  async publish(userId: string, event: AccountEvent): Promise<void> {
    let eventId: string;
    try {
      eventId = await this.events.append(userId, event.type, event.data);
    } catch (error) {
      this.published.inc({ type: event.type, outcome: 'failed' });
      this.logger.error({ err: error, userId, type: event.type }, 'Could not record an account event');
      return;
    }
    try {
      await this.fanout.announce({ userId, eventId });
      this.published.inc({ type: event.type, outcome: 'delivered' });
    } catch (error) {
      this.published.inc({ type: event.type, outcome: 'unannounced' });
      this.logger.warn({ err: error, userId, type: event.type }, 'Could not announce an account event');
    }
  }
}
