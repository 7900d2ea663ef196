import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { ProblemResponses } from '../common/errors/problem-responses';
import { AdminKeyGuard } from './admin-key.guard';
import { KrogerEnvironmentInfo } from '../kroger/kroger-environment';
import { KrogerHttp } from '../kroger/kroger-http';
import { QuotaLedger } from '../kroger/quota-ledger';
import { ReadCache } from '../kroger/cache/read-cache';
import { AuditEventPageDto } from './dto/audit-event.dto';
import { KrogerStatusDto } from './dto/kroger-status.dto';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';

@ApiTags('admin')
@ApiSecurity('admin-key')
@UseGuards(AdminKeyGuard)
@Controller('api/v1/admin')
export class AdminController {
  constructor(
    private readonly audit: AuditService,
    private readonly kroger: KrogerEnvironmentInfo,
    private readonly http: KrogerHttp,
    private readonly quotas: QuotaLedger,
    private readonly cache: ReadCache,
  ) {}

  @Get('kroger')
  @ApiOperation({ summary: 'Kroger gateway: environment, circuit breakers, quota budgets, cache' })
  @ApiOkResponse({ type: KrogerStatusDto })
  @ProblemResponses(401, 403)
  krogerStatus(): KrogerStatusDto {
    return {
      environment: this.kroger.describe(),
      breakers: Object.entries(this.http.breakers).map(([api, breaker]) => {
        const snapshot = breaker.snapshot();
        return {
          api,
          state: snapshot.state,
          consecutiveFailures: snapshot.consecutiveFailures,
          retryAt: snapshot.retryAt ? new Date(snapshot.retryAt).toISOString() : null,
        };
      }),
      quotas: this.quotas.budgets(),
      cache: this.cache.stats(),
    };
  }

  @Get('audit-events')
  @ApiOperation({ summary: 'The audit trail, newest first' })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ProblemResponses(400, 401, 403)
  async listAuditEvents(@Query() query: ListAuditEventsQuery): Promise<AuditEventPageDto> {
    const events = await this.audit.list(query);
    return {
      data: events.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() })),
      nextBefore: events.length === query.limit ? (events.at(-1)?.id ?? null) : null,
    };
  }
}
