import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { IDEMPOTENT_REPLAYED } from '../common/contract/response-headers';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { IdempotencyService } from '../common/idempotency.service';
import { AcceptsIdempotencyKey, sendStored } from '../common/contract/idempotency-key';
import { requestIdOf } from '../common/request-id';
import { AddCartItemsResult } from '../carts/carts.contract';
import {
  AddCollectionToCartRequest,
  Collection,
  CollectionId,
  CollectionList,
  CollectionsQuery,
} from './collections.contract';
import { CollectionsService } from './collections.service';

@ApiTags('me')
@Controller('api/v1/me/collections')
export class CollectionsController {
  constructor(
    private readonly collections: CollectionsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get()
  @Authenticated('read')
  @ApiOperation({ summary: 'Your saved Kroger collections: lists, recipes, favorites (partner tier)' })
  @Returns(200, CollectionList)
  @ProblemResponses(400, 501, 502, 503)
  listCollections(
    @CurrentPrincipal() principal: Principal,
    @Query({ schema: CollectionsQuery }) query: CollectionsQuery,
  ): Promise<CollectionList> {
    return this.collections.list(principal.userId, query);
  }

  @Get(':collectionId')
  @Authenticated('read')
  @ApiOperation({ summary: 'One of your collections (partner tier)' })
  @Returns(200, Collection)
  @ProblemResponses(400, 404, 501, 502, 503)
  getCollection(
    @CurrentPrincipal() principal: Principal,
    @Param('collectionId', { schema: CollectionId }) collectionId: string,
  ): Promise<Collection> {
    return this.collections.get(principal.userId, collectionId);
  }

  @Post(':collectionId/cart-items')
  @Authenticated('cart:write')
  @ApiOperation({
    summary: 'Add every item of a collection to the cart, as POST /api/v1/cart/items does (partner tier)',
  })
  @AcceptsIdempotencyKey()
  @Returns(201, AddCartItemsResult, { headers: IDEMPOTENT_REPLAYED })
  @ProblemResponses(400, 404, 409, 422, 501, 502, 503)
  async addCollectionToCart(
    @CurrentPrincipal() principal: Principal,
    @Param('collectionId', { schema: CollectionId }) collectionId: string,
    @Body({ schema: AddCollectionToCartRequest }) body: AddCollectionToCartRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const result = await this.idempotency.run(principal.userId, key, { collectionId, ...body }, async () => ({
      status: 201,
      body: await this.collections.addToCart(
        principal.userId,
        collectionId,
        body.modality,
        'rest',
        requestIdOf(req),
        key,
      ),
    }));
    return sendStored(res, result);
  }
}
