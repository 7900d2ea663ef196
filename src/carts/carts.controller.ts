import { Body, Controller, Delete, Get, Headers, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { IDEMPOTENT_REPLAYED } from '../common/contract/response-headers';
import { Returns } from '../common/contract/returns.decorator';
import { ProductId } from '../common/contract/values';
import { ProblemResponses } from '../common/errors/problem-responses';
import { IdempotencyKeyHeader, sendStoredAnswer } from '../common/idempotency-http';
import { IdempotencyService } from '../common/idempotency.service';
import { requestIdOf } from '../common/request-id';
import {
  AddCartItemsRequest,
  AddCartItemsResult,
  Cart,
  CartIdParam,
  CartItemKey,
  CartItemPage,
  CheckedOutCart,
  ListCartItemsQuery,
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
  @IdempotencyKeyHeader('Same key and body: the first answer again, no second add. Same key, other body: 422')
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
    return sendStoredAnswer(res, result);
  }

  // Declared before GET :cartId, which would otherwise take `items` for a cart id.
  @Get('items')
  @Authenticated('read')
  @ApiOperation({
    summary: "The cart's lines, newest first, page by page, with totals",
    description:
      'Public tier: the cart ledger (what this app added; Kroger cannot read the cart back), paged by cursor because ' +
      'lines keep arriving; `ledger=previous` reads the ledger the latest checkout closed. Partner tier: the real Kroger cart.',
  })
  @Returns(200, CartItemPage)
  @ProblemResponses(400, 501, 502, 503)
  listCartItems(
    @CurrentPrincipal() principal: Principal,
    @Query({ schema: ListCartItemsQuery }) query: ListCartItemsQuery,
  ): Promise<CartItemPage> {
    return this.carts.listItems(principal.userId, query);
  }

  @Post('checked-out')
  @Authenticated('cart:write')
  @ApiOperation({
    summary: 'Say the cart was checked out on Kroger’s site: the ledger is closed and a new one starts (public tier)',
    description:
      'Closes the current cart ledger (readable afterwards with GET /api/v1/cart/items?ledger=previous). Nothing ' +
      'is sent to Kroger. With an empty ledger it changes nothing and answers `lines: 0`, so a repeat is harmless. ' +
      'An add that races it lands in the closed ledger or in the new one. Partner tier: 501 cart.ledger_unavailable ' +
      '(Kroger empties the real cart itself).',
  })
  @IdempotencyKeyHeader('Same key: the first answer again, without closing a second ledger')
  @Returns(200, CheckedOutCart, { headers: IDEMPOTENT_REPLAYED })
  @ProblemResponses(409, 422, 501)
  async markCartCheckedOut(
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    // The route is part of the fingerprint: a key once used for an add cannot replay as a checkout.
    const result = await this.idempotency.run(principal.userId, key, { checkedOut: true }, async () => ({
      status: 200,
      body: await this.carts.checkOut(principal.userId),
    }));
    return sendStoredAnswer(res, result);
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

  @Delete('items/:itemId')
  @Authenticated('cart:write')
  @ApiOperation({
    summary:
      'Remove a cart item: by UPC from the Kroger cart (partner tier), or a ledger line by ledgerId (public tier)',
    description:
      'Partner tier: `itemId` is the 13-digit UPC and the item leaves the real Kroger cart. Public tier: `itemId` is ' +
      "a line's ledgerId, for an item the user removed on Kroger's site: only the ledger forgets it, because Kroger's " +
      "public cart API cannot remove anything (no Kroger call is made). Another user's line is 404. A UPC on the public " +
      'tier is 501 tier.partner_required; a ledgerId on the partner tier is 501 cart.ledger_unavailable.',
  })
  @Returns(200, Cart)
  @ProblemResponses(400, 404, 501, 502, 503)
  removeCartItem(
    @CurrentPrincipal() principal: Principal,
    @Param('itemId', { schema: CartItemKey }) itemId: string,
  ): Promise<Cart> {
    return this.carts.remove(principal.userId, itemId.toLowerCase());
  }
}
