import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/bearer.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { LoyaltyCard, LoyaltyQuery, Profile, ProfileQuery } from './identity.contract';
import { IdentityService } from './identity.service';

@ApiTags('me')
@Controller('api/v1/me')
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  @Get('profile')
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

  @Get('loyalty')
  @Authenticated('read')
  @ApiOperation({ summary: 'Your loyalty card (partner tier; masked unless revealed with loyalty:reveal)' })
  @Returns(200, LoyaltyCard)
  @ProblemResponses(400, 403, 501, 502, 503)
  async getLoyaltyCard(
    @CurrentPrincipal() principal: Principal,
    @Query({ schema: LoyaltyQuery }) query: LoyaltyQuery,
  ): Promise<LoyaltyCard> {
    return { loyaltyCard: (await this.identity.loyaltyCard(principal, query.reveal === true)) ?? null };
  }
}
