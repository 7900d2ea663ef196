import { backoffDelay, nextRetryDelay } from './retry-policy';

describe('retry policy (exponential backoff, full jitter)', () => {
  const settings = { attempts: 4, budgetMs: 10_000, baseDelayMs: 100, maxDelayMs: 1000 };

  it('draws each delay between 0 and an exponentially growing, capped ceiling', () => {
    expect(backoffDelay(1, settings, () => 0.999)).toBe(99);
    expect(backoffDelay(2, settings, () => 0.999)).toBe(199);
    expect(backoffDelay(3, settings, () => 0.999)).toBe(399);
    expect(backoffDelay(10, settings, () => 0.999)).toBe(999);
    expect(backoffDelay(3, settings, () => 0)).toBe(0);
    for (let retry = 1; retry < 12; retry += 1) {
      for (let i = 0; i < 200; i += 1) {
        const delay = backoffDelay(retry, settings);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(1000, 100 * 2 ** (retry - 1)));
      }
    }
  });

  it('stops after the attempts and within the budget, and lets Retry-After win', () => {
    expect(nextRetryDelay(3, 0, settings, undefined, () => 0.5)).toBe(200);
    expect(nextRetryDelay(4, 0, settings)).toBeUndefined();
    expect(nextRetryDelay(1, 0, settings, 3)).toBe(3000);
    // A Retry-After that ends past the budget means no retry at all.
    expect(nextRetryDelay(1, 8000, settings, 3)).toBeUndefined();
    expect(nextRetryDelay(1, 9_990, settings, undefined, () => 0.5)).toBeUndefined();
  });
});
