import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { pageLocally } from '../common/contract/pagination';
import { CouponId, CouponList, CouponQuery } from './coupons.contract';
import { CouponsService } from './coupons.service';

@ApiTags('coupons')
@Controller('api/v1')
export class CouponsController {
  constructor(private readonly coupons: CouponsService) {}

  @Get('coupons')
  @Authenticated('read')
  @ApiOperation({ summary: 'Digital coupons, with which are on your card (partner tier; 501 on the public tier)' })
  @Returns(200, CouponList)
  @ProblemResponses(400, 422, 501, 502, 503)
  async listCoupons(
    @CurrentPrincipal() principal: Principal,
    @Query({ schema: CouponQuery }) query: CouponQuery,
  ): Promise<CouponList> {
    // Kroger answers with every matching coupon at once: paged here.
    return pageLocally(await this.coupons.list(principal.userId, query), query);
  }

  @Post('me/coupons/:couponId')
  @HttpCode(204)
  @Authenticated('cart:write')
  @ApiOperation({ summary: 'Clip a coupon to your loyalty card (partner tier)' })
  @Returns(204)
  @ProblemResponses(400, 404, 501, 502, 503)
  async clipCoupon(
    @CurrentPrincipal() principal: Principal,
    @Param('couponId', { schema: CouponId }) couponId: string,
  ): Promise<void> {
    await this.coupons.clip(principal.userId, couponId);
  }

  @Delete('me/coupons/:couponId')
  @HttpCode(204)
  @Authenticated('cart:write')
  @ApiOperation({ summary: 'Remove a coupon from your loyalty card (partner tier)' })
  @Returns(204)
  @ProblemResponses(400, 404, 501, 502, 503)
  async unclipCoupon(
    @CurrentPrincipal() principal: Principal,
    @Param('couponId', { schema: CouponId }) couponId: string,
  ): Promise<void> {
    await this.coupons.unclip(principal.userId, couponId);
  }
}
