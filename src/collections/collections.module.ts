import { Module } from '@nestjs/common';
import { IdempotencyRepository } from '../common/idempotency.repository';
import { IdempotencyService } from '../common/idempotency.service';
import { TierGate } from '../common/tier-gate';
import { CartsModule } from '../carts/carts.module';
import { CollectionsController } from './collections.controller';
import { CollectionsService } from './collections.service';
import { CollectionsTools } from './collections.tools';

/** The customer's saved Kroger collections (partner tier), and adding one to the cart. */
@Module({
  imports: [CartsModule],
  controllers: [CollectionsController],
  providers: [CollectionsService, CollectionsTools, IdempotencyService, IdempotencyRepository, TierGate],
  exports: [CollectionsService],
})
export class CollectionsModule {}
