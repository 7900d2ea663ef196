import { Module } from '@nestjs/common';
import { IdempotencyRepository } from '../common/idempotency.repository';
import { IdempotencyService } from '../common/idempotency.service';
import { TierGate } from '../common/tier-gate';
import { LocationsModule } from '../locations/locations.module';
import { CartLedgerRepository } from './cart-ledger.repository';
import { CartsController } from './carts.controller';
import { CartsService } from './carts.service';
import { CartsTools } from './carts.tools';

/** The user's Kroger cart (REST and MCP), with idempotent writes and the cart ledger. */
@Module({
  imports: [LocationsModule],
  controllers: [CartsController],
  providers: [CartsService, CartsTools, IdempotencyService, IdempotencyRepository, CartLedgerRepository, TierGate],
  exports: [CartsService],
})
export class CartsModule {}
