// placeholder: replaced by the events branch at merge
import { Injectable, Logger } from '@nestjs/common';
import { userIdHash } from '../common/logging/user-hash';

export type AccountEventType = 'link.reauth_required' | 'link.restored' | 'cart.add_unknown' | 'list.changed';
export interface AccountEvent {
  type: AccountEventType;
  data: Record<string, unknown>;
}

/** The per-user event stream's entry point; this stand-in only logs until the events module lands. */
@Injectable()
export class AccountEventsService {
  private readonly logger = new Logger(AccountEventsService.name);

  /** Records the event for the user and fans it out to every instance; never throws into the caller's flow (failures are logged and counted). */
  publish(userId: string, event: AccountEvent): Promise<void> {
    this.logger.debug({ user: userIdHash(userId), event: event.type, data: event.data }, 'account event');
    return Promise.resolve();
  }
}
