import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OptionallyAuthenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { CacheFor } from '../common/cache-control';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { ExpensiveRoute } from '../common/throttling/expensive-route.decorator';
import { Product, ProductPage, ProductQuery, SearchProductsQuery } from './products.contract';
import { ProductId } from '../common/contract/values';
import { ProductsService } from './products.service';

@ApiTags('products')
@Controller('api/v1/products')
@OptionallyAuthenticated()
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @ExpensiveRoute()
  @CacheFor(60, 'private')
  @ApiOperation({
    summary: 'Search products; at a store (locationId, or your preferred store) with price, aisle and stock',
  })
  @Returns(200, ProductPage, { cached: true })
  @ProblemResponses(400, 422, 503)
  searchProducts(
    @Query({ schema: SearchProductsQuery }) query: SearchProductsQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ProductPage> {
    return this.products.search(query, principal?.userId);
  }

  @Get(':id')
  @ExpensiveRoute()
  @CacheFor(60, 'private')
  @ApiOperation({ summary: 'One product by product id or UPC' })
  @Returns(200, Product, { cached: true })
  @ProblemResponses(400, 404, 422, 503)
  getProduct(
    @Param('id', { schema: ProductId }) id: string,
    @Query({ schema: ProductQuery }) query: ProductQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<Product> {
    return this.products.get(id, query.locationId, principal?.userId);
  }
}
