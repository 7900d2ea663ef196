import { Body, Controller, Get, Inject, Put, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service';
import { Returns } from '../common/contract/returns.decorator';
import { ProblemResponses } from '../common/errors/problem-responses';
import { LogLevels } from '../common/logging/log-levels';
import { requestIdOf } from '../common/request-id';
import { AdminKeyGuard } from './admin-key.guard';
import { LogLevelSettings, SetLogLevelsRequest } from './log-levels.contract';

/** Operators turn one module's logging up (or down) while a problem is happening, without a restart. */
@ApiTags('admin')
@ApiSecurity('admin-key')
@UseGuards(AdminKeyGuard)
@Controller('api/v1/admin/log-levels')
export class LogLevelsController {
  constructor(
    @Inject(LogLevels) private readonly levels: LogLevels,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: "This instance's log levels: the default and per module" })
  @Returns(200, LogLevelSettings)
  @ProblemResponses(401, 403)
  getLogLevels(): LogLevelSettings {
    return this.levels.current();
  }

  @Put()
  @ApiOperation({
    summary:
      'Change log levels on the instance that answers, until it restarts (audited); set each instance behind a balancer',
  })
  @Returns(200, LogLevelSettings)
  @ProblemResponses(400, 401, 403)
  async setLogLevels(
    @Body({ schema: SetLogLevelsRequest }) body: SetLogLevelsRequest,
    @Req() req: Request,
  ): Promise<LogLevelSettings> {
    const settings = this.levels.update(body);
    await this.audit.record('log_levels.changed', { detail: { ...body }, requestId: requestIdOf(req) });
    return settings;
  }
}
