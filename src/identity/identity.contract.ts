import { z } from 'zod';
import { responseSchema } from '../common/contract/schema-registry';

export const ProfileQuery = z.strictObject({
  revealLoyaltyCard: z
    .boolean({ error: 'must be true or false' })
    .optional()
    .describe('Show the whole card number (needs the loyalty:reveal scope)'),
});
export type ProfileQuery = z.infer<typeof ProfileQuery>;

export const Profile = responseSchema(
  'Profile',
  z.object({
    profileId: z.string().describe("Kroger's profile id"),
    firstName: z.string().optional().describe('Partner tier only'),
    lastName: z.string().optional().describe('Partner tier only'),
    email: z.string().optional().describe('Partner tier only'),
    loyaltyCard: z
      .string()
      .optional()
      .meta({
        examples: ['••••••••••7890'],
        description: 'Partner tier only; masked except the last 4 digits unless revealed',
      }),
    tier: z.enum(['public', 'partner']),
  }),
);
export type Profile = z.infer<typeof Profile>;

export const LoyaltyQuery = z.strictObject({
  reveal: z
    .boolean({ error: 'must be true or false' })
    .optional()
    .describe('Show the whole card number (needs the loyalty:reveal scope)'),
});
export type LoyaltyQuery = z.infer<typeof LoyaltyQuery>;

export const LoyaltyCard = responseSchema(
  'LoyaltyCard',
  z.object({
    loyaltyCard: z
      .string()
      .nullable()
      .meta({ examples: ['••••••••••7890'], description: 'Masked except the last 4 digits unless revealed' }),
  }),
);
export type LoyaltyCard = z.infer<typeof LoyaltyCard>;

export const KrogerProfileQuery = z.strictObject({
  email: z
    .email({ error: 'must be an email address' })
    .max(254)
    .meta({ examples: ['shopper@example.com'] }),
});
export type KrogerProfileQuery = z.infer<typeof KrogerProfileQuery>;

export const KrogerProfileExists = responseSchema(
  'KrogerProfileExists',
  z.object({ exists: z.boolean().describe('Kroger has a customer profile for this email') }),
);
export type KrogerProfileExists = z.infer<typeof KrogerProfileExists>;
