import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Cron } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config';
import { OAuthArtifactRepository } from './oauth-artifact.repository';

/**
 * Deletes expired authorization-server artifacts (codes, tokens, interactions, sessions, and clients
 * unused for MCP_OAUTH_CLIENT_IDLE_DAYS) in batches; lookups already ignore them.
 */
@Injectable()
export class OAuthArtifactPurgeJob {
  private readonly logger = new Logger('OAuthArtifactPurge');
  private readonly enabled: boolean;

  constructor(
    private readonly artifacts: OAuthArtifactRepository,
    config: ConfigService<AppConfig, true>,
  ) {
    this.enabled = config.get('jobsEnabled', { infer: true });
  }

  @Cron('47 * * * *', { name: 'oauth-artifact-purge' })
  async run(): Promise<void> {
    if (!this.enabled) return;
    try {
      const purged = await this.artifacts.deleteExpiredBefore(new Date());
      if (purged > 0) this.logger.log(`Purged ${purged} expired OAuth artifacts`);
    } catch (error) {
      this.logger.error({ err: error }, 'Purging OAuth artifacts failed');
    }
  }
}
