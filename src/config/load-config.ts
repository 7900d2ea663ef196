import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';
import { enabledFeatures, linkScopes } from './kroger-features';
import {
  AppConfig,
  ConfigError,
  describeIssues,
  Environment,
  environmentSchema,
  KROGER_BASE_URLS,
  KrogerEnvironment,
} from './app-config';

export interface LoadedConfig {
  config: AppConfig;
  /** Things worth telling the operator once the logger is up (never secret values). */
  warnings: string[];
}

type Env = Record<string, string | undefined>;

/** What linking asks Kroger for; the partner tier adds full carts, loyalty and coupons. */

const PLACEHOLDER = /change[-_ ]?me|placeholder|example|^x+$|^0+$/i;

/** Reads and validates the environment. Throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env): LoadedConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error.issues, env));
  const vars = parsed.data;
  const problems: string[] = [];
  const warnings: string[] = [];
  const production = vars.NODE_ENV === 'production';

  const krogerEnvironment = resolveKrogerEnvironment(vars);
  if (krogerEnvironment !== 'sandbox') {
    for (const name of ['KROGER_CLIENT_ID', 'KROGER_CLIENT_SECRET'] as const) {
      if (!vars[name]) problems.push(`${name}: is required when KROGER_ENV is ${krogerEnvironment}`);
    }
  }
  if (Boolean(vars.KROGER_CLIENT_ID) !== Boolean(vars.KROGER_CLIENT_SECRET)) {
    problems.push('KROGER_CLIENT_SECRET: KROGER_CLIENT_ID and KROGER_CLIENT_SECRET must be set together');
  }

  if (vars.PERSONAL_TOKEN_TTL_DAYS > vars.PERSONAL_TOKEN_MAX_TTL_DAYS) {
    problems.push('PERSONAL_TOKEN_TTL_DAYS: must not exceed PERSONAL_TOKEN_MAX_TTL_DAYS');
  }

  if (vars.EVENTS_FANOUT === 'redis' && !vars.REDIS_URL) problems.push('EVENTS_FANOUT: redis needs REDIS_URL');
  if (vars.EVENTS_FANOUT === 'postgres' && !vars.DATABASE_URL)
    problems.push('EVENTS_FANOUT: postgres needs DATABASE_URL (the embedded database serves one process)');

  if (Boolean(vars.DOCS_USERNAME) !== Boolean(vars.DOCS_PASSWORD)) {
    problems.push('DOCS_PASSWORD: DOCS_USERNAME and DOCS_PASSWORD must be set together');
  }
  for (const name of ['METRICS_TOKEN', 'DOCS_PASSWORD'] as const) {
    const value = vars[name];
    if (production && value && PLACEHOLDER.test(value))
      problems.push(`${name}: looks like a placeholder; set a real secret`);
  }
  if (production && vars.MCP_OAUTH_CLIENT_METADATA_ALLOW_PRIVATE) {
    problems.push(
      'MCP_OAUTH_CLIENT_METADATA_ALLOW_PRIVATE: must not be true in production (server-side request forgery)',
    );
  }

  const secrets = resolveSecrets(vars, production, problems, warnings);
  if (problems.length > 0) throw new ConfigError(problems);

  const features = enabledFeatures(vars.KROGER_API_TIER, vars.KROGER_PARTNER_FEATURES, Boolean(vars.COURIER_API_KEY));
  const publicBaseUrl = (vars.PUBLIC_BASE_URL ?? `http://localhost:${vars.PORT || 3000}`).replace(/\/+$/, '');
  return {
    warnings,
    config: {
      nodeEnv: vars.NODE_ENV,
      version: readVersion(),
      http: {
        host: vars.HOST,
        port: vars.PORT,
        corsOrigins: vars.CORS_ORIGINS,
        publicBaseUrl,
        trustProxy: vars.TRUST_PROXY,
      },
      database: {
        url: vars.DATABASE_URL,
        pgliteDataDir: resolve(vars.PGLITE_DATA_DIR),
        poolSize: vars.DATABASE_POOL_SIZE,
        poolTimeoutMs: vars.DATABASE_POOL_TIMEOUT_MS,
        migrateOnStart: vars.DATABASE_MIGRATE_ON_START,
      },
      kroger: {
        environment: krogerEnvironment,
        tier: vars.KROGER_API_TIER,
        baseUrl:
          vars.KROGER_BASE_URL ?? (krogerEnvironment === 'sandbox' ? undefined : KROGER_BASE_URLS[krogerEnvironment]),
        clientId: vars.KROGER_CLIENT_ID,
        clientSecret: vars.KROGER_CLIENT_SECRET,
        redirectUri: vars.KROGER_REDIRECT_URI ?? `${publicBaseUrl}/api/v1/auth/kroger/callback`,
        features,
        gateway: {
          timeoutMs: vars.KROGER_TIMEOUT_MS,
          retryAttempts: vars.KROGER_RETRY_ATTEMPTS,
          retryBudgetMs: vars.KROGER_RETRY_BUDGET_MS,
          breakerThreshold: vars.KROGER_BREAKER_THRESHOLD,
          breakerCooldownMs: vars.KROGER_BREAKER_COOLDOWN_SECONDS * 1000,
          dailyLimits: vars.KROGER_QUOTA_LIMITS,
          cacheMaxEntries: vars.KROGER_CACHE_MAX_ENTRIES,
          cacheMaxBytes: vars.KROGER_CACHE_MAX_MB * 1024 * 1024,
          batch: { idleMs: vars.KROGER_BATCH_IDLE_MS, maxWaitMs: vars.KROGER_BATCH_MAX_WAIT_MS },
          spend: {
            userShareBp: vars.KROGER_USER_SHARE_PERCENT,
            clientShareBp: vars.KROGER_CLIENT_SHARE_PERCENT,
            anonymousShareBp: vars.KROGER_ANONYMOUS_SHARE_PERCENT,
            anonymousPoolBp: vars.KROGER_ANONYMOUS_POOL_PERCENT,
            reserveBp: vars.KROGER_RESERVE_PERCENT,
          },
        },
      },
      auth: {
        tokenEncryptionKey: secrets.tokenEncryptionKey,
        previousTokenEncryptionKey: secrets.previousTokenEncryptionKey,
        allowedReturnUrls: vars.ALLOWED_RETURN_URLS,
        adminApiKey: secrets.adminApiKey,
        // KROGER_SCOPES overrides the table, for an app Kroger registered with other scope names.
        krogerScopes: vars.KROGER_SCOPES?.split(/\s+/).filter(Boolean) ?? linkScopes(features),
        accessTokenTtlSeconds: vars.SESSION_ACCESS_TTL_SECONDS,
        refreshTokenTtlSeconds: vars.SESSION_REFRESH_TTL_DAYS * 86_400,
        refreshGraceSeconds: vars.SESSION_REFRESH_GRACE_SECONDS,
        sessionCheckIntervalMs: vars.SESSION_CHECK_INTERVAL_MS,
        personalTokenTtlDays: vars.PERSONAL_TOKEN_TTL_DAYS,
        personalTokenMaxTtlDays: vars.PERSONAL_TOKEN_MAX_TTL_DAYS,
        keepAliveAfterMs: vars.LINK_KEEPALIVE_HOURS * 3_600_000,
        refreshIntervalMs: vars.LINK_REFRESH_INTERVAL_SECONDS * 1000,
      },
      courier: { apiKey: vars.COURIER_API_KEY },
      jobsEnabled: vars.JOBS_ENABLED,
      cartRecoverAfterMs:
        vars.CART_RECOVERY_AFTER_SECONDS !== undefined
          ? vars.CART_RECOVERY_AFTER_SECONDS * 1000
          : longestCartAddMs(vars),
      auditRetentionMs: vars.AUDIT_RETENTION_DAYS * 86_400_000,
      mcp: {
        allowAnonymous: vars.MCP_ALLOW_ANONYMOUS,
        stdioAccessToken: vars.MCP_ACCESS_TOKEN,
        allowedOrigins: vars.MCP_ALLOWED_ORIGINS,
        maxBodyBytes: vars.MCP_MAX_BODY_KB * 1024,
        maxBatch: vars.MCP_MAX_BATCH,
        fastPath: vars.MCP_FAST_PATH,
      },
      oauthServer: {
        accessTokenTtlSeconds: vars.MCP_OAUTH_ACCESS_TOKEN_TTL_SECONDS,
        refreshTokenTtlSeconds: vars.MCP_OAUTH_REFRESH_TOKEN_TTL_DAYS * 86_400,
        clientIdleMs: vars.MCP_OAUTH_CLIENT_IDLE_DAYS * 86_400_000,
        registrationsPerHour: vars.MCP_OAUTH_REGISTRATIONS_PER_HOUR,
        clientIdMetadataDocuments: vars.MCP_OAUTH_CLIENT_METADATA_DOCUMENTS,
        clientIdMetadataHosts: vars.MCP_OAUTH_CLIENT_METADATA_HOSTS,
        // Development machines run client fixtures on localhost; nowhere else may we be made to fetch inside.
        clientIdMetadataAllowPrivate: vars.MCP_OAUTH_CLIENT_METADATA_ALLOW_PRIVATE ?? vars.NODE_ENV === 'development',
        reauthTicketTtlSeconds: vars.MCP_REAUTH_TICKET_TTL_SECONDS,
      },
      redisUrl: vars.REDIS_URL,
      events: {
        fanout: vars.EVENTS_FANOUT,
        heartbeatMs: vars.EVENTS_HEARTBEAT_SECONDS * 1000,
        retryMs: vars.EVENTS_RETRY_MS,
        maxStreamsPerUser: vars.EVENTS_MAX_STREAMS_PER_USER,
        retentionMs: vars.EVENTS_RETENTION_HOURS * 3_600_000,
        retainPerUser: vars.EVENTS_RETAIN_PER_USER,
        maxBufferBytes: vars.EVENTS_MAX_BUFFER_KB * 1024,
      },
      metrics: { token: vars.METRICS_TOKEN },
      docs: {
        access: vars.DOCS_ACCESS ?? (production ? 'admin' : 'open'),
        basic:
          vars.DOCS_USERNAME && vars.DOCS_PASSWORD
            ? { username: vars.DOCS_USERNAME, password: vars.DOCS_PASSWORD }
            : undefined,
      },
      logLevel: vars.LOG_LEVEL,
      throttle: {
        ttlSeconds: vars.THROTTLE_TTL_SECONDS,
        limit: vars.THROTTLE_LIMIT,
        expensiveLimit: vars.THROTTLE_EXPENSIVE_LIMIT,
      },
    },
  };
}

/**
 * The longest a cart add can be in flight after its ledger lines are written, each Kroger call
 * within KROGER_TIMEOUT_MS: a token refresh, a refresh and retry after a 401, the partner cart read
 * with its retries, and up to 25 line writes; plus a minute for the database and the event loop.
 * Recovering sooner could call a live request's lines UNKNOWN while it still waits for Kroger.
 */
function longestCartAddMs(vars: Environment): number {
  const calls = 3 + vars.KROGER_RETRY_ATTEMPTS + 25;
  return calls * vars.KROGER_TIMEOUT_MS + vars.KROGER_RETRY_BUDGET_MS + 60_000;
}

/** With no Kroger credentials the service runs against the sandbox, so a fresh clone needs no setup. */
function resolveKrogerEnvironment(vars: Environment): KrogerEnvironment {
  if (vars.KROGER_ENV) return vars.KROGER_ENV;
  return vars.KROGER_CLIENT_ID && vars.KROGER_CLIENT_SECRET ? 'production' : 'sandbox';
}

/** Accepts 32 bytes as 64 hex characters or as base64/base64url. */
export function decodeEncryptionKey(raw: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(raw)) {
    const key = Buffer.from(raw, 'base64url');
    return key.length === 32 ? key : undefined;
  }
  return undefined;
}

interface Secrets {
  tokenEncryptionKey: Buffer;
  previousTokenEncryptionKey: Buffer | undefined;
  adminApiKey: string;
}

function resolveSecrets(vars: Environment, production: boolean, problems: string[], warnings: string[]): Secrets {
  const local = production ? undefined : new LocalSecrets(vars.PGLITE_DATA_DIR);
  const pick = (name: 'TOKEN_ENCRYPTION_KEY' | 'ADMIN_API_KEY', generate: () => string): string => {
    const value = vars[name];
    if (value) {
      if (production && PLACEHOLDER.test(value)) problems.push(`${name}: looks like a placeholder; set a real secret`);
      return value;
    }
    if (!local) {
      problems.push(`${name}: is required when NODE_ENV is production`);
      return '';
    }
    const { value: generated, created } = local.get(name, generate);
    warnings.push(
      `${name} is not set: using a local secret ${created ? 'generated now' : 'generated earlier'} in ${local.file}. ` +
        'Set it explicitly for any shared deployment.',
    );
    return generated;
  };

  const rawKey = pick('TOKEN_ENCRYPTION_KEY', () => randomBytes(32).toString('base64url'));
  const tokenEncryptionKey = decodeEncryptionKey(rawKey);
  if (rawKey && !tokenEncryptionKey) {
    problems.push('TOKEN_ENCRYPTION_KEY: must be 32 bytes, as 64 hex characters or 43 base64url characters');
  }
  const adminApiKey = pick('ADMIN_API_KEY', () => randomBytes(24).toString('base64url'));
  if (adminApiKey && adminApiKey.length < 24) problems.push('ADMIN_API_KEY: must be at least 24 characters');
  const previousTokenEncryptionKey = vars.TOKEN_ENCRYPTION_KEY_PREVIOUS
    ? decodeEncryptionKey(vars.TOKEN_ENCRYPTION_KEY_PREVIOUS)
    : undefined;
  if (vars.TOKEN_ENCRYPTION_KEY_PREVIOUS && !previousTokenEncryptionKey) {
    problems.push('TOKEN_ENCRYPTION_KEY_PREVIOUS: must be 32 bytes, as 64 hex characters or 43 base64url characters');
  }
  return { tokenEncryptionKey: tokenEncryptionKey ?? Buffer.alloc(0), previousTokenEncryptionKey, adminApiKey };
}

/** Secrets generated once for local development and kept beside the embedded database. */
class LocalSecrets {
  readonly file: string;
  private values: Record<string, string>;

  constructor(dataDir: string) {
    this.file = join(resolve(dataDir), 'local-secrets.json');
    this.values = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>) : {};
  }

  get(name: string, generate: () => string): { value: string; created: boolean } {
    const existing = this.values[name];
    if (existing) return { value: existing, created: false };
    const value = generate();
    this.values[name] = value;
    mkdirSync(resolve(this.file, '..'), { recursive: true });
    writeFileSync(this.file, JSON.stringify(this.values, null, 2), { mode: 0o600 });
    return { value, created: true };
  }
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
