import { z } from 'zod';
import { responseSchema } from '../common/contract/schema-registry';
import { IsoDateTime } from '../common/contract/values';

export const Live = responseSchema('Live', z.object({ status: z.literal('ok') }));
export type Live = z.infer<typeof Live>;

export const KrogerEnvironment = responseSchema(
  'KrogerEnvironment',
  z.object({
    environment: z.enum(['production', 'certification', 'sandbox']),
    mode: z.enum(['sandbox', 'real']).describe('`sandbox`: a local simulator, not Kroger'),
    tier: z.enum(['public', 'partner']),
    baseUrl: z.string().meta({ examples: ['https://api.kroger.com'] }),
    embeddedSandbox: z.boolean().describe('The sandbox runs inside this process'),
  }),
);

export const QuotaBudget = responseSchema(
  'QuotaBudget',
  z.object({
    endpoint: z.string().meta({
      examples: ['products'],
      description: 'Kroger endpoint (locations, chains and departments are counted apart)',
    }),
    limit: z
      .number()
      .int()
      .nullable()
      .meta({ examples: [10000], description: 'Daily limit; null where Kroger sets none' }),
    used: z
      .number()
      .int()
      .meta({ examples: [42] }),
    remaining: z
      .number()
      .int()
      .nullable()
      .meta({ examples: [9958] }),
    windowEnd: IsoDateTime.nullable().describe('End of the current 24-hour window'),
    exhaustedUntil: IsoDateTime.nullable().describe('Set after Kroger answered 429'),
  }),
);

export const Readiness = responseSchema(
  'Readiness',
  z.object({
    status: z.string().meta({ description: 'ok, error or shutting_down', examples: ['ok'] }),
    version: z.string().meta({ examples: ['0.1.0'] }),
    node: z.string().meta({ examples: ['24.21.0'], description: 'The Node.js version the service runs on' }),
    kroger: KrogerEnvironment,
    krogerQuotas: z.array(QuotaBudget).describe("Today's Kroger budgets, shared by all instances"),
    checks: z.record(z.string(), z.record(z.string(), z.unknown())).meta({
      description: 'One entry per check: `database`, `migrations`',
      examples: [{ database: { status: 'up', kind: 'pglite' }, migrations: { status: 'up', applied: 1 } }],
    }),
  }),
);
export type Readiness = z.infer<typeof Readiness>;
