/** Kroger data as the gateway hands it to features: one shape, whatever casing Kroger sent. */

export interface KrogerPrice {
  regular: number;
  /** 0 when not on sale. */
  promo: number;
  regularPerUnitEstimate?: number;
  promoPerUnitEstimate?: number;
  effectiveDate?: string;
  expirationDate?: string;
}

export interface KrogerFulfillment {
  curbside: boolean;
  delivery: boolean;
  inStore: boolean;
  shipToHome: boolean;
}

export interface KrogerImage {
  perspective: string;
  featured: boolean;
  sizes: Partial<Record<'xlarge' | 'large' | 'medium' | 'small' | 'thumbnail', string>>;
}

export interface KrogerAisle {
  description: string;
  number: string;
  side?: string;
  bayNumber?: string;
  shelfNumber?: string;
}

export interface KrogerProduct {
  productId: string;
  upc: string;
  description: string;
  brand?: string;
  categories: string[];
  countryOrigin?: string;
  productPagePath?: string;
  images: KrogerImage[];
  size?: string;
  soldBy?: 'UNIT' | 'WEIGHT';
  price?: KrogerPrice;
  nationalPrice?: KrogerPrice;
  stockLevel?: 'HIGH' | 'LOW' | 'TEMPORARILY_OUT_OF_STOCK';
  fulfillment?: KrogerFulfillment;
  aisleLocations: KrogerAisle[];
  temperature?: { indicator: string; heatSensitive?: boolean };
  /** Always a list, though Kroger sends an object or an array. */
  nutrition: Record<string, unknown>[];
  allergens: { name: string; levelOfContainmentName?: string }[];
  snapEligible?: boolean;
}

export interface KrogerPage<T> {
  items: T[];
  start: number;
  limit: number;
  total: number;
}

export interface KrogerDayHours {
  open: string;
  close: string;
  open24: boolean;
}

export const WEEK_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

export interface KrogerHours {
  timezone?: string;
  gmtOffset?: string;
  open24: boolean;
  days: Partial<Record<WeekDay, KrogerDayHours>>;
}

export interface KrogerDepartment {
  departmentId: string;
  name: string;
  phone?: string;
  hours?: KrogerHours;
  offsite?: boolean;
}

export interface KrogerLocation {
  locationId: string;
  storeNumber?: string;
  divisionNumber?: string;
  chain: string;
  name: string;
  phone?: string;
  address: {
    addressLine1: string;
    addressLine2?: string;
    city: string;
    state: string;
    zipCode: string;
    county?: string;
  };
  geolocation?: { latitude: number; longitude: number };
  hours?: KrogerHours;
  departments: KrogerDepartment[];
}

export interface KrogerChain {
  name: string;
  divisionNumbers: string[];
  domain?: string;
  friendlyBannerName?: string;
  themeColor?: string;
}

export interface KrogerTokens {
  accessToken: string;
  refreshToken?: string;
  expiresInSeconds: number;
  /** Granted scopes: the response's `scope`, or the token's `scope` claim (Kroger may omit the former). */
  scopes: string[];
}

export interface KrogerCartItem {
  upc: string;
  description?: string;
  quantity: number;
  modality: 'PICKUP' | 'DELIVERY' | 'SHIP';
  allowSubstitutes?: boolean;
  specialInstructions?: string;
}

export interface KrogerCart {
  id: string;
  name?: string;
  createdDate?: string;
  items: KrogerCartItem[];
}

export interface KrogerProfile {
  id: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  loyaltyCardNumber?: string;
}

export interface KrogerCoupon {
  couponId: string;
  description: string;
  brand?: string;
  value?: { type: string; amount: number };
  minimumQuantity?: number;
  expirationDate?: string;
  productIds: string[];
  clipped: boolean;
}

export interface KrogerCollection {
  id: string;
  name: string;
  type: string;
  items: { productId: string; quantity: number }[];
}

export interface KrogerDelivery {
  deliveryId: string;
  status: string;
  followingAction: string;
  orderId?: string;
  locationId?: string;
  window?: { start: string; end: string };
}
