import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { Profile, ProfileQuery } from './identity.contract';
import { IdentityService } from './identity.service';

@ApiTags('me')
@Controller('api/v1/me/profile')
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  @Get()
  @Authenticated('read')
  @ApiOperation({
    summary: 'Your Kroger profile (the id; on the partner tier also name, email and the masked loyalty card)',
  })
  @Returns(200, Profile)
  @ProblemResponses(400, 502, 503)
  getProfile(
    @CurrentPrincipal() principal: Principal,
    @Query({ schema: ProfileQuery }) query: ProfileQuery,
  ): Promise<Profile> {
    return this.identity.profile(principal, query.revealLoyaltyCard === true);
  }
}
