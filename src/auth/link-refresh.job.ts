import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { KrogerLinkRepository } from './kroger-link.repository';
import { KrogerUserTokens, RefreshOptions } from './kroger-user-tokens';

export type RefreshSweep = 'expiring' | 'keepalive';

export interface SweepResult {
  refreshed: number;
  refused: number;
  failed: number;
}

const BATCH_SIZE = 50;
const CONCURRENCY = 8;
const EXPIRING_WITHIN_MS = 5 * 60_000;
/** Only links in use are kept fresh every minute; idle ones wait for the daily keep-alive. */
const USED_WITHIN_MS = 86_400_000;
/** A claimed batch is this instance's until then; a crashed instance's claim simply lapses. */
const LEASE_MS = 2 * 60_000;

/**
 * Keeps Kroger links alive without users noticing. Every minute: links whose access token expires
 * within five minutes and that were used in the last day. Daily: every link not refreshed for
 * LINK_KEEPALIVE_HOURS, so idle refresh tokens never lapse. A batch is claimed with
 * FOR UPDATE SKIP LOCKED and leased (nextRefreshAt), so several instances split the work without
 * overlap; each link is then refreshed under its own row lock, like a request would.
 */
@Injectable()
export class LinkRefreshJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LinkRefreshJob');
  private readonly enabled: boolean;
  private readonly keepAliveAfterMs: number;
  private readonly intervalMs: number;
  private readonly running = new Set<RefreshSweep>();

  constructor(
    private readonly links: KrogerLinkRepository,
    private readonly tokens: KrogerUserTokens,
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
    private readonly metrics: MetricsService,
    private readonly scheduler: SchedulerRegistry,
  ) {
    this.enabled = config.get('jobsEnabled', { infer: true });
    this.keepAliveAfterMs = config.get('auth.keepAliveAfterMs', { infer: true });
    this.intervalMs = config.get('auth.refreshIntervalMs', { infer: true });
  }

  /** Registered here rather than with @Interval, so LINK_REFRESH_INTERVAL_SECONDS can set it. */
  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const timer = setInterval(() => void this.refreshExpiring(), this.intervalMs);
    this.scheduler.addInterval('link-refresh-expiring', timer);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', 'link-refresh-expiring'))
      this.scheduler.deleteInterval('link-refresh-expiring');
  }

  async refreshExpiring(): Promise<void> {
    if (this.enabled) await this.sweepAndRecord('expiring');
  }

  @Cron('17 3 * * *', { name: 'link-refresh-keepalive' })
  async keepAlive(): Promise<void> {
    if (this.enabled) await this.sweepAndRecord('keepalive');
  }

  /** Refreshes due links batch after batch until no unclaimed one is left. */
  async sweep(kind: RefreshSweep): Promise<SweepResult> {
    const total: SweepResult = { refreshed: 0, refused: 0, failed: 0 };
    const options: RefreshOptions =
      kind === 'expiring'
        ? { minRemainingMs: EXPIRING_WITHIN_MS }
        : { minRemainingMs: 0, refreshedBefore: new Date(Date.now() - this.keepAliveAfterMs) };
    for (;;) {
      const batch = await this.claimBatch(kind, options.refreshedBefore);
      if (batch.length === 0) return total;
      const queue = [...batch];
      const worker = async () => {
        for (let userId = queue.shift(); userId; userId = queue.shift()) {
          const outcome = await this.tokens
            .refreshLocked(userId, options)
            .catch((error: unknown) => ({ kind: 'failed' as const, error }));
          if (outcome.kind === 'refreshed' || outcome.kind === 'current') total.refreshed += 1;
          else if (outcome.kind === 'refused') total.refused += 1;
          else total.failed += 1;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    }
  }

  private async sweepAndRecord(kind: RefreshSweep): Promise<void> {
    if (this.running.has(kind)) return;
    this.running.add(kind);
    const timer = this.metrics.refreshSweeps.startTimer({ kind });
    try {
      const result = await this.sweep(kind);
      if (result.refreshed + result.refused + result.failed > 0) {
        await this.audit.record(`job.link_refresh_${kind}`, { detail: { ...result } });
        this.logger.log(
          `${kind} sweep: ${result.refreshed} refreshed, ${result.refused} need re-linking, ${result.failed} failed`,
        );
      }
      timer({ outcome: 'ok' });
    } catch (error) {
      timer({ outcome: 'error' });
      this.logger.error({ err: error }, `${kind} sweep failed`);
    } finally {
      this.running.delete(kind);
    }
  }

  /** Claims up to BATCH_SIZE due links; rows another instance is claiming are skipped, not waited for. */
  private claimBatch(kind: RefreshSweep, refreshedBefore?: Date): Promise<string[]> {
    const claim = { limit: BATCH_SIZE, leaseMs: LEASE_MS };
    return kind === 'expiring'
      ? this.links.claimExpiring({ ...claim, expiringWithinMs: EXPIRING_WITHIN_MS, usedWithinMs: USED_WITHIN_MS })
      : this.links.claimNotRefreshedSince(refreshedBefore!, claim);
  }
}
