import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ProblemResponses } from '../common/errors/problem-responses';
import { IdentityService, ProfileDto } from './identity.service';

@ApiTags('me')
@Controller('api/v1/me/profile')
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  @Get()
  @Authenticated('read')
  @ApiOperation({
    summary: 'Your Kroger profile (the id; on the partner tier also name, email and the masked loyalty card)',
  })
  @ApiQuery({
    name: 'revealLoyaltyCard',
    required: false,
    type: Boolean,
    description: 'Show the whole card number (needs the loyalty:reveal scope)',
  })
  @ApiOkResponse({ type: ProfileDto })
  @ProblemResponses(401, 403, 502)
  profile(@CurrentPrincipal() principal: Principal, @Query('revealLoyaltyCard') reveal?: string): Promise<ProfileDto> {
    return this.identity.profile(principal, reveal === 'true');
  }
}
