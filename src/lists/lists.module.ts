import { Module } from '@nestjs/common';
import { CartsModule } from '../carts/carts.module';
import { CollectionsModule } from '../collections/collections.module';
import { IdempotencyRepository } from '../common/idempotency.repository';
import { IdempotencyService } from '../common/idempotency.service';
import { TierGate } from '../common/tier-gate';
import { EventsModule } from '../events/events.module';
import { ProductsModule } from '../products/products.module';
import { ListCartService } from './list-cart.service';
import { ListsController } from './lists.controller';
import { ListsService } from './lists.service';
import { ListsTools } from './lists.tools';
import { ShoppingListRepository } from './shopping-list.repository';

/** Shopping lists shared by REST and MCP, their way into the Kroger cart, and collection imports. */
@Module({
  imports: [CartsModule, CollectionsModule, ProductsModule, EventsModule],
  controllers: [ListsController],
  providers: [
    ListsService,
    ListCartService,
    ListsTools,
    ShoppingListRepository,
    IdempotencyService,
    IdempotencyRepository,
    TierGate,
  ],
})
export class ListsModule {}
