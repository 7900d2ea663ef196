import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig, KrogerApiTier, KrogerEnvironment } from '../config/app-config';

export interface KrogerEnvironmentDescription {
  environment: KrogerEnvironment;
  /** `sandbox`: the local simulator, not Kroger. */
  mode: 'sandbox' | 'real';
  tier: KrogerApiTier;
  baseUrl: string | null;
}

/** Which Kroger this deployment talks to; shown at start-up, in readiness and in the API docs. */
@Injectable()
export class KrogerEnvironmentInfo {
  private baseUrl: string | undefined;

  constructor(@Inject(ConfigService) private readonly config: ConfigService<AppConfig, true>) {
    this.baseUrl = config.get('kroger.baseUrl', { infer: true });
  }

  /** Set once the in-process sandbox has a port. */
  useBaseUrl(baseUrl: string): void {
    this.baseUrl = baseUrl;
  }

  describe(): KrogerEnvironmentDescription {
    const kroger = this.config.get('kroger', { infer: true });
    return {
      environment: kroger.environment,
      mode: kroger.environment === 'sandbox' ? 'sandbox' : 'real',
      tier: kroger.tier,
      baseUrl: this.baseUrl ?? null,
    };
  }
}

export function describeForHumans(env: { environment: KrogerEnvironment }): string {
  return env.environment === 'sandbox'
    ? 'Kroger sandbox: a local simulator, NOT talking to Kroger'
    : `Kroger ${env.environment}`;
}
