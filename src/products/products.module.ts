import { Module } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module';
import { LocationsTools } from '../locations/locations.tools';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';
import { ProductsTools } from './products.tools';

/** Product search and lookup (REST and MCP). The store tools live here too: their prompt prices lists with products. */
@Module({
  imports: [LocationsModule],
  controllers: [ProductsController],
  providers: [ProductsService, ProductsTools, LocationsTools],
  exports: [ProductsService],
})
export class ProductsModule {}
