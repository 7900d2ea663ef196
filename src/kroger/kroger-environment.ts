import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig, KrogerApiTier, KrogerEnvironment } from '../config/app-config';
import type { KrogerConnection } from './kroger-connection';
import { KROGER_CONNECTION } from './kroger.tokens';

export interface KrogerEnvironmentDescription {
  environment: KrogerEnvironment;
  /** `sandbox`: the local simulator, not Kroger. */
  mode: 'sandbox' | 'real';
  tier: KrogerApiTier;
  baseUrl: string;
  /** True when the sandbox runs inside this process. */
  embeddedSandbox: boolean;
}

/** Which Kroger this deployment talks to; shown at start-up, in readiness and in the API docs. */
@Injectable()
export class KrogerEnvironmentInfo {
  constructor(
    @Inject(ConfigService) private readonly config: ConfigService<AppConfig, true>,
    @Inject(KROGER_CONNECTION) private readonly connection: KrogerConnection,
  ) {}

  describe(): KrogerEnvironmentDescription {
    const kroger = this.config.get('kroger', { infer: true });
    return {
      environment: kroger.environment,
      mode: kroger.environment === 'sandbox' ? 'sandbox' : 'real',
      tier: kroger.tier,
      baseUrl: this.connection.baseUrl,
      embeddedSandbox: Boolean(this.connection.embeddedSandbox),
    };
  }
}

export function describeForHumans(env: { environment: KrogerEnvironment }): string {
  return env.environment === 'sandbox'
    ? 'Kroger sandbox: a local simulator, NOT talking to Kroger'
    : `Kroger ${env.environment}`;
}
