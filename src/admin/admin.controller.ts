import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { ProblemResponses } from '../common/errors/problem-responses';
import { AdminKeyGuard } from './admin-key.guard';
import { AuditEventPageDto } from './dto/audit-event.dto';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';

@ApiTags('admin')
@ApiSecurity('admin-key')
@UseGuards(AdminKeyGuard)
@Controller('api/v1/admin')
export class AdminController {
  constructor(private readonly audit: AuditService) {}

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
