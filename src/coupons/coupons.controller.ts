import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ValidationError } from '../common/errors/domain-error';
import { ProblemResponses } from '../common/errors/problem-responses';
import { LOCATION_ID, LOCATION_ID_MESSAGE } from '../locations/dto/location-queries';
import { CouponDto, CouponsService } from './coupons.service';

export class CouponQuery {
  @ApiPropertyOptional({ example: '01400943' })
  @IsOptional()
  @Matches(LOCATION_ID, { message: LOCATION_ID_MESSAGE })
  locationId?: string;
  @ApiPropertyOptional({ example: '0001111041700' })
  @IsOptional()
  @Matches(/^\d{13}$/, { message: 'productId must be 13 digits' })
  productId?: string;
  @ApiPropertyOptional({ example: 'KROGER' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9 ']{2,40}$/, { message: 'merchant must be a chain name' })
  merchant?: string;
  @ApiPropertyOptional({ enum: ['instore', 'online'] })
  @IsOptional()
  @IsIn(['instore', 'online'], { message: 'channels must be instore or online' })
  channels?: string;
}

const checkCouponId = (id: string) => {
  if (!/^[A-Za-z0-9-]{1,40}$/.test(id))
    throw new ValidationError([
      { field: 'couponId', rule: 'matches', message: 'couponId must be letters, digits or -' },
    ]);
};

@ApiTags('coupons')
@Controller('api/v1')
export class CouponsController {
  constructor(private readonly coupons: CouponsService) {}

  @Get('coupons')
  @Authenticated('read')
  @ApiOperation({ summary: 'Digital coupons, with which are on your card (partner tier; 501 on the public tier)' })
  @ApiOkResponse({ type: [CouponDto] })
  @ProblemResponses(400, 501)
  list(@CurrentPrincipal() principal: Principal, @Query() query: CouponQuery): Promise<CouponDto[]> {
    return this.coupons.list(principal.userId, query);
  }

  @Post('me/coupons/:couponId')
  @HttpCode(204)
  @Authenticated('cart:write')
  @ApiOperation({ summary: 'Clip a coupon to your loyalty card (partner tier)' })
  @ProblemResponses(400, 404, 501)
  async clip(@CurrentPrincipal() principal: Principal, @Param('couponId') couponId: string): Promise<void> {
    checkCouponId(couponId);
    await this.coupons.clip(principal.userId, couponId);
  }

  @Delete('me/coupons/:couponId')
  @HttpCode(204)
  @Authenticated('cart:write')
  @ApiOperation({ summary: 'Remove a coupon from your loyalty card (partner tier)' })
  @ProblemResponses(400, 404, 501)
  async unclip(@CurrentPrincipal() principal: Principal, @Param('couponId') couponId: string): Promise<void> {
    checkCouponId(couponId);
    await this.coupons.unclip(principal.userId, couponId);
  }
}
