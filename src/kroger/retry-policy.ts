/**
 * Exponential backoff with full jitter (a random wait between 0 and the exponential ceiling), so
 * many instances retrying together spread out instead of hitting Kroger in waves.
 */
export interface RetrySettings {
  /** Total attempts, the first one included. */
  attempts: number;
  /** No retry may start later than this after the first attempt. */
  budgetMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: Omit<RetrySettings, 'attempts' | 'budgetMs'> = { baseDelayMs: 100, maxDelayMs: 2000 };

/** Delay before retry number `retry` (1 = the first retry). */
export function backoffDelay(
  retry: number,
  settings: Pick<RetrySettings, 'baseDelayMs' | 'maxDelayMs'>,
  random = Math.random,
): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The wait before the next attempt, or undefined when there should be none: attempts used up, or
 * the wait (Retry-After wins over backoff) would end past the budget.
 */
export function nextRetryDelay(
  retry: number,
  elapsedMs: number,
  settings: RetrySettings,
  retryAfterSeconds?: number,
  random = Math.random,
): number | undefined {
  if (retry >= settings.attempts) return undefined;
  const delay = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : backoffDelay(retry, settings, random);
  return elapsedMs + delay > settings.budgetMs ? undefined : delay;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
