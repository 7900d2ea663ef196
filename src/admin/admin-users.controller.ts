import { Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { requestIdOf } from '../common/request-id';
import { AdminKeyGuard } from './admin-key.guard';
import {
  AdminUser,
  AdminUserId,
  AdminUserPage,
  FindUsersQuery,
  ForcedLinkRefresh,
  RevokedAccess,
} from './admin.contract';
import { AdminUsersService } from './admin-users.service';

/** Operators find users, see why a Kroger link needs attention, refresh it, or cut off a user's access. */
@ApiTags('admin')
@ApiSecurity('admin-key')
@UseGuards(AdminKeyGuard)
@Controller('api/v1/admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'Find a user by our id or by Kroger profile id (zero or one result)' })
  @Returns(200, AdminUserPage)
  @ProblemResponses(400, 401, 403)
  findUsers(@Query({ schema: FindUsersQuery }) query: FindUsersQuery): Promise<AdminUserPage> {
    return this.users.find(query);
  }

  @Get(':userId')
  @ApiOperation({ summary: 'A user and their Kroger link: status, last refresh error, when the job tries again' })
  @Returns(200, AdminUser)
  @ProblemResponses(400, 401, 403, 404)
  getUser(@Param('userId', { schema: AdminUserId }) userId: string): Promise<AdminUser> {
    return this.users.get(userId);
  }

  @Post(':userId/kroger-link/refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: "Refresh a user's Kroger tokens now (audited)",
    description:
      'Takes the same row-locked path as the refresh job, so it never races the job or a request. A refused refresh marks the link REAUTH_REQUIRED.',
  })
  @Returns(200, ForcedLinkRefresh)
  @ProblemResponses(400, 401, 403, 404)
  refreshUserKrogerLink(
    @Param('userId', { schema: AdminUserId }) userId: string,
    @Req() req: Request,
  ): Promise<ForcedLinkRefresh> {
    return this.users.forceRefresh(userId, requestIdOf(req));
  }

  @Post(':userId/revoke-access')
  @HttpCode(200)
  @ApiOperation({
    summary: "End a user's sessions, personal access tokens and MCP grants on every instance (audited)",
    description: 'The Kroger link stays: the user can sign in again. To unlink Kroger, the user deletes the link.',
  })
  @Returns(200, RevokedAccess)
  @ProblemResponses(400, 401, 403, 404)
  revokeUserAccess(
    @Param('userId', { schema: AdminUserId }) userId: string,
    @Req() req: Request,
  ): Promise<RevokedAccess> {
    return this.users.revokeAccess(userId, requestIdOf(req));
  }
}
