import { Module } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';
import { ProductsTools } from './products.tools';

/** Product search and lookup (REST and MCP). */
@Module({
  imports: [LocationsModule],
  controllers: [ProductsController],
  providers: [ProductsService, ProductsTools],
  exports: [ProductsService],
})
export class ProductsModule {}
