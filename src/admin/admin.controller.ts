import { Body, Controller, Delete, Get, Param, Put, Query, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { KrogerBreakers } from '../kroger/circuit-breaker';
import { KrogerEnvironmentInfo } from '../kroger/kroger-environment';
import { QuotaLedger } from '../kroger/quota-ledger';
import { ReadCache } from '../kroger/cache/read-cache';
import { AdminKeyGuard } from './admin-key.guard';
import { requestIdOf } from '../common/request-id';
import {
  AdminUserId,
  AuditEventPage,
  KrogerSpendPage,
  KrogerStatus,
  ListAuditEventsQuery,
  ListKrogerSpendQuery,
  SetKrogerShareRequest,
  UserKrogerSpend,
} from './admin.contract';
import { KrogerSpendAdminService } from './kroger-spend-admin.service';

@ApiTags('admin')
@ApiSecurity('admin-key')
@UseGuards(AdminKeyGuard)
@Controller('api/v1/admin')
export class AdminController {
  constructor(
    private readonly audit: AuditService,
    private readonly kroger: KrogerEnvironmentInfo,
    private readonly breakers: KrogerBreakers,
    private readonly quotas: QuotaLedger,
    private readonly cache: ReadCache,
    private readonly spend: KrogerSpendAdminService,
  ) {}

  @Get('kroger')
  @ApiOperation({ summary: 'Kroger gateway: environment, circuit breakers, quota budgets, cache' })
  @Returns(200, KrogerStatus)
  @ProblemResponses(401, 403)
  getKrogerStatus(): KrogerStatus {
    return {
      environment: this.kroger.describe(),
      breakers: this.breakers.statuses(),
      quotas: this.quotas.budgets(),
      cache: this.cache.stats(),
    };
  }

  @Get('audit-events')
  @ApiOperation({ summary: 'The audit trail, newest first' })
  @Returns(200, AuditEventPage)
  @ProblemResponses(400, 401, 403)
  async listAuditEvents(@Query({ schema: ListAuditEventsQuery }) query: ListAuditEventsQuery): Promise<AuditEventPage> {
    const limit = query.limit ?? 50;
    const events = await this.audit.list({ ...query, limit, before: query.cursor });
    return {
      data: events.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() })),
      pagination: { limit, next: events.length === limit ? (events.at(-1)?.id ?? null) : null },
    };
  }

  @Get('kroger-spend')
  @ApiOperation({ summary: "Kroger spend per user in their current windows, biggest first, with each one's allowance" })
  @Returns(200, KrogerSpendPage)
  @ProblemResponses(400, 401, 403)
  listKrogerSpend(@Query({ schema: ListKrogerSpendQuery }) query: ListKrogerSpendQuery): Promise<KrogerSpendPage> {
    return this.spend.biggestSpenders(query);
  }

  @Get('users/:userId/kroger-spend')
  @ApiOperation({ summary: "One user's Kroger spend per endpoint and per client, and their share" })
  @Returns(200, UserKrogerSpend)
  @ProblemResponses(400, 401, 403)
  getUserKrogerSpend(@Param('userId', { schema: AdminUserId }) userId: string): Promise<UserKrogerSpend> {
    return this.spend.ofUser(userId);
  }

  @Put('users/:userId/kroger-share')
  @ApiOperation({ summary: "Raise or lower one user's share of Kroger's daily quotas (audited)" })
  @Returns(200, UserKrogerSpend)
  @ProblemResponses(400, 401, 403, 404)
  setUserKrogerShare(
    @Param('userId', { schema: AdminUserId }) userId: string,
    @Body({ schema: SetKrogerShareRequest }) body: SetKrogerShareRequest,
    @Req() req: Request,
  ): Promise<UserKrogerSpend> {
    return this.spend.setShare(userId, body.sharePercent, requestIdOf(req));
  }

  @Delete('users/:userId/kroger-share')
  @ApiOperation({ summary: 'Give one user the default share again (audited)' })
  @Returns(200, UserKrogerSpend)
  @ProblemResponses(400, 401, 403)
  resetUserKrogerShare(
    @Param('userId', { schema: AdminUserId }) userId: string,
    @Req() req: Request,
  ): Promise<UserKrogerSpend> {
    return this.spend.resetShare(userId, requestIdOf(req));
  }
}
