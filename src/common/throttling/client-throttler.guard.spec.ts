import { SkipThrottle, Throttle } from '@nestjs/throttler';
import { LIMIT_METADATA, SKIP_METADATA, TTL_METADATA } from './client-throttler.guard';

class Routes {
  @SkipThrottle()
  health(): void {}

  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  session(): void {}
}

describe('ClientThrottlerGuard', () => {
  // Routes keep @nestjs/throttler's decorators; the guard reads their metadata by key.
  it("reads @SkipThrottle() and @Throttle({ default }) under @nestjs/throttler's own keys", () => {
    expect(Reflect.getMetadata(SKIP_METADATA, Routes.prototype.health)).toBe(true);
    expect(Reflect.getMetadata(LIMIT_METADATA, Routes.prototype.session)).toBe(20);
    expect(Reflect.getMetadata(TTL_METADATA, Routes.prototype.session)).toBe(60_000);
  });
});
