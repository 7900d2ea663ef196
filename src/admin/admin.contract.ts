import { z } from 'zod';
import { responseSchema } from '../common/contract/schema-registry';
import { IsoDateTime, wholeNumber } from '../common/contract/values';
import { KrogerEnvironment, QuotaBudget } from '../health/health.contract';

export const ListAuditEventsQuery = z.strictObject({
  limit: wholeNumber(1, 200).default(50).describe('Events per page (default 50)'),
  type: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)+$/, { error: 'must look like link.created' })
    .optional()
    .meta({ description: 'Only events of this type', examples: ['link.created'] }),
  userId: z.uuid({ error: 'must be a UUID' }).optional().describe('Only events about this user'),
  before: z
    .string()
    .regex(/^\d{1,18}$/, { error: 'must be an event id' })
    .optional()
    .meta({ description: 'Cursor: only events older than this id', examples: ['1042'] }),
});
export type ListAuditEventsQuery = z.infer<typeof ListAuditEventsQuery>;

export const AuditEventPage = responseSchema(
  'AuditEventPage',
  z.object({
    data: z.array(
      z.object({
        id: z.string().meta({ examples: ['1042'] }),
        type: z.string().meta({ examples: ['link.created'] }),
        userId: z.uuid().nullable(),
        detail: z.record(z.string(), z.unknown()).meta({ examples: [{ scopes: ['profile.compact'] }] }),
        requestId: z.string().nullable(),
        createdAt: IsoDateTime,
      }),
    ),
    nextBefore: z.string().nullable().describe('Pass as `before` for the next page; null on the last page'),
  }),
);
export type AuditEventPage = z.infer<typeof AuditEventPage>;

export const KrogerStatus = responseSchema(
  'KrogerStatus',
  z.object({
    environment: KrogerEnvironment,
    breakers: z.array(
      z.object({
        api: z.string().meta({ examples: ['products'] }),
        state: z.enum(['closed', 'open', 'half-open']),
        consecutiveFailures: z.number().int(),
        retryAt: IsoDateTime.nullable().describe('When an open breaker lets a probe through'),
      }),
    ),
    quotas: z.array(QuotaBudget),
    cache: z.object({
      kind: z.string().meta({ description: 'memory or redis' }),
      entries: z.number().int().optional(),
      bytes: z.number().int().optional().describe('Approximate size of cached values'),
      evictions: z.number().int().optional(),
      hits: z.number().int(),
      misses: z.number().int(),
      staleServed: z
        .number()
        .int()
        .describe('Answers served stale (while revalidating, or because Kroger could not be asked)'),
      inFlight: z.number().int(),
    }),
  }),
);
export type KrogerStatus = z.infer<typeof KrogerStatus>;
