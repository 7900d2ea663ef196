import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { userIdHash } from '../common/logging/user-hash';
import { KrogerSpendRepository } from '../kroger/spend/kroger-spend.repository';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

const LINK_STATUSES = ['ACTIVE', 'REAUTH_REQUIRED', 'REVOKED'];
/** Spenders shown: enough to spot who burns the quota, few enough to keep the series bounded. */
export const TOP_SPENDERS = 10;
/** Several Prometheus servers (or a fast scrape interval) share one reading of the database. */
const SNAPSHOT_TTL_MS = 5_000;
const DAY_MS = 86_400_000;

interface Snapshot {
  links: { status: string; count: number; oldestExpiry: Date | null }[];
  spenders: { userId: string; endpoint: string; count: number }[];
  at: number;
}

/**
 * Gauges computed from PostgreSQL when Prometheus scrapes, so they are global: every instance
 * reports the same numbers, and a dashboard should take max() across instances, not sum().
 * One reading serves every gauge and is kept a few seconds; a failed reading leaves the gauges
 * out of that scrape rather than failing it.
 */
@Injectable()
export class DatabaseMetrics {
  private readonly logger = new Logger('DatabaseMetrics');
  private snapshot?: Snapshot;
  private reading?: Promise<Snapshot | undefined>;

  constructor(
    metrics: MetricsService,
    private readonly repository: MetricsRepository,
    private readonly spend: KrogerSpendRepository,
  ) {
    const registers = [metrics.registry];
    const read = () => this.read();
    new Gauge({
      name: 'kroger_links',
      help: 'Kroger links by status (ACTIVE, REAUTH_REQUIRED, REVOKED). Global, from the database: the same on every instance.',
      labelNames: ['status'] as const,
      registers,
      async collect() {
        const snapshot = await read();
        this.reset();
        if (!snapshot) return;
        for (const status of LINK_STATUSES)
          this.set({ status }, snapshot.links.find((row) => row.status === status)?.count ?? 0);
      },
    });
    new Gauge({
      name: 'kroger_link_refresh_overdue_seconds',
      help: 'How long ago the access token of the most overdue ACTIVE link used in the last day expired; 0 while the refresh job keeps up. Global, from the database.',
      registers,
      async collect() {
        const snapshot = await read();
        this.reset();
        if (!snapshot) return;
        const oldest = snapshot.links.find((row) => row.status === 'ACTIVE')?.oldestExpiry;
        this.set(oldest ? Math.max(0, (snapshot.at - new Date(oldest).getTime()) / 1000) : 0);
      },
    });
    new Gauge({
      name: 'kroger_user_spend_top_calls',
      help: `Kroger calls charged to the ${TOP_SPENDERS} biggest (user, endpoint) spenders in their open windows; user_hash is the first 16 hex digits of SHA-256 of the user id. Global, from the database.`,
      labelNames: ['user_hash', 'endpoint'] as const,
      registers,
      async collect() {
        const snapshot = await read();
        this.reset();
        if (!snapshot) return;
        for (const row of snapshot.spenders)
          this.set({ user_hash: userIdHash(row.userId), endpoint: row.endpoint }, row.count);
      },
    });
  }

  private read(): Promise<Snapshot | undefined> {
    if (this.snapshot && Date.now() - this.snapshot.at < SNAPSHOT_TTL_MS) return Promise.resolve(this.snapshot);
    this.reading ??= this.readNow().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readNow(): Promise<Snapshot | undefined> {
    const now = new Date();
    try {
      const [links, top] = await Promise.all([
        this.repository.linkStatusCounts(new Date(now.getTime() - DAY_MS)),
        this.spend.listTop('user', TOP_SPENDERS, now),
      ]);
      this.snapshot = {
        links,
        spenders: top.map((row) => ({ userId: row.subject, endpoint: row.endpoint, count: row.count })),
        at: now.getTime(),
      };
      return this.snapshot;
    } catch (error) {
      this.logger.warn({ err: error }, 'Database gauges could not be read for this scrape');
      return undefined;
    }
  }
}
