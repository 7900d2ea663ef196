import { Body, Controller, Delete, Get, Headers, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ValidationError } from '../common/errors/domain-error';
import { ProblemResponses } from '../common/errors/problem-responses';
import { IdempotencyService } from '../common/idempotency.service';
import { requestIdOf } from '../common/request-id';
import { CartsService } from './carts.service';
import { AddCartItemsRequest, AddCartItemsResultDto, CartDto, UpdateCartItemRequest } from './dto/cart.dto';

function checkUpc(upc: string): void {
  if (!/^\d{13}$/.test(upc))
    throw new ValidationError([{ field: 'upc', rule: 'matches', message: 'upc must be 13 digits' }]);
}

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
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key and body: the first answer again, no second add. Same key, other body: 422',
  })
  @ApiCreatedResponse({ type: AddCartItemsResultDto })
  @ProblemResponses(400, 401, 403, 422, 429, 502, 503)
  async addItems(
    @CurrentPrincipal() principal: Principal,
    @Body() body: AddCartItemsRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const result = await this.idempotency.run(principal.userId, key, body, async () => ({
      status: 201,
      body: await this.carts.add(principal.userId, body.items, 'rest', requestIdOf(req), key),
    }));
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get()
  @Authenticated('read')
  @ApiOperation({ summary: 'The cart: the real Kroger cart (partner tier) or what this app added (public tier)' })
  @ApiOkResponse({ type: CartDto })
  viewCart(@CurrentPrincipal() principal: Principal): Promise<CartDto> {
    return this.carts.view(principal.userId);
  }

  @Put('items/:upc')
  @Authenticated('cart:write')
  @ApiOperation({ summary: 'Change the quantity (or modality) of a cart item (partner tier; 501 on the public tier)' })
  @ApiOkResponse({ type: CartDto })
  @ProblemResponses(400, 404, 429, 501)
  updateItem(
    @CurrentPrincipal() principal: Principal,
    @Param('upc') upc: string,
    @Body() body: UpdateCartItemRequest,
  ): Promise<CartDto> {
    checkUpc(upc);
    return this.carts.update(principal.userId, upc, body.quantity, body.modality);
  }

  @Delete('items/:upc')
  @Authenticated('cart:write')
  @ApiOperation({ summary: 'Remove a cart item (partner tier; 501 on the public tier)' })
  @ApiOkResponse({ type: CartDto })
  @ProblemResponses(400, 404, 429, 501)
  removeItem(@CurrentPrincipal() principal: Principal, @Param('upc') upc: string): Promise<CartDto> {
    checkUpc(upc);
    return this.carts.remove(principal.userId, upc);
  }
}
