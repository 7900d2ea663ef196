import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Cron } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { LoginCodeRepository } from './login-code.repository';
import { OAuthStateRepository } from './oauth-state.repository';
import { SessionRepository } from './session.repository';
import { ReauthTicketRepository } from './reauth-ticket.repository';

const DAY_MS = 86_400_000;

/**
 * Deletes what only matters for minutes: started logins, one-time codes, refresh successors kept for the
 * grace window; and long-dead refresh tokens.
 */
@Injectable()
export class AuthHousekeepingJob {
  private readonly logger = new Logger('AuthHousekeeping');
  private readonly enabled: boolean;

  constructor(
    private readonly states: OAuthStateRepository,
    private readonly codes: LoginCodeRepository,
    private readonly sessions: SessionRepository,
    private readonly reauthTickets: ReauthTicketRepository,
    config: ConfigService<AppConfig, true>,
  ) {
    this.enabled = config.get('jobsEnabled', { infer: true });
  }

  @Cron('41 * * * *', { name: 'auth-housekeeping' })
  async run(): Promise<void> {
    if (!this.enabled) return;
    try {
      const counts = await this.purge(new Date(Date.now() - DAY_MS));
      // Sealed successors matter only for the refresh grace window (seconds); most are cleared sooner.
      const successors = await this.sessions.forgetSuccessorsUsedBefore(new Date(Date.now() - 60_000));
      if (counts.states + counts.codes + counts.refreshTokens + counts.reauthTickets + successors > 0)
        this.logger.log(`Purged ${JSON.stringify({ ...counts, successors })}`);
    } catch (error) {
      this.logger.error({ err: error }, 'Housekeeping failed');
    }
  }

  async purge(
    olderThan: Date,
  ): Promise<{ states: number; codes: number; refreshTokens: number; reauthTickets: number }> {
    const states = await this.states.deleteExpiredBefore(olderThan);
    const codes = await this.codes.deleteExpiredBefore(olderThan);
    const refreshTokens = await this.sessions.deleteRefreshTokensExpiredBefore(olderThan);
    const reauthTickets = await this.reauthTickets.deleteExpiredBefore(olderThan);
    return { states, codes, refreshTokens, reauthTickets };
  }
}
