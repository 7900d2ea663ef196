import { Controller, Get, Head, HttpCode, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminKeyGuard } from '../admin/admin-key.guard';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { KrogerProfileExists, KrogerProfileQuery } from './identity.contract';
import { IdentityService } from './identity.service';

/**
 * Whether an email has a Kroger profile (Kroger's profile-exists checks). Anyone who may ask can
 * enumerate accounts, so only operators may (X-Admin-Key), never a shopper's token or an anonymous caller.
 */
@ApiTags('admin')
@ApiSecurity('admin-key')
@UseGuards(AdminKeyGuard)
@Controller('api/v1/kroger-profiles')
export class KrogerProfilesController {
  constructor(private readonly identity: IdentityService) {}

  // HEAD first: Express answers HEAD with a GET route registered before it.
  @Head()
  @HttpCode(204)
  @ApiOperation({ summary: 'The same check without a body: 204 when the profile exists, 404 when not' })
  @ApiResponse({ status: 204, description: 'Kroger has a profile for this email' })
  @ApiResponse({ status: 404, description: 'Kroger has no profile for this email' })
  @ProblemResponses(400, 401, 403, 501, 502, 503)
  async headKrogerProfile(
    @Query({ schema: KrogerProfileQuery }) query: KrogerProfileQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    if (!(await this.identity.profileExists(query.email))) res.status(404);
  }

  @Get()
  @ApiOperation({ summary: 'Does Kroger have a profile for this email (operators; partner tier)' })
  @Returns(200, KrogerProfileExists)
  @ProblemResponses(400, 401, 403, 501, 502, 503)
  async getKrogerProfileExists(
    @Query({ schema: KrogerProfileQuery }) query: KrogerProfileQuery,
  ): Promise<KrogerProfileExists> {
    return { exists: await this.identity.profileExists(query.email) };
  }
}
