import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Seconds; from a cached read (a few ms) to a Kroger call that used its whole retry budget. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * This instance's Prometheus registry and the instruments code records into. Every label is
 * bounded: route templates, not paths; registered tool names; Kroger endpoints; status codes.
 * Gauges read from elsewhere at scrape time (quota, cache, breakers, the database) are added by
 * the collectors beside this file. One registry per application, so tests running several apps
 * in one process never mix their series.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests answered by this instance, by route template, method, status and channel (rest, mcp); tool is the MCP tool a tools/call ran.',
    labelNames: ['route', 'method', 'status', 'channel', 'tool'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly krogerCalls = new Histogram({
    name: 'kroger_call_duration_seconds',
    help: 'Calls this instance sent to Kroger (each attempt, retries included), by API, quota endpoint and outcome.',
    labelNames: ['api', 'endpoint', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly krogerRefusals = new Counter({
    name: 'kroger_calls_refused_total',
    help: 'Kroger calls this instance did not send: quota exhausted (Kroger said 429), circuit open, or the caller spent its share.',
    labelNames: ['api', 'endpoint', 'reason'] as const,
    registers: [this.registry],
  });

  readonly tokenRefreshes = new Counter({
    name: 'kroger_token_refreshes_total',
    help: "Refreshes of customers' Kroger tokens on this instance, by outcome: refreshed, current (another instance or request already had), refused (the link needs re-linking), failed (retried later).",
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly refreshSweeps = new Histogram({
    name: 'kroger_link_refresh_sweep_duration_seconds',
    help: 'Scheduled link-refresh sweeps on this instance, by kind (expiring, keepalive) and outcome (ok, error).',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.05, 0.25, 1, 5, 15, 60, 300],
    registers: [this.registry],
  });

  constructor() {
    // Event-loop lag, heap and RSS, GC, handles: this process's own, so per instance.
    collectDefaultMetrics({ register: this.registry });
  }

  /** Records one answered HTTP request. */
  observeRequest(
    labels: { route: string; method: string; status: number; channel: string; tool?: string },
    seconds: number,
  ): void {
    this.httpRequests.observe(
      {
        route: labels.route,
        method: KNOWN_METHODS.has(labels.method) ? labels.method : 'OTHER',
        status: String(labels.status),
        channel: labels.channel,
        tool: labels.tool ?? '',
      },
      seconds,
    );
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
