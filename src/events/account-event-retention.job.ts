import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Cron } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { inBatches } from '../database/in-batches';
import { AccountEventRepository } from './account-event.repository';

const BATCH_SIZE = 1000;

/**
 * Keeps the event log to EVENTS_RETENTION_HOURS and EVENTS_RETAIN_PER_USER events per user. Deletes in
 * bounded batches claimed with FOR UPDATE SKIP LOCKED, so any number of instances may run it at once;
 * each deletion raises the user's watermark, which is how a late resume learns it missed something.
 */
@Injectable()
export class AccountEventRetentionJob {
  private readonly logger = new Logger('AccountEventRetentionJob');
  private readonly enabled: boolean;
  private readonly retentionMs: number;
  private readonly retainPerUser: number;

  constructor(
    private readonly events: AccountEventRepository,
    config: ConfigService<AppConfig, true>,
  ) {
    this.enabled = config.get('jobsEnabled', { infer: true });
    this.retentionMs = config.get('events.retentionMs', { infer: true });
    this.retainPerUser = config.get('events.retainPerUser', { infer: true });
  }

  @Cron('*/10 * * * *', { name: 'account-event-retention' })
  async run(): Promise<void> {
    if (!this.enabled) return;
    try {
      const purged = await this.purge();
      if (purged > 0) this.logger.log(`Purged ${purged} account events beyond the retention limits`);
    } catch (error) {
      this.logger.error({ err: error }, 'Account event retention failed');
    }
  }

  async purge(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.retentionMs);
    const old = await inBatches(BATCH_SIZE, (limit) => this.events.purgeOlderThan(cutoff, limit));
    const surplus = await inBatches(BATCH_SIZE, (limit) => this.events.purgeBeyondNewest(this.retainPerUser, limit));
    return old + surplus;
  }
}
