import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { KrogerBreakers } from '../kroger/circuit-breaker';
import { KrogerEnvironmentInfo } from '../kroger/kroger-environment';
import { QuotaLedger } from '../kroger/quota-ledger';
import { ReadCache } from '../kroger/cache/read-cache';
import { AdminKeyGuard } from './admin-key.guard';
import { AuditEventPage, KrogerStatus, ListAuditEventsQuery } from './admin.contract';

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
    const events = await this.audit.list(query);
    return {
      data: events.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() })),
      nextBefore: events.length === query.limit ? (events.at(-1)?.id ?? null) : null,
    };
  }
}
