import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Cron } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { AuditService } from './audit.service';

/** Keeps the audit trail to AUDIT_RETENTION_DAYS: hourly, older events go in bounded batches. */
@Injectable()
export class AuditRetentionJob {
  private readonly logger = new Logger('AuditRetentionJob');
  private readonly enabled: boolean;
  private readonly retentionMs: number;

  constructor(
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.enabled = config.get('jobsEnabled', { infer: true });
    this.retentionMs = config.get('auditRetentionMs', { infer: true });
  }

  @Cron('53 * * * *', { name: 'audit-retention' })
  async run(): Promise<void> {
    if (!this.enabled) return;
    try {
      const purged = await this.purge();
      if (purged > 0) this.logger.log(`Purged ${purged} audit events older than the retention period`);
    } catch (error) {
      this.logger.error({ err: error }, 'Audit retention failed');
    }
  }

  purge(now = new Date()): Promise<number> {
    return this.audit.purgeOlderThan(new Date(now.getTime() - this.retentionMs));
  }
}
