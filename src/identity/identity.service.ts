import { Injectable } from '@nestjs/common';
import { KrogerUserTokens } from '../auth/kroger-user-tokens';
import { Principal } from '../auth/principal';
import { insufficientScope } from '../auth/auth-errors';
import { KrogerClient } from '../kroger/kroger-client';
import { KrogerPartnerClient } from '../kroger/kroger-partner-client';
import { Profile } from './identity.contract';
import { TierGate } from '../common/tier-gate';

export function maskCard(card: string): string {
  return `${'•'.repeat(Math.max(0, card.length - 4))}${card.slice(-4)}`;
}

/** The Kroger profile of the signed-in user; the loyalty card stays masked unless asked for with the scope. */
@Injectable()
export class IdentityService {
  constructor(
    private readonly kroger: KrogerClient,
    private readonly partner: KrogerPartnerClient,
    private readonly tokens: KrogerUserTokens,
    private readonly tiers: TierGate,
  ) {}

  async profile(principal: Principal, reveal = false): Promise<Profile> {
    if (reveal && !principal.scopes.includes('loyalty:reveal')) throw insufficientScope('loyalty:reveal');
    const profile = await this.tokens.withUserToken(principal.userId, (auth) => this.kroger.getProfile(auth));
    if (!this.tiers.isPartner) return { profileId: profile.id, tier: 'public' };
    const card = profile.loyaltyCardNumber;
    return {
      profileId: profile.id,
      firstName: profile.firstName,
      lastName: profile.lastName,
      email: profile.email,
      loyaltyCard: card ? (reveal ? card : maskCard(card)) : undefined,
      tier: 'partner',
    };
  }

  async loyaltyCard(principal: Principal, reveal = false): Promise<string | undefined> {
    this.tiers.requireFeature('loyalty', 'The loyalty card');
    if (reveal && !principal.scopes.includes('loyalty:reveal')) throw insufficientScope('loyalty:reveal');
    const card = await this.tokens.withUserToken(principal.userId, (auth) => this.kroger.getLoyaltyCard(auth));
    return card && !reveal ? maskCard(card) : card;
  }

  /** Operators only (an account-enumeration oracle otherwise): does Kroger know this email? */
  profileExists(email: string): Promise<boolean> {
    this.tiers.requireFeature('profile_exists', 'Checking for a Kroger profile');
    return this.partner.profileExists(email);
  }
}
