import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig, KrogerApiTier } from '../config/app-config';
import { KrogerFeatureName } from '../config/kroger-features';
import { DomainError } from './errors/domain-error';

/**
 * Which of Kroger's tiers this deployment uses, and the gate for partner-only operations: the
 * public tier answers them honestly (501) instead of pretending, with one message for every
 * feature saying what the operation needs and what the public tier does offer.
 */
@Injectable()
export class TierGate {
  readonly tier: KrogerApiTier;
  private readonly features: KrogerFeatureName[];

  constructor(config: ConfigService<AppConfig, true>) {
    this.tier = config.get('kroger.tier', { infer: true });
    this.features = config.get('kroger.features', { infer: true });
  }

  /**
   * requirePartner, then `feature.disabled` (501) when operators left the feature out of
   * KROGER_PARTNER_FEATURES: linking did not ask Kroger for its scopes, so Kroger would refuse.
   */
  requireFeature(feature: KrogerFeatureName, what: string): void {
    this.requirePartner(what);
    if (this.offers(feature)) return;
    throw new DomainError(
      'feature.disabled',
      501,
      'Feature not enabled',
      `${what} is not enabled on this deployment (KROGER_PARTNER_FEATURES).`,
    );
  }

  get isPartner(): boolean {
    return this.tier === 'partner';
  }

  /** Whether this deployment offers the feature (a partner one only on the partner tier and when enabled). */
  offers(feature: KrogerFeatureName): boolean {
    return this.features.includes(feature);
  }

  /** Throws `tier.partner_required` on the public tier; `what` names the operation ("Coupons"). */
  requirePartner(what: string): void {
    if (this.isPartner) return;
    throw new DomainError(
      'tier.partner_required',
      501,
      'Needs the Kroger partner tier',
      `${what} needs Kroger's partner APIs (KROGER_API_TIER=partner). This deployment uses the public tier, ` +
        'which offers products, stores, adding items to a cart and the profile id.',
    );
  }
}
