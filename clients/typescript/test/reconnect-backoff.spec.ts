import { ReconnectBackoff } from '../src/reconnect-backoff';

describe('ReconnectBackoff', () => {
  const highest = () => 1; // the top of each jitter range
  const lowest = () => 0;

  it('doubles the wait with each consecutive failure, up to the cap', () => {
    const backoff = new ReconnectBackoff({ initialDelayMs: 1000, maxDelayMs: 10_000 }, highest);
    const waits = Array.from({ length: 6 }, () => backoff.nextDelayMs());
    expect(waits).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it("starts from the service's retry: hint, and again from it once a stream opened", () => {
    const backoff = new ReconnectBackoff({ initialDelayMs: 1000, maxDelayMs: 60_000 }, highest);
    backoff.useServerHint(3000);
    expect([backoff.nextDelayMs(), backoff.nextDelayMs()]).toEqual([3000, 6000]);
    backoff.connected();
    expect(backoff.nextDelayMs()).toBe(3000);
  });

  it('spreads reconnects over the upper half of the wait', () => {
    expect(new ReconnectBackoff({ initialDelayMs: 1000, maxDelayMs: 10_000 }, lowest).nextDelayMs()).toBe(500);
    expect(new ReconnectBackoff({ initialDelayMs: 1000, maxDelayMs: 10_000 }, () => 0.5).nextDelayMs()).toBe(750);
  });

  it('never waits less than a Retry-After, even above the cap, and keeps counting failures', () => {
    const backoff = new ReconnectBackoff({ initialDelayMs: 1000, maxDelayMs: 30_000 }, highest);
    expect(backoff.nextDelayMs(3000)).toBe(3000);
    expect(backoff.nextDelayMs(3000)).toBe(3000);
    expect(backoff.nextDelayMs(3000)).toBe(4000);
    expect(backoff.nextDelayMs(120_000)).toBe(120_000);
  });
});
