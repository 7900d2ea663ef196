import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service';
import { PageQuery, pageLocally } from '../common/contract/pagination';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { requestIdOf } from '../common/request-id';
import { ReadCache } from '../kroger/cache/read-cache';
import { KrogerBreakers } from '../kroger/circuit-breaker';
import { KrogerApi, QuotaLedger } from '../kroger/quota-ledger';
import { AdminKeyGuard } from './admin-key.guard';
import {
  BreakerApi,
  BreakerStatus,
  CACHE_FLUSH_LIMIT,
  FlushKrogerCacheRequest,
  KrogerCacheFlush,
  QuotaLedgerView,
} from './admin.contract';

/** The gateway's operator knobs: breakers, the quota ledger, the read cache. */
@ApiTags('admin')
@ApiSecurity('admin-key')
@UseGuards(AdminKeyGuard)
@Controller('api/v1/admin/kroger')
export class AdminKrogerController {
  constructor(
    private readonly breakers: KrogerBreakers,
    private readonly quotas: QuotaLedger,
    private readonly cache: ReadCache,
    private readonly audit: AuditService,
  ) {}

  @Post('breakers/:api/reset')
  @HttpCode(200)
  @ApiOperation({
    summary: "Close one Kroger API's circuit breaker (audited)",
    description:
      "Breakers are per instance (each counts the failures it saw), so this closes the breaker of the instance that answers; behind a load balancer, send it to each instance or let the others' breakers probe after their cooldown.",
  })
  @Returns(200, BreakerStatus)
  @ProblemResponses(400, 401, 403)
  async resetKrogerBreaker(
    @Param('api', { schema: BreakerApi }) api: KrogerApi,
    @Req() req: Request,
  ): Promise<BreakerStatus> {
    const before = this.statusOf(api);
    this.breakers.reset(api);
    await this.audit.record('admin.breaker_reset', {
      detail: { api, from: before.state },
      requestId: requestIdOf(req),
    });
    return this.statusOf(api);
  }

  @Get('quotas')
  @ApiOperation({
    summary: "Kroger's daily quota ledger per API: used, remaining, window end (shared by all instances)",
  })
  @Returns(200, QuotaLedgerView)
  @ProblemResponses(400, 401, 403)
  getKrogerQuotas(@Query({ schema: PageQuery }) query: PageQuery): QuotaLedgerView {
    return pageLocally(this.quotas.budgets(), query);
  }

  @Post('cache/flush')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Drop cached Kroger answers whose key starts with a prefix (audited)',
    description: `At most ${CACHE_FLUSH_LIMIT} keys per request (Redis is walked with SCAN, never KEYS); \`complete: false\` asks for another request.`,
  })
  @Returns(200, KrogerCacheFlush)
  @ProblemResponses(400, 401, 403)
  async flushKrogerCache(
    @Body({ schema: FlushKrogerCacheRequest }) body: FlushKrogerCacheRequest,
    @Req() req: Request,
  ): Promise<KrogerCacheFlush> {
    const flushed = await this.cache.flush(body.prefix, CACHE_FLUSH_LIMIT);
    await this.audit.record('admin.cache_flushed', {
      detail: { prefix: body.prefix, ...flushed },
      requestId: requestIdOf(req),
    });
    return flushed;
  }

  private statusOf(api: KrogerApi): BreakerStatus {
    return this.breakers.statuses().find((status) => status.api === api)!;
  }
}
