export interface ReconnectOptions {
  /** The wait before reconnecting until the service's `retry:` hint replaces it (default 1000). */
  initialDelayMs: number;
  /** Ceiling of the exponential backoff after consecutive failures (default 30000). */
  maxDelayMs: number;
  /**
   * With nothing received for this long (not even a heartbeat) the connection is taken for dead
   * and replaced (default 45000: three of the service's default 15-second heartbeats). A phone that
   * changes networks can keep a socket that will never deliver again without an error.
   */
  stallTimeoutMs: number;
}

export const DEFAULT_RECONNECT: ReconnectOptions = { initialDelayMs: 1000, maxDelayMs: 30_000, stallTimeoutMs: 45_000 };

/**
 * How long to wait before the next connection attempt: the service's `retry:` hint after a stream
 * that worked, doubling with each consecutive failure up to `maxDelayMs`, and never less than a
 * Retry-After the service asked for.
 */
export class ReconnectBackoff {
  private baseMs: number;
  private failures = 0;

  constructor(
    private readonly options: Pick<ReconnectOptions, 'initialDelayMs' | 'maxDelayMs'>,
    private readonly random: () => number = Math.random,
  ) {
    this.baseMs = options.initialDelayMs;
  }

  /** The stream's `retry:` field. */
  useServerHint(delayMs: number): void {
    this.baseMs = delayMs;
  }

  /** A stream opened (events.ready or events.gap arrived): the next drop starts from the base delay again. */
  connected(): void {
    this.failures = 0;
  }

  /** The wait before the next attempt, counting this one as a failure; at least `notBeforeMs` (a Retry-After). */
  nextDelayMs(notBeforeMs = 0): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.baseMs * 2 ** this.failures);
    this.failures += 1;
    // Half fixed, half random: the apps one restart dropped do not all come back in the same instant.
    const jittered = Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    return Math.max(notBeforeMs, jittered);
  }
}
