import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module';
import { ProductLookupAnnouncer } from './product-lookup-announcer.middleware';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';
import { ProductsTools } from './products.tools';

/** Product search and lookup, and the shopping-plan prompt that prices lists at a store (REST and MCP). */
@Module({
  imports: [LocationsModule],
  controllers: [ProductsController],
  providers: [ProductsService, ProductsTools],
  exports: [ProductsService],
})
export class ProductsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(ProductLookupAnnouncer)
      .forRoutes(
        { path: 'api/v1/products/barcode/:code', method: RequestMethod.GET },
        { path: 'api/v1/products/:id', method: RequestMethod.GET },
      );
  }
}
