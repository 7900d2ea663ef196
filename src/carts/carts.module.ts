import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/app-config';
import { IdempotencyRepository } from '../common/idempotency.repository';
import { IdempotencyService } from '../common/idempotency.service';
import { TierGate } from '../common/tier-gate';
import { EventsModule } from '../events/events.module';
import { LocationsModule } from '../locations/locations.module';
import { CartLedgerRepository } from './cart-ledger.repository';
import { CartLedgerService } from './cart-ledger.service';
import { CartRecoveryJob } from './cart-recovery.job';
import { CartRecoveryRepository } from './cart-recovery.repository';
import { CartsController } from './carts.controller';
import { CartsService } from './carts.service';
import { CartsTools } from './carts.tools';
import { CartWriteLimiter, DatabaseCartWriteCounter, RedisCartWriteCounter } from './cart-write-limiter';
import { CartWriteWindowRepository } from './cart-write-window.repository';

/** The user's Kroger cart (REST and MCP), with idempotent writes, the cart ledger and its crash recovery. */
@Module({
  imports: [LocationsModule, EventsModule],
  controllers: [CartsController],
  providers: [
    CartsService,
    CartLedgerService,
    CartsTools,
    IdempotencyService,
    IdempotencyRepository,
    CartLedgerRepository,
    CartRecoveryRepository,
    CartRecoveryJob,
    TierGate,
    CartWriteWindowRepository,
    {
      provide: CartWriteLimiter,
      inject: [ConfigService, CartWriteWindowRepository],
      useFactory: (config: ConfigService<AppConfig, true>, windows: CartWriteWindowRepository) => {
        const redisUrl = config.get('redisUrl', { infer: true });
        return new CartWriteLimiter(
          redisUrl ? new RedisCartWriteCounter(redisUrl) : new DatabaseCartWriteCounter(windows),
        );
      },
    },
  ],
  exports: [CartsService],
})
export class CartsModule implements OnApplicationShutdown {
  constructor(@Inject(CartWriteLimiter) private readonly limiter: CartWriteLimiter) {}

  /** Built in a factory, so Nest does not close its Redis connection by itself. */
  onApplicationShutdown(): Promise<void> {
    return this.limiter.close();
  }
}
