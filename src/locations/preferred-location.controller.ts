import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { NotFoundError } from '../common/errors/domain-error';
import { ProblemResponses } from '../common/errors/problem-responses';
import { SetPreferredLocationRequest } from './dto/location-queries';
import { PreferredLocationDto } from './dto/store.dto';
import { PreferredLocationService } from './preferred-location.service';

@ApiTags('me')
@Controller('api/v1/me/preferred-location')
export class PreferredLocationController {
  constructor(private readonly preferred: PreferredLocationService) {}

  @Get()
  @Authenticated('read')
  @ApiOperation({ summary: 'Your preferred store: the default for prices, aisles and stock' })
  @ApiOkResponse({ type: PreferredLocationDto })
  @ProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal): Promise<PreferredLocationDto> {
    const found = await this.preferred.get(principal.userId);
    if (!found) throw new NotFoundError('Preferred location', 'No preferred store is set; PUT one.');
    return found;
  }

  @Put()
  @Authenticated('read')
  @ApiOperation({ summary: 'Set your preferred store (checked with Kroger)' })
  @ApiOkResponse({ type: PreferredLocationDto })
  @ProblemResponses(400, 422)
  set(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SetPreferredLocationRequest,
  ): Promise<PreferredLocationDto> {
    return this.preferred.set(principal.userId, body.locationId);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated('read')
  @ApiOperation({ summary: 'Forget your preferred store' })
  async clear(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.preferred.clear(principal.userId);
  }
}
