import { isIP } from 'node:net';
import { z } from 'zod';
import { returnUrlEntryProblem } from './return-url-entries';
import { KrogerFeatureName, OPTIONAL_PARTNER_FEATURES, OptionalPartnerFeature } from './kroger-features';

/**
 * The one typed settings object. Built once at start-up from the environment by
 * `loadConfig`; a bad value stops the process with a message naming the variable.
 */

export const KROGER_BASE_URLS = {
  production: 'https://api.kroger.com',
  certification: 'https://api-ce.kroger.com',
} as const;

export type KrogerEnvironment = 'production' | 'certification' | 'sandbox';
export type KrogerApiTier = 'public' | 'partner';

export type QuotaApi = 'products' | 'locations' | 'chains' | 'departments' | 'cart' | 'identity';

/** Kroger's daily limits (KROGER_API.md §8.1); partner carts and coupons have none. */
export const KROGER_DAILY_LIMITS: Record<QuotaApi, number> = {
  products: 10_000,
  locations: 1_600,
  chains: 1_600,
  departments: 1_600,
  cart: 5_000,
  identity: 5_000,
};

/**
 * How Kroger's daily quotas are shared out (basis points: 500 = 5%). A caller may take its share of
 * what the others left of an endpoint's budget; reads leave the reserve untouched, so cache
 * refreshes and cart writes still have calls when readers are done.
 */
export interface KrogerSpendConfig {
  userShareBp: number;
  clientShareBp: number;
  anonymousShareBp: number;
  anonymousPoolBp: number;
  reserveBp: number;
}

export interface KrogerGatewayConfig {
  timeoutMs: number;
  retryAttempts: number;
  retryBudgetMs: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
  dailyLimits: Record<QuotaApi, number>;
  cacheMaxEntries: number;
  cacheMaxBytes: number;
  /** By-id lookups wait this long without a new one (idle), at most maxWait, to share one Kroger call. */
  batch: { idleMs: number; maxWaitMs: number };
  spend: KrogerSpendConfig;
}

export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  version: string;
  http: {
    host: string;
    port: number;
    corsOrigins: string[];
    publicBaseUrl: string;
    /** Express's `trust proxy`: which hops' X-Forwarded-For is believed (false: none). */
    trustProxy: TrustProxy;
  };
  database: {
    /** Unset: the embedded PGlite database in `pgliteDataDir`. */
    url: string | undefined;
    pgliteDataDir: string;
    poolSize: number;
    /** How long a query waits for a pool connection (or to open one) before the request is answered 503. */
    poolTimeoutMs: number;
    migrateOnStart: boolean;
  };
  kroger: {
    environment: KrogerEnvironment;
    tier: KrogerApiTier;
    /** Unset in sandbox mode until the in-process sandbox is started. */
    baseUrl: string | undefined;
    clientId: string | undefined;
    clientSecret: string | undefined;
    redirectUri: string;
    gateway: KrogerGatewayConfig;
    /** The features this deployment offers (tier, KROGER_PARTNER_FEATURES, courier); see kroger-features.ts. */
    features: KrogerFeatureName[];
  };
  courier: {
    /** The courier partner's credential for /api/v1/courier (X-Courier-Key); unset: courier routes are off. */
    apiKey: string | undefined;
  };
  auth: {
    tokenEncryptionKey: Buffer;
    /** The key before the last rotation: still decrypts, never encrypts. */
    previousTokenEncryptionKey: Buffer | undefined;
    allowedReturnUrls: string[];
    adminApiKey: string;
    /** Scopes requested when linking a Kroger account. */
    krogerScopes: string[];
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** A rotated refresh token presented again within this window gets the successor already issued. */
    refreshGraceSeconds: number;
    /** Without Redis, how long an instance trusts a session's "not revoked" answer. */
    sessionCheckIntervalMs: number;
    /** Personal access tokens: lifetime when none is asked for, and the longest allowed. */
    personalTokenTtlDays: number;
    personalTokenMaxTtlDays: number;
    /** Idle links are refreshed after this long, so their refresh tokens never lapse. */
    keepAliveAfterMs: number;
    /** How often the job looks for links in use whose access token is about to expire. */
    refreshIntervalMs: number;
  };
  jobsEnabled: boolean;
  /** Cart adds still SENT this long after they started were cut short by a crash: UNKNOWN then. */
  cartRecoverAfterMs: number;
  auditRetentionMs: number;
  mcp: {
    /** Let MCP clients without a token use the public tools (products, stores). */
    allowAnonymous: boolean;
    /** The personal access token `npm run mcp:stdio` acts with. */
    stdioAccessToken: string | undefined;
    /** Browser origins allowed to call /mcp, besides our own; requests without Origin always pass. */
    allowedOrigins: string[];
    maxBodyBytes: number;
    /** JSON-RPC messages one HTTP request may carry (2025-03-26 batches); each counts as one request. */
    maxBatch: number;
    /**
     * Serve a single JSON-RPC request answered with JSON (the common case) without the SDK's Node
     * adapter; off, every request goes through NodeStreamableHTTPServerTransport. Same answers either way.
     */
    fastPath: boolean;
  };
  /** The OAuth 2.1 authorization server for MCP clients (issuer and resource derive from PUBLIC_BASE_URL). */
  oauthServer: {
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** A registered client unused for this long is forgotten (it registers again). */
    clientIdleMs: number;
    /** Dynamic registrations one client address may make per hour. */
    registrationsPerHour: number;
    /** Client ID Metadata Documents: https client ids resolved by fetching them. */
    clientIdMetadataDocuments: boolean;
    /** Hosts a client id URL may name; empty: any public host. */
    clientIdMetadataHosts: string[];
    /** Fetch client id documents from private and loopback addresses (development only). */
    clientIdMetadataAllowPrivate: boolean;
    /** Lifetime of a re-authorization link handed to an MCP client. */
    reauthTicketTtlSeconds: number;
  };
  redisUrl: string | undefined;
  /** The account event stream (GET /api/v1/me/events) and how events reach every instance. */
  events: EventsConfig;
  /** Prometheus scrapes /metrics with this bearer token, or with the admin key when it is unset. */
  metrics: { token: string | undefined };
  /** Swagger UI and the OpenAPI document: open, behind the admin key (or HTTP basic when configured), or not served. */
  docs: { access: DocsAccess; basic: { username: string; password: string } | undefined };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Per client (user, or address when anonymous) across all routes; `expensiveLimit` per expensive route. */
  throttle: { ttlSeconds: number; limit: number; expensiveLimit: number };
}

/** auto: Redis when REDIS_URL is set, else PostgreSQL LISTEN/NOTIFY on DATABASE_URL, else in this process (PGlite). */
export type EventsFanout = 'auto' | 'local' | 'postgres' | 'redis';

export interface EventsConfig {
  fanout: EventsFanout;
  heartbeatMs: number;
  /** The reconnection delay suggested to clients (the SSE `retry:` field). */
  retryMs: number;
  /** Open streams one user may hold on one instance. */
  maxStreamsPerUser: number;
  /** Events are kept this long, and at most `retainPerUser` per user, for Last-Event-ID resume. */
  retentionMs: number;
  retainPerUser: number;
  /** A stream whose unsent output exceeds this (a client not reading) is closed. */
  maxBufferBytes: number;
}

export type DocsAccess = 'open' | 'admin' | 'off';

/** false: X-Forwarded-For is ignored; a number: hops to trust; a list: trusted proxy addresses, CIDRs or names. */
export type TrustProxy = false | number | string[];

/** proxy-addr's named ranges, as Express accepts them. */
const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const optionalString = z.preprocess(blankToUndefined, z.string().optional());

const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .default(fallback),
  );

const boolean = (fallback: boolean) =>
  z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  );

const urlList = z.preprocess(
  blankToUndefined,
  z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const items = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const item of items) {
        if (!URL.canParse(item)) ctx.addIssue({ code: 'custom', message: `"${item}" is not an absolute URL` });
      }
      return items;
    }),
);

/** A percentage with at most two decimals, as basis points (5 -> 500, 0.25 -> 25). */
const percent = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(String(fallback))
      .refine((raw) => /^\d{1,3}(\.\d{1,2})?$/.test(raw.trim()), { error: 'must be a percentage such as 5 or 2.5' })
      .transform((raw) => Math.round(Number(raw.trim()) * 100))
      .refine((bp) => bp >= min * 100 && bp <= max * 100, { error: `must be between ${min} and ${max}` }),
  );

const trustProxy = z.preprocess(
  blankToUndefined,
  z
    .string()
    .default('none')
    .transform((raw, ctx): TrustProxy => {
      const value = raw.trim();
      if (/^(none|false)$/i.test(value)) return false;
      if (/^\d{1,2}$/.test(value)) return Number(value);
      const items = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const item of items) {
        const [address, bits, extra] = item.split('/');
        const family = isIP(address);
        const bitsOk =
          bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32) && !extra);
        if (!TRUST_PROXY_NAMES.has(item) && (family === 0 || !bitsOk))
          ctx.addIssue({
            code: 'custom',
            message: `"${item}" must be none, a hop count, or addresses/CIDRs (or loopback, linklocal, uniquelocal)`,
          });
      }
      return items;
    }),
);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** Variables as they may appear in the environment; every one is documented in .env.example. */
export const environmentSchema = z.object({
  NODE_ENV: z.preprocess(
    blankToUndefined,
    z
      .enum(['development', 'test', 'production'], { error: 'must be development, test or production' })
      .default('development'),
  ),
  HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
  PORT: integer(0, 65535, 3000),
  PUBLIC_BASE_URL: z.preprocess(blankToUndefined, httpUrl.optional()),
  CORS_ORIGINS: urlList,
  TRUST_PROXY: trustProxy,
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgresql:// connection URL' })
      .optional(),
  ),
  PGLITE_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./.data')),
  DATABASE_POOL_SIZE: integer(1, 100, 10),
  DATABASE_POOL_TIMEOUT_MS: integer(50, 60_000, 5000),
  DATABASE_MIGRATE_ON_START: boolean(true),
  KROGER_ENV: z.preprocess(
    blankToUndefined,
    z
      .enum(['production', 'certification', 'sandbox'], { error: 'must be production, certification or sandbox' })
      .optional(),
  ),
  KROGER_API_TIER: z.preprocess(
    blankToUndefined,
    z.enum(['public', 'partner'], { error: 'must be public or partner' }).default('public'),
  ),
  KROGER_BASE_URL: z.preprocess(blankToUndefined, httpUrl.optional()),
  KROGER_CLIENT_ID: optionalString,
  KROGER_CLIENT_SECRET: optionalString,
  KROGER_REDIRECT_URI: z.preprocess(blankToUndefined, httpUrl.optional()),
  TOKEN_ENCRYPTION_KEY: optionalString,
  ALLOWED_RETURN_URLS: urlList.superRefine((urls, ctx) => {
    for (const url of urls.filter((u) => URL.canParse(u))) {
      const problem = returnUrlEntryProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: `"${url}" ${problem}` });
    }
  }),
  TOKEN_ENCRYPTION_KEY_PREVIOUS: optionalString,
  KROGER_SCOPES: optionalString,
  KROGER_PARTNER_FEATURES: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(OPTIONAL_PARTNER_FEATURES.join(','))
      .transform((raw, ctx) => {
        const items = raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        for (const item of items)
          if (!OPTIONAL_PARTNER_FEATURES.includes(item as OptionalPartnerFeature))
            ctx.addIssue({
              code: 'custom',
              message: `"${item}" is not one of ${OPTIONAL_PARTNER_FEATURES.join(', ')}`,
            });
        return items as OptionalPartnerFeature[];
      }),
  ),
  COURIER_API_KEY: z.preprocess(
    blankToUndefined,
    z.string().min(24, { error: 'must be at least 24 characters' }).optional(),
  ),
  SESSION_ACCESS_TTL_SECONDS: integer(60, 86_400, 900),
  SESSION_REFRESH_TTL_DAYS: integer(1, 365, 30),
  SESSION_REFRESH_GRACE_SECONDS: integer(0, 60, 20),
  SESSION_CHECK_INTERVAL_MS: integer(0, 15_000, 500),
  PERSONAL_TOKEN_TTL_DAYS: integer(1, 3650, 90),
  PERSONAL_TOKEN_MAX_TTL_DAYS: integer(1, 3650, 365),
  LINK_KEEPALIVE_HOURS: integer(1, 24 * 90, 20),
  LINK_REFRESH_INTERVAL_SECONDS: integer(1, 240, 60),
  JOBS_ENABLED: boolean(true),
  MCP_ALLOW_ANONYMOUS: boolean(false),
  MCP_ACCESS_TOKEN: optionalString,
  MCP_ALLOWED_ORIGINS: urlList,
  MCP_MAX_BODY_KB: integer(1, 256, 64),
  // Unset: derived from the Kroger timeout and retries (see longestCartAddMs).
  CART_RECOVERY_AFTER_SECONDS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(86_400, { error: 'must be at most 86400' })
      .optional(),
  ),
  AUDIT_RETENTION_DAYS: integer(1, 36_500, 365),
  MCP_MAX_BATCH: integer(1, 100, 10),
  MCP_FAST_PATH: boolean(true),
  MCP_OAUTH_ACCESS_TOKEN_TTL_SECONDS: integer(60, 86_400, 3600),
  MCP_OAUTH_REFRESH_TOKEN_TTL_DAYS: integer(1, 365, 30),
  MCP_OAUTH_CLIENT_IDLE_DAYS: integer(1, 3650, 30),
  MCP_OAUTH_REGISTRATIONS_PER_HOUR: integer(1, 100_000, 10),
  MCP_OAUTH_CLIENT_METADATA_DOCUMENTS: boolean(true),
  MCP_OAUTH_CLIENT_METADATA_HOSTS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('')
      .transform((raw) =>
        raw
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      ),
  ),
  MCP_OAUTH_CLIENT_METADATA_ALLOW_PRIVATE: z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
  ),
  MCP_REAUTH_TICKET_TTL_SECONDS: integer(60, 86_400, 900),
  ADMIN_API_KEY: optionalString,
  REDIS_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^rediss?:\/\//, { error: 'must be a redis:// or rediss:// URL' })
      .optional(),
  ),
  EVENTS_FANOUT: z.preprocess(
    blankToUndefined,
    z.enum(['auto', 'local', 'postgres', 'redis'], { error: 'must be auto, local, postgres or redis' }).default('auto'),
  ),
  EVENTS_HEARTBEAT_SECONDS: integer(1, 300, 15),
  EVENTS_RETRY_MS: integer(100, 600_000, 3000),
  EVENTS_MAX_STREAMS_PER_USER: integer(1, 100, 5),
  EVENTS_RETENTION_HOURS: integer(1, 24 * 30, 24),
  EVENTS_RETAIN_PER_USER: integer(10, 100_000, 500),
  EVENTS_MAX_BUFFER_KB: integer(16, 16_384, 256),
  METRICS_TOKEN: z.preprocess(
    blankToUndefined,
    z.string().min(24, { error: 'must be at least 24 characters' }).optional(),
  ),
  // Unset: open in development and test, admin in production.
  DOCS_ACCESS: z.preprocess(
    blankToUndefined,
    z.enum(['open', 'admin', 'off'], { error: 'must be open, admin or off' }).optional(),
  ),
  DOCS_USERNAME: optionalString,
  DOCS_PASSWORD: z.preprocess(
    blankToUndefined,
    z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  ),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  KROGER_TIMEOUT_MS: integer(100, 120_000, 8000),
  KROGER_RETRY_ATTEMPTS: integer(1, 10, 3),
  KROGER_RETRY_BUDGET_MS: integer(0, 300_000, 10_000),
  KROGER_BREAKER_THRESHOLD: integer(1, 1000, 5),
  KROGER_BREAKER_COOLDOWN_SECONDS: integer(1, 3600, 30),
  KROGER_QUOTA_LIMITS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('')
      .transform((raw, ctx) => {
        const limits: Partial<Record<QuotaApi, number>> = {};
        for (const pair of raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)) {
          const [name, value] = pair.split('=').map((s) => s.trim());
          if (!(name in KROGER_DAILY_LIMITS) || !/^\d+$/.test(value ?? '')) {
            ctx.addIssue({
              code: 'custom',
              message: `"${pair}" must be api=number with api one of ${Object.keys(KROGER_DAILY_LIMITS).join(', ')}`,
            });
            continue;
          }
          limits[name as QuotaApi] = Number(value);
        }
        return { ...KROGER_DAILY_LIMITS, ...limits };
      }),
  ),
  KROGER_CACHE_MAX_ENTRIES: integer(100, 10_000_000, 20_000),
  KROGER_CACHE_MAX_MB: integer(1, 16_384, 128),
  KROGER_BATCH_IDLE_MS: integer(0, 10_000, 50),
  KROGER_BATCH_MAX_WAIT_MS: integer(0, 60_000, 1000),
  KROGER_USER_SHARE_PERCENT: percent(0.01, 100, 5),
  KROGER_CLIENT_SHARE_PERCENT: percent(0.01, 100, 5),
  KROGER_ANONYMOUS_SHARE_PERCENT: percent(0.01, 100, 2),
  KROGER_ANONYMOUS_POOL_PERCENT: percent(0.01, 100, 20),
  KROGER_RESERVE_PERCENT: percent(0, 90, 10),
  THROTTLE_TTL_SECONDS: integer(1, 86400, 60),
  THROTTLE_LIMIT: integer(1, 1_000_000, 300),
  THROTTLE_EXPENSIVE_LIMIT: integer(1, 1_000_000, 60),
});

export type Environment = z.infer<typeof environmentSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Turns zod issues into lines such as `PORT: must be at most 65535 (got "70000")`. */
export function describeIssues(issues: z.core.$ZodIssue[], env: Record<string, string | undefined>): string[] {
  return issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    const raw = env[name];
    const shown = raw === undefined || isSecretName(name) ? '' : ` (got "${raw}")`;
    return `${name}: ${issue.message}${shown}`;
  });
}

export function isSecretName(name: string): boolean {
  return /SECRET|KEY|PASSWORD|TOKEN|DATABASE_URL|REDIS_URL/.test(name);
}
