import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { OptionallyAuthenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { CacheFor } from '../common/cache-control';
import { ProblemResponses } from '../common/errors/problem-responses';
import { ProductDto, ProductPageDto } from './dto/product.dto';
import { ProductQuery, SearchProductsQuery } from './dto/search-products.query';
import { ProductsService } from './products.service';

@ApiTags('products')
@Controller('api/v1/products')
@OptionallyAuthenticated()
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @CacheFor(60, 'private')
  @ApiOperation({
    summary: 'Search products; at a store (locationId, or your preferred store) with price, aisle and stock',
  })
  @ApiOkResponse({ type: ProductPageDto })
  @ProblemResponses(400, 503)
  searchProducts(
    @Query() query: SearchProductsQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ProductPageDto> {
    return this.products.search(query, principal?.userId);
  }

  @Get(':id')
  @CacheFor(60, 'private')
  @ApiOperation({ summary: 'One product by product id or UPC' })
  @ApiParam({ name: 'id', example: '0001111041700' })
  @ApiOkResponse({ type: ProductDto })
  @ProblemResponses(400, 404, 503)
  getProduct(
    @Param('id') id: string,
    @Query() query: ProductQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ProductDto> {
    return this.products.get(id, query.locationId, principal?.userId);
  }
}
