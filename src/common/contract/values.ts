import { z } from 'zod';

/**
 * Value types every feature shares, declared once. Their messages start with the rule
 * (`must be 13 digits`); parseInput puts the name of the field that broke it in front.
 */

/** Kroger's product id: the UPC without its check digit, zero-padded to 13 digits. */
export const ProductId = z
  .string()
  .regex(/^\d{13}$/, { error: 'must be 13 digits' })
  .meta({
    description: '13-digit Kroger productId (a UPC without its check digit, zero-padded)',
    examples: ['0001111041700'],
  });

export const LocationId = z
  .string()
  .regex(/^[A-Za-z0-9]{8}$/, { error: 'must be 8 letters or digits, e.g. 01400943' })
  .meta({ description: "A store's 8-character locationId", examples: ['01400943'] });

export const ZipCode = z
  .string()
  .regex(/^\d{5}$/, { error: 'must be 5 digits' })
  .meta({ examples: ['45202'] });

export const Quantity = wholeNumber(1, 99).meta({ examples: [2] });

export const MODALITIES = ['PICKUP', 'DELIVERY'] as const;
export const Modality = z
  .enum(MODALITIES, { error: 'must be PICKUP or DELIVERY' })
  .meta({ description: 'Ask the user: pickup at the store, or delivery' });
export type Modality = z.infer<typeof Modality>;

export const IsoDateTime = z.string().meta({ format: 'date-time' });

/** A whole number in a range, with one message for both ends. */
export function wholeNumber(min: number, max: number) {
  const message = `must be between ${min} and ${max}`;
  return z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: message })
    .max(max, { error: message });
}
