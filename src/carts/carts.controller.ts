import { Body, Controller, Delete, Get, Headers, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { IDEMPOTENT_REPLAYED } from '../common/contract/response-headers';
import { Returns } from '../common/contract/returns.decorator';
import { ProductId } from '../common/contract/values';
import { ProblemResponses } from '../common/errors/problem-responses';
import { IdempotencyService } from '../common/idempotency.service';
import { AcceptsIdempotencyKey, sendStored } from '../common/contract/idempotency-key';
import { requestIdOf } from '../common/request-id';
import {
  AddCartItemsRequest,
  AddCartItemsResult,
  Cart,
  CartIdParam,
  UpdateCartItemRequest,
  UpdateCartRequest,
} from './carts.contract';
import { CartsService } from './carts.service';

@ApiTags('cart')
@Controller('api/v1/cart')
export class CartsController {
  constructor(
    private readonly carts: CartsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post('items')
  @Authenticated('cart:write')
  @ApiOperation({ summary: "Add items to the user's Kroger cart (recorded in the cart ledger)" })
  @AcceptsIdempotencyKey()
  @Returns(201, AddCartItemsResult, { headers: IDEMPOTENT_REPLAYED })
  @ProblemResponses(400, 409, 422, 502, 503)
  async addCartItems(
    @CurrentPrincipal() principal: Principal,
    @Body({ schema: AddCartItemsRequest }) body: AddCartItemsRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const result = await this.idempotency.run(principal.userId, key, body, async () => ({
      status: 201,
      body: await this.carts.add(principal.userId, body.items, 'rest', requestIdOf(req), key),
    }));
    return sendStored(res, result);
  }

  @Get()
  @Authenticated('read')
  @ApiOperation({ summary: 'The cart: the real Kroger cart (partner tier) or what this app added (public tier)' })
  @Returns(200, Cart)
  @ProblemResponses(502, 503)
  getCart(@CurrentPrincipal() principal: Principal): Promise<Cart> {
    return this.carts.view(principal.userId);
  }

  @Get(':cartId')
  @Authenticated('read')
  @ApiOperation({ summary: 'One of your Kroger carts by id (partner tier; 501 on the public tier)' })
  @Returns(200, Cart)
  @ProblemResponses(400, 404, 501, 502, 503)
  getCartById(
    @CurrentPrincipal() principal: Principal,
    @Param('cartId', { schema: CartIdParam }) cartId: string,
  ): Promise<Cart> {
    return this.carts.viewCart(principal.userId, cartId);
  }

  @Put(':cartId')
  @Authenticated('cart:write')
  @ApiOperation({
    summary: 'Change quantities and options of items already in one cart (partner tier; 501 on the public tier)',
  })
  @Returns(200, Cart)
  @ProblemResponses(400, 404, 409, 501, 502, 503)
  updateCart(
    @CurrentPrincipal() principal: Principal,
    @Param('cartId', { schema: CartIdParam }) cartId: string,
    @Body({ schema: UpdateCartRequest }) body: UpdateCartRequest,
  ): Promise<Cart> {
    return this.carts.updateCart(principal.userId, cartId, body.items);
  }

  @Put('items/:upc')
  @Authenticated('cart:write')
  @ApiOperation({
    summary: 'Change the quantity, modality or options of a cart item (partner tier; 501 on the public tier)',
  })
  @Returns(200, Cart)
  @ProblemResponses(400, 404, 501, 502, 503)
  updateCartItem(
    @CurrentPrincipal() principal: Principal,
    @Param('upc', { schema: ProductId }) upc: string,
    @Body({ schema: UpdateCartItemRequest }) body: UpdateCartItemRequest,
  ): Promise<Cart> {
    return this.carts.update(principal.userId, upc, body);
  }

  @Delete('items/:upc')
  @Authenticated('cart:write')
  @ApiOperation({ summary: 'Remove a cart item (partner tier; 501 on the public tier)' })
  @Returns(200, Cart)
  @ProblemResponses(400, 404, 501, 502, 503)
  removeCartItem(
    @CurrentPrincipal() principal: Principal,
    @Param('upc', { schema: ProductId }) upc: string,
  ): Promise<Cart> {
    return this.carts.remove(principal.userId, upc);
  }
}
