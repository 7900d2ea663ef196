import { Module } from '@nestjs/common';
import { ProductsModule } from '../products/products.module';
import { LocationsModule } from './locations.module';
import { LocationsTools } from './locations.tools';

/**
 * The store tools (MCP). Apart from LocationsModule because their shopping-plan prompt prices lists
 * with products, and ProductsModule already imports LocationsModule.
 */
@Module({
  imports: [LocationsModule, ProductsModule],
  providers: [LocationsTools],
})
export class LocationsToolsModule {}
