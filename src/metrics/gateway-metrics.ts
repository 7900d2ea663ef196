import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { ReadCache } from '../kroger/cache/read-cache';
import { BreakerState, KrogerBreakers } from '../kroger/circuit-breaker';
import { apiOf, QuotaLedger } from '../kroger/quota-ledger';
import { MetricsService } from './metrics.service';

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

/**
 * The Kroger gateway's own state, read when Prometheus scrapes: quota per endpoint, cache
 * counters and breakers. Nothing on the request path changes for these: the gateway already
 * keeps the numbers (the admin API shows the same ones).
 */
@Injectable()
export class GatewayMetrics {
  constructor(metrics: MetricsService, ledger: QuotaLedger, cache: ReadCache, breakers: KrogerBreakers) {
    const registers = [metrics.registry];
    new Gauge({
      name: 'kroger_quota_used',
      help: "Calls counted in Kroger's current daily window per quota endpoint. Global: the ledger is shared in PostgreSQL, so every instance reports the same total (up to its 250 ms flush).",
      labelNames: ['api', 'endpoint'] as const,
      registers,
      collect() {
        this.reset();
        for (const budget of ledger.budgets())
          this.set({ api: apiOf(budget.endpoint), endpoint: budget.endpoint }, budget.used);
      },
    });
    new Gauge({
      name: 'kroger_quota_remaining',
      help: "Calls left in Kroger's current daily window, for endpoints Kroger limits (0 while a 429 pauses calls). Global, like kroger_quota_used.",
      labelNames: ['api', 'endpoint'] as const,
      registers,
      collect() {
        this.reset();
        for (const budget of ledger.budgets()) {
          if (budget.remaining === null) continue;
          const paused = budget.exhaustedUntil !== null;
          this.set({ api: apiOf(budget.endpoint), endpoint: budget.endpoint }, paused ? 0 : budget.remaining);
        }
      },
    });
    new Counter({
      name: 'kroger_cache_requests_total',
      help: 'Cached Kroger reads on this instance by result: hit (fresh), miss (Kroger asked), stale (served stale: while revalidating, or because Kroger was down, out of quota or paused).',
      labelNames: ['result'] as const,
      registers,
      collect() {
        const stats = cache.stats();
        this.reset();
        this.inc({ result: 'hit' }, stats.hits);
        this.inc({ result: 'miss' }, stats.misses);
        this.inc({ result: 'stale' }, stats.staleServed);
      },
    });
    new Gauge({
      name: 'kroger_cache_entries',
      help: "Entries in the Kroger read cache (this instance's memory store; absent with Redis, which is shared).",
      registers,
      collect() {
        this.reset();
        const entries = cache.stats().entries;
        if (entries !== undefined) this.set(entries);
      },
    });
    new Gauge({
      name: 'kroger_breaker_state',
      help: "This instance's circuit breaker per Kroger API: 1 for its current state (closed, open, half-open), 0 for the others.",
      labelNames: ['api', 'state'] as const,
      registers,
      collect() {
        this.reset();
        for (const status of breakers.statuses())
          for (const state of BREAKER_STATES) this.set({ api: status.api, state }, status.state === state ? 1 : 0);
      },
    });
  }
}
