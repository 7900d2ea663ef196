import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () => new CircuitBreaker(3, 10_000, () => now);
  beforeEach(() => (now = 0));

  it('opens after the threshold of consecutive failures, not before, and a success resets the count', () => {
    const b = breaker();
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    b.recordFailure();
    expect(b.tryAcquire()).toBe(true);
    b.recordFailure();
    expect(b.snapshot().state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    expect(b.retryAfterSeconds()).toBe(10);
  });

  it('lets exactly one probe through after the cooldown; success closes, failure re-opens', () => {
    const b = breaker();
    for (let i = 0; i < 3; i += 1) b.recordFailure();
    now = 9_999;
    expect(b.tryAcquire()).toBe(false);
    now = 10_000;
    expect(b.snapshot().state).toBe('half-open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.recordFailure();
    expect(b.snapshot().state).toBe('open');
    now = 20_000;
    expect(b.tryAcquire()).toBe(true);
    b.recordSuccess();
    expect(b.snapshot()).toEqual({ state: 'closed', consecutiveFailures: 0, retryAt: null });
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(true);
  });

  it('gives a released probe to the next caller', () => {
    const b = breaker();
    for (let i = 0; i < 3; i += 1) b.recordFailure();
    now = 10_000;
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.release();
    expect(b.tryAcquire()).toBe(true);
  });
});
