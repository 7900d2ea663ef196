import type { KrogerApiTier } from './app-config';

/**
 * What each feature of this service needs from Kroger: the tier, whose token (the customer's, from
 * linking, or the application's, from client credentials) and which scopes. Linking asks for the
 * customer scopes of the features the tier and configuration enable, and no others; the README's
 * scopes table is this table, and an e2e test checks it against the sandbox.
 */
export interface KrogerFeature {
  feature: KrogerFeatureName;
  tier: KrogerApiTier;
  grant: 'customer' | 'application';
  scopes: string[];
}

export const OPTIONAL_PARTNER_FEATURES = ['carts', 'profile', 'loyalty', 'coupons', 'collections'] as const;
export type OptionalPartnerFeature = (typeof OPTIONAL_PARTNER_FEATURES)[number];
export type KrogerFeatureName =
  'products' | 'stores' | 'cart_add' | 'profile_id' | OptionalPartnerFeature | 'profile_exists' | 'courier';

export const KROGER_FEATURES: readonly KrogerFeature[] = [
  { feature: 'products', tier: 'public', grant: 'application', scopes: ['product.compact'] },
  // Locations declares scope "N/A"; any application token works (KROGER_API.md §2.5).
  { feature: 'stores', tier: 'public', grant: 'application', scopes: ['product.compact'] },
  { feature: 'cart_add', tier: 'public', grant: 'customer', scopes: ['cart.basic:write'] },
  { feature: 'profile_id', tier: 'public', grant: 'customer', scopes: ['profile.compact'] },
  { feature: 'carts', tier: 'partner', grant: 'customer', scopes: ['cart.basic', 'cart.basic:rw'] },
  // profile.basic covers the name (profile.name) and contact fields; profile.full is not needed.
  { feature: 'profile', tier: 'partner', grant: 'customer', scopes: ['profile.basic'] },
  { feature: 'loyalty', tier: 'partner', grant: 'customer', scopes: ['profile.loyalty'] },
  // Listing is an application scope; clipping acts on the customer's card.
  { feature: 'coupons', tier: 'partner', grant: 'customer', scopes: ['coupon.personalized:rw'] },
  { feature: 'collections', tier: 'partner', grant: 'customer', scopes: ['collection.basic'] },
  { feature: 'profile_exists', tier: 'partner', grant: 'application', scopes: ['profile.exists'] },
  { feature: 'courier', tier: 'partner', grant: 'application', scopes: ['delivery.basic', 'delivery.basic:rw'] },
];

/** Application scopes that features use besides their own row (coupon listing). */
export const EXTRA_APPLICATION_SCOPES: Partial<Record<KrogerFeatureName, string[]>> = { coupons: ['coupons.basic'] };

/** The features this deployment offers: the public ones, and on the partner tier those enabled. */
export function enabledFeatures(
  tier: KrogerApiTier,
  partnerFeatures: readonly OptionalPartnerFeature[],
  courierEnabled: boolean,
): KrogerFeatureName[] {
  return KROGER_FEATURES.filter((f) => {
    if (f.tier === 'public') return true;
    if (tier !== 'partner') return false;
    if (f.feature === 'courier') return courierEnabled;
    if (f.feature === 'profile_exists') return true;
    return partnerFeatures.includes(f.feature as OptionalPartnerFeature);
  }).map((f) => f.feature);
}

/** The customer scopes linking requests: exactly those of the enabled customer features. */
export function linkScopes(features: readonly KrogerFeatureName[]): string[] {
  // Products and stores are read with the application's token, so the link does not ask for product.compact.
  const rows = KROGER_FEATURES.filter((f) => f.grant === 'customer' && features.includes(f.feature));
  return [...new Set(rows.flatMap((f) => f.scopes))];
}
