import { hashUnit, uuidFrom } from './data/random';

/** An application registered with the sandbox, as an app registered at developer.kroger.com. */
export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  tier: 'public' | 'partner';
  redirectUris: string[];
}

export interface Customer {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  /** Kroger's stable profile UUID. */
  profileId: string;
  loyaltyCardNumber: string;
  phone: string;
  address: {
    addressLine1: string;
    city: string;
    stateCode: string;
    postalCode: string;
    countryCode: string;
    addressType: string;
  };
}

export const DEFAULT_REDIRECT_URIS = [
  'http://localhost:3000/api/v1/auth/kroger/callback',
  'http://127.0.0.1:3000/api/v1/auth/kroger/callback',
];

export const DEFAULT_CLIENTS: RegisteredClient[] = [
  {
    clientId: 'sandbox-public-app',
    clientSecret: 'sandbox-public-secret',
    tier: 'public',
    redirectUris: DEFAULT_REDIRECT_URIS,
  },
  {
    clientId: 'sandbox-partner-app',
    clientSecret: 'sandbox-partner-secret',
    tier: 'partner',
    redirectUris: DEFAULT_REDIRECT_URIS,
  },
];

const customer = (
  email: string,
  firstName: string,
  lastName: string,
  card: string,
  phone: string,
  line1: string,
  city: string,
  state: string,
  zip: string,
): Customer => ({
  email,
  password: 'sandbox',
  firstName,
  lastName,
  profileId: uuidFrom(`customer:${email}`),
  loyaltyCardNumber: card,
  phone,
  address: { addressLine1: line1, city, stateCode: state, postalCode: zip, countryCode: 'US', addressType: 'HOME' },
});

/**
 * A customer registered through the control surface (POST /__sandbox/customers), so a load test can
 * sign in as many distinct shoppers. Modeled: Kroger has no such route; its card and phone numbers
 * are derived from the email, stable across restarts, and its address is a fixed one in Cincinnati.
 */
export function registeredCustomer(email: string, firstName = 'Test', lastName = 'Shopper'): Customer {
  const digits = (salt: string, count: number) =>
    String(Math.floor(hashUnit(`${salt}:${email}`) * 10 ** count)).padStart(count, '0');
  return customer(
    email,
    firstName,
    lastName,
    `4840${digits('card', 10)}`,
    `513${digits('phone', 7)}`,
    '1014 Vine St',
    'Cincinnati',
    'OH',
    '45202',
  );
}

/** Seeded customers; every password is `sandbox`. Listed in sandbox/README.md. */
export const DEFAULT_CUSTOMERS: Customer[] = [
  customer(
    'shopper@example.com',
    'Sam',
    'Shopper',
    '48401234567890',
    '5135550101',
    '1 Main St',
    'Cincinnati',
    'OH',
    '45202',
  ),
  customer('pat@example.com', 'Pat', 'Parker', '48409876543210', '6145550102', '22 High St', 'Columbus', 'OH', '43215'),
  customer(
    'riley@example.com',
    'Riley',
    'Rivera',
    '48405555000011',
    '3035550103',
    '300 Colfax Ave',
    'Denver',
    'CO',
    '80220',
  ),
  customer(
    'jordan@example.com',
    'Jordan',
    'Lee',
    '48407777000022',
    '2065550104',
    '1401 Broadway',
    'Seattle',
    'WA',
    '98122',
  ),
];

/** Scopes by tier and by grant (KROGER_API.md §2.5, §7.1). */
export const SCOPES = {
  /** May be requested with client_credentials. */
  app: {
    public: ['product.compact'],
    partner: [
      'product.compact',
      'product.basic',
      'coupons.basic',
      'profile.exists',
      'delivery.basic',
      'delivery.basic:rw',
    ],
  },
  /** May be requested at /authorize. */
  customer: {
    public: ['product.compact', 'cart.basic:write', 'profile.compact'],
    partner: [
      'product.compact',
      'cart.basic:write',
      'profile.compact',
      'cart.basic',
      'cart.basic:rw',
      'product.personalized',
      'profile.name',
      'profile.basic',
      'profile.full',
      'profile.loyalty',
      'coupon.personalized:rw',
      'coupons.basic',
      'collection.basic',
      'collection.basic:rw',
    ],
  },
} as const;

export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  'product.compact': 'See products, prices and availability',
  'cart.basic:write': 'Add items to your cart',
  'profile.compact': 'Know your Kroger profile id',
  'cart.basic': 'See your cart',
  'cart.basic:rw': 'See and change your cart',
  'product.personalized': 'See your favorite and personalized products',
  'profile.full': 'See your name, email, phone, address and loyalty card',
  'coupon.personalized:rw': 'Load and remove digital coupons on your card',
  'coupons.basic': 'See available digital coupons',
  'profile.name': 'See your name',
  'profile.basic': 'See your name, email, phone and address',
  'profile.loyalty': 'See your loyalty card number',
  'collection.basic': 'See your saved lists, recipes and favorites',
  'collection.basic:rw': 'See and change your saved lists, recipes and favorites',
};
