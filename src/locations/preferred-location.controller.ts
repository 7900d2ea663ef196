import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Returns } from '../common/contract/returns.decorator';
import { NotFoundError } from '../common/errors/domain-error';
import { ProblemResponses } from '../common/errors/problem-responses';
import { PreferredLocation, SetPreferredLocationRequest } from './locations.contract';
import { PreferredLocationService } from './preferred-location.service';

@ApiTags('me')
@Controller('api/v1/me/preferred-location')
export class PreferredLocationController {
  constructor(private readonly preferred: PreferredLocationService) {}

  @Get()
  @Authenticated('read')
  @ApiOperation({ summary: 'Your preferred store: the default for prices, aisles and stock' })
  @Returns(200, PreferredLocation)
  @ProblemResponses(404)
  async getPreferredLocation(@CurrentPrincipal() principal: Principal): Promise<PreferredLocation> {
    const found = await this.preferred.get(principal.userId);
    if (!found) throw new NotFoundError('Preferred location', 'No preferred store is set; PUT one.');
    return found;
  }

  @Put()
  @Authenticated('profile:write')
  @ApiOperation({
    summary: 'Set your preferred store (checked with Kroger)',
    description:
      'An unknown id is 422 location.not_found; a non-retail location (a fulfilment shed) is 422 location.not_a_store.',
  })
  @Returns(200, PreferredLocation)
  @ProblemResponses(400, 422, 503)
  setPreferredLocation(
    @CurrentPrincipal() principal: Principal,
    @Body({ schema: SetPreferredLocationRequest }) body: { locationId: string },
  ): Promise<PreferredLocation> {
    return this.preferred.set(principal.userId, body.locationId);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated('profile:write')
  @ApiOperation({ summary: 'Forget your preferred store' })
  @Returns(204)
  async clearPreferredLocation(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.preferred.clear(principal.userId);
  }
}
