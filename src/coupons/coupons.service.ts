import { Injectable } from '@nestjs/common';
import { KrogerUserTokens } from '../auth/kroger-user-tokens';
import { TierGate } from '../common/tier-gate';
import { NotFoundError } from '../common/errors/domain-error';
import { KrogerClient } from '../kroger/kroger-client';
import { KrogerPartnerClient } from '../kroger/kroger-partner-client';
import { Coupon } from './coupons.contract';
import { KrogerError } from '../kroger/kroger-error';
import { KrogerCoupon } from '../kroger/kroger-types';
import { LocationsService } from '../locations/locations.service';

export interface CouponFilter {
  locationId?: string;
  productId?: string;
  merchant?: string;
  channels?: string;
}

/** Partner-tier digital coupons (KROGER_API.md §7.1; Kroger publishes no schema: the model is ours). */
@Injectable()
export class CouponsService {
  constructor(
    private readonly kroger: KrogerClient,
    private readonly partner: KrogerPartnerClient,
    private readonly tokens: KrogerUserTokens,
    private readonly tiers: TierGate,
    private readonly locations: LocationsService,
  ) {}

  async list(userId: string, filter: CouponFilter): Promise<Coupon[]> {
    this.tiers.requireFeature('coupons', 'Coupons');
    if (filter.locationId) await this.locations.requireStore(filter.locationId);
    const [coupons, clipped] = await Promise.all([
      this.kroger.listCoupons(filter),
      this.tokens.withUserToken(userId, (auth) => this.partner.listClippedCouponIds(auth)),
    ]);
    const onCard = new Set(clipped);
    return coupons.map((c) => toDto({ ...c, clipped: onCard.has(c.couponId) }));
  }

  async clip(userId: string, couponId: string): Promise<void> {
    this.tiers.requireFeature('coupons', 'Clipping coupons');
    await this.onCoupon(userId, couponId, (auth) => this.kroger.clipCoupon(auth, couponId));
  }

  async unclip(userId: string, couponId: string): Promise<void> {
    this.tiers.requireFeature('coupons', 'Removing coupons');
    await this.onCoupon(userId, couponId, (auth) => this.kroger.unclipCoupon(auth, couponId));
  }

  private async onCoupon(
    userId: string,
    couponId: string,
    change: (auth: Parameters<KrogerClient['clipCoupon']>[0]) => Promise<void>,
  ): Promise<void> {
    try {
      await this.tokens.withUserToken(userId, change);
    } catch (error) {
      if (error instanceof KrogerError && error.failure === 'not_found')
        throw new NotFoundError('Coupon', `Kroger has no coupon ${couponId}.`);
      throw error;
    }
  }
}

function toDto(coupon: KrogerCoupon): Coupon {
  return { ...coupon };
}
