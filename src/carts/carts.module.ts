import { Module } from '@nestjs/common';
import { IdempotencyRepository } from '../common/idempotency.repository';
import { IdempotencyService } from '../common/idempotency.service';
import { TierGate } from '../common/tier-gate';
import { LocationsModule } from '../locations/locations.module';
import { CartLedgerRepository } from './cart-ledger.repository';
import { CartRecoveryJob } from './cart-recovery.job';
import { CartRecoveryRepository } from './cart-recovery.repository';
import { CartsController } from './carts.controller';
import { CartsService } from './carts.service';
import { CartsTools } from './carts.tools';

/** The user's Kroger cart (REST and MCP), with idempotent writes, the cart ledger and its crash recovery. */
@Module({
  imports: [LocationsModule],
  controllers: [CartsController],
  providers: [
    CartsService,
    CartsTools,
    IdempotencyService,
    IdempotencyRepository,
    CartLedgerRepository,
    CartRecoveryRepository,
    CartRecoveryJob,
    TierGate,
  ],
  exports: [CartsService],
})
export class CartsModule {}
