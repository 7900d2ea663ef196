import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Cron } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';

const DAY_MS = 86_400_000;

/** Deletes what only matters for minutes: started logins, one-time codes; and long-dead refresh tokens. */
@Injectable()
export class AuthHousekeepingJob {
  private readonly logger = new Logger('AuthHousekeeping');
  private readonly enabled: boolean;

  constructor(
    private readonly prisma: PrismaService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.enabled = config.get('jobsEnabled', { infer: true });
  }

  @Cron('41 * * * *', { name: 'auth-housekeeping' })
  async run(): Promise<void> {
    if (!this.enabled) return;
    try {
      const counts = await this.purge(new Date(Date.now() - DAY_MS));
      if (counts.states + counts.codes + counts.refreshTokens > 0) this.logger.log(`Purged ${JSON.stringify(counts)}`);
    } catch (error) {
      this.logger.error({ err: error }, 'Housekeeping failed');
    }
  }

  async purge(olderThan: Date): Promise<{ states: number; codes: number; refreshTokens: number }> {
    const states = await this.prisma.oAuthState.deleteMany({ where: { expiresAt: { lt: olderThan } } });
    const codes = await this.prisma.loginCode.deleteMany({ where: { expiresAt: { lt: olderThan } } });
    const refreshTokens = await this.prisma.refreshToken.deleteMany({ where: { expiresAt: { lt: olderThan } } });
    return { states: states.count, codes: codes.count, refreshTokens: refreshTokens.count };
  }
}
