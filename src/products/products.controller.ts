import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { OptionallyAuthenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { CacheFor } from '../common/cache-control';
import { Returns } from '../common/contract/returns.decorator';
import { ProductId } from '../common/contract/values';
import { ProblemResponses } from '../common/errors/problem-responses';
import { ExpensiveRoute } from '../common/throttling/expensive-route.decorator';
import {
  BarcodeQuery,
  Product,
  ProductPage,
  ProductQuery,
  SearchProductsBulkInput,
  SearchProductsBulkResult,
  SearchProductsQuery,
} from './products.contract';
import { ProductsService } from './products.service';

const ScannedCode = z
  .string()
  .max(20, { error: 'must be at most 20 characters' })
  .meta({
    description: 'The digits under the bars, as scanned (spaces and dashes are ignored)',
    examples: ['011110417008'],
  });

/**
 * By-id routes carry no per-request expensive limit: their lookups are batched and counted per
 * upstream call instead (UpstreamAdmission), so cached details are free and a list screen of 100
 * is never refused.
 */
@ApiTags('products')
@Controller('api/v1/products')
@OptionallyAuthenticated()
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @ExpensiveRoute()
  @CacheFor(60, 'private')
  @ApiOperation({
    summary: 'Search products, or get up to 50 by id; at a store (locationId, or your preferred store) with price',
    description:
      'With ids, the products for those ids (productIds or scanned barcodes), and the ids Kroger does not know in ' +
      "notFound. onSale and sort=price|-price work over Kroger's first matches for the term (searchedAmong says " +
      'how many), since Kroger can neither filter by sale nor sort by price; both need a store.',
  })
  @Returns(200, ProductPage, { cached: true })
  @ProblemResponses(400, 422, 503)
  searchProducts(
    @Query({ schema: SearchProductsQuery }) query: SearchProductsQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ProductPage> {
    return this.products.search(query, principal?.userId);
  }

  @Post('search-batch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Search up to 25 shopping-list terms in one call, each with its own top matches',
    description:
      'A read: no Idempotency-Key. Each term is one search through the same cache and budgets as GET ' +
      '/api/v1/products; a term refused (your quota share, rate limit, Kroger failing) carries its own error ' +
      'and the others still answer. Only terms that miss the cache count against your rate limit.',
  })
  @Returns(200, SearchProductsBulkResult)
  @ProblemResponses(400, 422, 503)
  searchProductsBatch(
    @Body({ schema: SearchProductsBulkInput }) body: SearchProductsBulkInput,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<SearchProductsBulkResult> {
    return this.products.searchMany(body, principal?.userId);
  }

  @Get('barcode/:code')
  @CacheFor(60, 'private')
  @ApiOperation({
    summary: 'One product by a scanned barcode (UPC-A, UPC-E, EAN-8, EAN-13, GTIN-14, PLU)',
    description:
      "Kroger's productId is the GTIN without its check digit, zero-padded to 13 digits. The check digit is " +
      'verified when present (400, rule gtin_check_digit). 13 digits are an EAN-13 here (use GET ' +
      '/api/v1/products/{id} for a productId). 8 digits may be UPC-E or EAN-8: without format both are looked ' +
      'up in one Kroger call and the one that exists wins. Price-embedded codes (UPC-A starting with 2, EAN-13 ' +
      '20-29) find the item with the price digits zeroed; the label price is not decoded.',
  })
  @Returns(200, Product, { cached: true })
  @ProblemResponses(400, 404, 422, 503)
  getProductByBarcode(
    @Param('code', { schema: ScannedCode }) code: string,
    @Query({ schema: BarcodeQuery }) query: BarcodeQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<Product> {
    return this.products.getByBarcode(code, query.format, query.locationId, principal?.userId);
  }

  @Get(':id')
  @CacheFor(60, 'private')
  @ApiOperation({ summary: 'One product by its 13-digit productId (for a scanned code, see /barcode/{code})' })
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
