import { MemoryThrottlerStorage } from './memory-throttler.storage';

describe('MemoryThrottlerStorage', () => {
  let clock = 0;
  const storage = new MemoryThrottlerStorage(60_000, () => clock);
  afterAll(() => storage.onApplicationShutdown());
  beforeEach(() => (clock = 1_000_000));

  it('counts hits in a fixed window and blocks past the limit until the block ends', async () => {
    const hit = () => storage.increment('user:a', 60_000, 2, 60_000, 'default');
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    clock += 10_000;
    expect(await hit()).toMatchObject({ totalHits: 2, timeToExpire: 50, isBlocked: false });
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 60 });
    clock += 55_000; // the window is over, the block is not
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 5 });
    clock += 5_000;
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps keys and throttlers apart', async () => {
    await storage.increment('user:b', 60_000, 1, 60_000, 'default');
    expect(await storage.increment('user:c', 60_000, 1, 60_000, 'default')).toMatchObject({ isBlocked: false });
    expect(await storage.increment('user:b', 60_000, 1, 60_000, 'other')).toMatchObject({ isBlocked: false });
    expect(await storage.increment('user:b', 60_000, 1, 60_000, 'default')).toMatchObject({ isBlocked: true });
  });
});
