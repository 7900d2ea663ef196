import { allowance, describeWait, retryAfterSeconds, spendableBudget } from './spend-limits';

describe('fair shares of a Kroger quota', () => {
  it('keeps the reserve from reads but not from writes', () => {
    expect(spendableBudget(10_000, 1_000, false)).toBe(9_000);
    expect(spendableBudget(10_000, 1_000, true)).toBe(10_000);
  });

  it('gives a lone user its share of the whole budget (the defaults: 5% of 9,000 product calls)', () => {
    expect(allowance({ budget: 9_000, appUsed: 0, own: 0, shareBp: 500 })).toBe(450);
    expect(allowance({ budget: 9_000, appUsed: 450, own: 450, shareBp: 500 })).toBe(450);
  });

  it('gives the next user its share of what the first one left', () => {
    expect(allowance({ budget: 9_000, appUsed: 450, own: 0, shareBp: 500 })).toBe(427);
  });

  it('shrinks as the others spend, down to nothing', () => {
    expect(allowance({ budget: 180, appUsed: 18, own: 0, shareBp: 1_000 })).toBe(16);
    expect(allowance({ budget: 180, appUsed: 200, own: 0, shareBp: 1_000 })).toBe(0);
  });

  it('waits for the own window when a fresh one would allow a call, else for Kroger`s window too', () => {
    const now = 1_000_000;
    expect(
      retryAfterSeconds({ now, subjectWindowEnd: now + 60_000, appWindowEnd: now + 90_000, freshAllowance: 3 }),
    ).toBe(60);
    expect(
      retryAfterSeconds({ now, subjectWindowEnd: now + 60_000, appWindowEnd: now + 90_000, freshAllowance: 0 }),
    ).toBe(90);
    expect(retryAfterSeconds({ now, subjectWindowEnd: now - 5, appWindowEnd: undefined, freshAllowance: 0 })).toBe(1);
  });

  it('says how long in words', () => {
    expect(describeWait(40)).toBe('40 s');
    expect(describeWait(14 * 60)).toBe('14 min');
    expect(describeWait(3 * 3600 + 12 * 60)).toBe('3 h 12 min');
    expect(describeWait(7200)).toBe('2 h');
  });
});
