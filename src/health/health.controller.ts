import { Controller, Get, HttpCode, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/app-config';
import { DatabaseProbe } from '../database/database-probe';
import { listMigrationNames } from '../database/migrator';
import { KrogerEnvironmentInfo } from '../kroger/kroger-environment';
import { QuotaLedger } from '../kroger/quota-ledger';
import { Returns } from '../common/contract/returns.decorator';
import { Live, Readiness } from './health.contract';

@ApiTags('health')
@SkipThrottle()
@Controller('health')
export class HealthController {
  private readonly expectedMigrations = listMigrationNames();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseProbe,
    private readonly kroger: KrogerEnvironmentInfo,
    private readonly quotas: QuotaLedger,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  @Returns(200, Live)
  getLiveness(): Live {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ready to serve: database reachable and migrated; which Kroger it talks to' })
  @Returns(200, Readiness)
  @Returns(503, Readiness, { description: 'The database is down or not migrated' })
  async getReadiness(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const about = {
      version: this.config.get('version', { infer: true }),
      node: process.versions.node,
      kroger: this.kroger.describe(),
      krogerQuotas: this.quotas.budgets().filter((budget) => budget.limit !== null),
    };
    try {
      const result = await this.health.check([() => this.checkDatabase(), () => this.checkMigrations()]);
      return { ...about, status: result.status, checks: result.details };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as { status: string; details: Readiness['checks'] };
      res.status(503);
      return { ...about, status: result.status, checks: result.details };
    }
  }

  private checkDatabase() {
    const { kind } = this.database;
    return this.indicators
      .check('database')
      .attempt(async () => {
        await this.database.ping();
        return { kind };
      })
      .withTimeout(3000);
  }

  private checkMigrations() {
    return this.indicators
      .check('migrations')
      .attempt(async () => {
        const applied = new Set(await this.database.appliedMigrations());
        const pending = this.expectedMigrations.filter((name) => !applied.has(name));
        if (pending.length > 0) throw new Error(`pending migrations: ${pending.join(', ')}`);
        return { applied: this.expectedMigrations.length };
      })
      .withTimeout(3000);
  }
}
