import { CatalogProduct } from './catalog';
import { CHAINS } from './chains';
import { hashUnit } from './random';

/**
 * The sandbox's coupon model. Kroger publishes no coupon schema (KROGER_API.md §7.1), so this is
 * the product's own shape: modeled, not verified against Kroger.
 */
export interface Coupon {
  couponId: string;
  description: string;
  brand: string;
  value: { type: 'AMOUNT_OFF' | 'PERCENT_OFF'; amount: number };
  minimumQuantity: number;
  startDate: string;
  expirationDate: string;
  productIds: string[];
  merchants: string[];
  channels: ('instore' | 'online')[];
}

export function generateCoupons(products: CatalogProduct[], now: number): Coupon[] {
  const byBrand = new Map<string, CatalogProduct[]>();
  for (const p of products) if (p.brand) byBrand.set(p.brand, [...(byBrand.get(p.brand) ?? []), p]);
  const day = 24 * 3600 * 1000;
  const coupons: Coupon[] = [];
  let index = 0;
  for (const [brand, items] of [...byBrand.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const roll = hashUnit(`coupon:${brand}`);
    if (roll > 0.55) continue;
    index += 1;
    const percent = roll < 0.12;
    const amount = percent
      ? 10 + (Math.round(roll * 100) % 4) * 5
      : [0.5, 0.75, 1, 1.5, 2, 3][Math.floor(roll * 60) % 6];
    const minimumQuantity = roll < 0.3 ? 1 : 2;
    const eligible = items.slice(0, 8).map((p) => p.productId);
    const noun = items[0].categories.at(-1) ?? 'items';
    const regional = hashUnit(`coupon-merchant:${brand}`) < 0.3;
    coupons.push({
      couponId: String(2100000000 + index * 7919),
      description: percent
        ? `Save ${amount}% on ${brand} ${noun}`
        : `Save $${amount.toFixed(2)} on ${minimumQuantity > 1 ? `${minimumQuantity} ` : ''}${brand} ${noun}`,
      brand,
      value: { type: percent ? 'PERCENT_OFF' : 'AMOUNT_OFF', amount },
      minimumQuantity,
      startDate: new Date(now - 3 * day).toISOString(),
      // A few are already expired, so clients see the refusal.
      expirationDate: new Date(
        now + (hashUnit(`coupon-exp:${brand}`) < 0.05 ? -day : (7 + Math.floor(roll * 40)) * day),
      ).toISOString(),
      productIds: eligible,
      merchants: regional
        ? [CHAINS[Math.floor(roll * 10) % 10].name]
        : CHAINS.filter((c) => c.name !== 'HARRIS TEETER FUEL').map((c) => c.name),
      channels: hashUnit(`coupon-channel:${brand}`) < 0.2 ? ['online'] : ['instore', 'online'],
    });
  }
  return coupons;
}
