import { z } from 'zod';
import { requestSchema, responseSchema } from '../common/contract/schema-registry';
import { cursorPageOf, cursorQuery, PageQuery, pageOf } from '../common/contract/pagination';
import { IsoDateTime } from '../common/contract/values';
import { KrogerEnvironment, QuotaBudget } from '../health/health.contract';
import { KROGER_APIS } from '../kroger/circuit-breaker';

/** Keys one flush request deletes at most, so one request never holds Redis or the process for long. */
export const CACHE_FLUSH_LIMIT = 10_000;

/** The trail grows while it is read: paged by cursor (the id of the last event seen). */
export const ListAuditEventsQuery = z.strictObject({
  ...cursorQuery(200, 50).shape,
  // The cursor is an event id: anything else would reach BigInt() and the database as a 500.
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, { error: 'must be the pagination.next of an earlier page' })
    .optional()
    .describe('pagination.next of the previous page; leave out for the first page'),
  type: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)+$/, { error: 'must look like link.created' })
    .optional()
    .meta({ description: 'Only events of this type', examples: ['link.created'] }),
  userId: z.uuid({ error: 'must be a UUID' }).optional().describe('Only events about this user'),
});
export type ListAuditEventsQuery = z.infer<typeof ListAuditEventsQuery>;

export const AuditEventPage = cursorPageOf(
  'AuditEventPage',
  z.object({
    id: z.string().meta({ examples: ['1042'] }),
    type: z.string().meta({ examples: ['link.created'] }),
    userId: z.uuid().nullable(),
    detail: z.record(z.string(), z.unknown()).meta({ examples: [{ scopes: ['profile.compact'] }] }),
    requestId: z.string().nullable(),
    createdAt: IsoDateTime,
  }),
);
export type AuditEventPage = z.infer<typeof AuditEventPage>;

export const BreakerStatus = responseSchema(
  'BreakerStatus',
  z.object({
    api: z.string().meta({ examples: ['products'] }),
    state: z.enum(['closed', 'open', 'half-open']),
    consecutiveFailures: z.number().int(),
    retryAt: IsoDateTime.nullable().describe('When an open breaker lets a probe through'),
  }),
);
export type BreakerStatus = z.infer<typeof BreakerStatus>;

export const KrogerStatus = responseSchema(
  'KrogerStatus',
  z.object({
    environment: KrogerEnvironment,
    breakers: z.array(BreakerStatus),
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

export const AdminUserId = z
  .uuid({ error: 'must be a UUID' })
  .meta({ example: '4b3a0d7e-6f1c-4a8e-9d2b-1c0e5f7a9b21' });

/** Biggest spenders first. */
export const ListKrogerSpendQuery = PageQuery;
export type ListKrogerSpendQuery = z.infer<typeof ListKrogerSpendQuery>;

const used = z.number().int().meta({ example: 42, description: 'Kroger calls charged in the window' });
const allowance = z
  .number()
  .int()
  .nullable()
  .describe(
    'Calls allowed in the window as things stand (the share of what the others left); null where Kroger sets no limit',
  );
const windowEnd = IsoDateTime.describe('When the window (24 hours from its first charged call) ends');
const endpoint = z.string().meta({ example: 'products' });

export const KrogerSpendPage = pageOf(
  'KrogerSpendPage',
  z.object({ userId: z.uuid(), endpoint, used, allowance, windowEnd }),
);
export type KrogerSpendPage = z.infer<typeof KrogerSpendPage>;

export const UserKrogerSpend = responseSchema(
  'UserKrogerSpend',
  z.object({
    userId: z.uuid(),
    sharePercent: z
      .number()
      .meta({ example: 5, description: "The user's share of what the others left of each daily budget" }),
    shareOverridden: z.boolean().describe('Set by an operator (else KROGER_USER_SHARE_PERCENT)'),
    endpoints: z.array(z.object({ endpoint, used, allowance, windowEnd })),
    clients: z
      .array(
        z.object({
          client: z.string().meta({ example: 'token:7f0c…', description: '`token:<id>` or `session:<id>`' }),
          endpoint,
          used,
          windowEnd,
        }),
      )
      .describe('The same spend by the credential that acted for the user'),
  }),
);
export type UserKrogerSpend = z.infer<typeof UserKrogerSpend>;

export const SetKrogerShareRequest = z.strictObject({
  sharePercent: z
    .number({ error: 'must be a number' })
    .min(0.01, { error: 'must be at least 0.01' })
    .max(100, { error: 'must be at most 100' })
    .multipleOf(0.01, { error: 'must have at most two decimals' })
    .meta({ example: 10, description: "The user's share of what the others left of each daily budget, in percent" }),
});
export type SetKrogerShareRequest = z.infer<typeof SetKrogerShareRequest>;

export const KrogerProfileId = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'must be a Kroger profile id' })
  .meta({ example: '8a6f9d1c-3b2e-4f5a-9c7d-1e2f3a4b5c6d' });

export const FindUsersQuery = z
  .strictObject({
    userId: AdminUserId.optional().describe('Our user id'),
    krogerProfileId: KrogerProfileId.optional().describe("Kroger's profile id (identity API) of the linked account"),
    ...PageQuery.shape,
  })
  .refine((query) => (query.userId === undefined) !== (query.krogerProfileId === undefined), {
    error: 'give exactly one of userId and krogerProfileId',
  });
export type FindUsersQuery = z.infer<typeof FindUsersQuery>;

const at = IsoDateTime.nullable();
export const AdminUser = responseSchema(
  'AdminUser',
  z.object({
    userId: z.uuid(),
    createdAt: IsoDateTime,
    krogerLink: z
      .object({
        profileId: z.string(),
        status: z.enum(['ACTIVE', 'REAUTH_REQUIRED', 'REVOKED']),
        scopes: z.array(z.string()),
        linkedAt: IsoDateTime,
        accessTokenExpiresAt: at,
        lastRefreshedAt: at,
        lastUsedAt: at,
        refreshFailures: z.number().int().describe('Failed scheduled refreshes in a row'),
        lastRefreshError: z.string().nullable().meta({
          example: 'kroger.bad_request: invalid_grant',
          description: 'Why the last refresh failed or was refused; kept after later successes',
        }),
        lastRefreshErrorAt: at,
        nextRefreshAt: at.describe(
          'The refresh job leaves the link alone until then (backoff after a failure, or a running claim)',
        ),
      })
      .nullable()
      .describe('null: the user never linked a Kroger account'),
  }),
);
export type AdminUser = z.infer<typeof AdminUser>;

export const AdminUserPage = pageOf('AdminUserPage', AdminUser);
export type AdminUserPage = z.infer<typeof AdminUserPage>;

export const ForcedLinkRefresh = responseSchema(
  'ForcedLinkRefresh',
  z.object({
    outcome: z
      .enum(['refreshed', 'current', 'refused', 'failed'])
      .describe(
        'refreshed: new tokens; refused: Kroger refused the refresh token (the link needs re-linking) or the link is not ACTIVE; failed: Kroger could not be asked, the job retries later',
      ),
    user: AdminUser,
  }),
);
export type ForcedLinkRefresh = z.infer<typeof ForcedLinkRefresh>;

export const RevokedAccess = responseSchema(
  'RevokedAccess',
  z.object({
    sessions: z.number().int().describe('Sessions ended (on every instance)'),
    apiTokens: z.number().int().describe('Personal access tokens revoked'),
    mcpGrants: z.number().int().describe("MCP clients' OAuth grants, tokens and sign-ins ended"),
  }),
);
export type RevokedAccess = z.infer<typeof RevokedAccess>;

export const BreakerApi = z.enum(KROGER_APIS, { error: `must be one of ${KROGER_APIS.join(', ')}` });

export const QuotaLedgerView = pageOf('QuotaLedgerView', QuotaBudget);
export type QuotaLedgerView = z.infer<typeof QuotaLedgerView>;

export const FlushKrogerCacheRequest = requestSchema(
  'FlushKrogerCacheRequest',
  z.strictObject({
    prefix: z
      .string()
      .min(3, { error: 'must be at least 3 characters (an operation name such as products.search)' })
      .max(200, { error: 'must be at most 200 characters' })
      .meta({ example: 'products.search?', description: 'Cache keys are `<operation>?<sorted params>`' }),
  }),
);
export type FlushKrogerCacheRequest = z.infer<typeof FlushKrogerCacheRequest>;

export const KrogerCacheFlush = responseSchema(
  'KrogerCacheFlush',
  z.object({
    deleted: z.number().int(),
    complete: z.boolean().describe(`false: more than ${CACHE_FLUSH_LIMIT} keys matched; send the request again`),
  }),
);
export type KrogerCacheFlush = z.infer<typeof KrogerCacheFlush>;
