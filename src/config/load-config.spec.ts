import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './app-config';
import { decodeEncryptionKey, loadConfig } from './load-config';

const KEY = Buffer.alloc(32, 1).toString('base64url');
const ADMIN = 'a'.repeat(32);
const dataDir = () => mkdtempSync(join(tmpdir(), 'config-spec-'));

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs on embedded defaults: PGlite, the Kroger sandbox, generated local secrets', () => {
    const dir = dataDir();
    const { config, warnings } = loadConfig({ PGLITE_DATA_DIR: dir });
    expect(config.database.url).toBeUndefined();
    expect(config.kroger).toMatchObject({ environment: 'sandbox', tier: 'public', baseUrl: undefined });
    expect(config.kroger.redirectUri).toBe('http://localhost:3000/api/v1/auth/kroger/callback');
    expect(config.auth.tokenEncryptionKey).toHaveLength(32);
    expect(warnings.join('\n')).toContain('TOKEN_ENCRYPTION_KEY is not set');
    const secretsFile = join(dir, 'local-secrets.json');
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);

    // Generated once: the second start reads the same secrets back.
    const again = loadConfig({ PGLITE_DATA_DIR: dir });
    expect(again.config.auth.tokenEncryptionKey.equals(config.auth.tokenEncryptionKey)).toBe(true);
    expect(JSON.parse(readFileSync(secretsFile, 'utf8'))).toHaveProperty('ADMIN_API_KEY', config.auth.adminApiKey);
  });

  it('defaults to production Kroger once credentials are given', () => {
    const { config } = loadConfig({
      PGLITE_DATA_DIR: dataDir(),
      KROGER_CLIENT_ID: 'id',
      KROGER_CLIENT_SECRET: 'secret',
    });
    expect(config.kroger).toMatchObject({ environment: 'production', baseUrl: 'https://api.kroger.com' });
  });

  it('names each bad variable with its rule and the value it got', () => {
    const problems = problemsOf({
      PORT: '70000',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://x',
      CORS_ORIGINS: 'not a url',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT: must be at most 65535 (got "70000")',
        'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
        'DATABASE_URL: must be a postgresql:// connection URL',
        'CORS_ORIGINS: "not a url" is not an absolute URL (got "not a url")',
      ]),
    );
    // Secret-bearing variables are named, never echoed.
    expect(problems.join('\n')).not.toContain('mysql://x');
  });

  it('refuses script-bearing, credentialed and badly wildcarded return URLs but allows custom app schemes', () => {
    expect(problemsOf({ PGLITE_DATA_DIR: dataDir(), ALLOWED_RETURN_URLS: 'javascript:alert(1)' })).toEqual([
      'ALLOWED_RETURN_URLS: "javascript:alert(1)" uses javascript:, data:, file: or vbscript: (got "javascript:alert(1)")',
    ]);
    expect(
      problemsOf({
        PGLITE_DATA_DIR: dataDir(),
        ALLOWED_RETURN_URLS: 'https://app.example.com/k*, https://u@app.example.com/',
      }),
    ).toEqual([
      'ALLOWED_RETURN_URLS: "https://app.example.com/k*" has a wildcard that is not a whole last path segment after a host, as in https://app.example.com/kroger/* (no query) (got "https://app.example.com/k*, https://u@app.example.com/")',
      'ALLOWED_RETURN_URLS: "https://u@app.example.com/" has a user name or password (got "https://app.example.com/k*, https://u@app.example.com/")',
    ]);
    const { config } = loadConfig({
      PGLITE_DATA_DIR: dataDir(),
      ALLOWED_RETURN_URLS: 'myapp://auth, https://app.example.com/done',
    });
    expect(config.auth.allowedReturnUrls).toEqual(['myapp://auth', 'https://app.example.com/done']);
  });

  it('requires credentials for real Kroger environments, and both halves together', () => {
    expect(problemsOf({ PGLITE_DATA_DIR: dataDir(), KROGER_ENV: 'certification' })).toEqual([
      'KROGER_CLIENT_ID: is required when KROGER_ENV is certification',
      'KROGER_CLIENT_SECRET: is required when KROGER_ENV is certification',
    ]);
    expect(problemsOf({ PGLITE_DATA_DIR: dataDir(), KROGER_CLIENT_ID: 'only-id' })).toContain(
      'KROGER_CLIENT_SECRET: KROGER_CLIENT_ID and KROGER_CLIENT_SECRET must be set together',
    );
  });

  it('in production, refuses missing and placeholder secrets instead of generating them', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'TOKEN_ENCRYPTION_KEY: is required when NODE_ENV is production',
      'ADMIN_API_KEY: is required when NODE_ENV is production',
    ]);
    expect(
      problemsOf({
        NODE_ENV: 'production',
        TOKEN_ENCRYPTION_KEY: 'change-me',
        ADMIN_API_KEY: 'changeme-changeme-changeme',
      }),
    ).toEqual(
      expect.arrayContaining([
        'TOKEN_ENCRYPTION_KEY: looks like a placeholder; set a real secret',
        'ADMIN_API_KEY: looks like a placeholder; set a real secret',
      ]),
    );
    const { config } = loadConfig({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEY: KEY, ADMIN_API_KEY: ADMIN });
    expect(config.auth.adminApiKey).toBe(ADMIN);
  });

  it('accepts a 32-byte key as hex or base64url, nothing shorter', () => {
    expect(decodeEncryptionKey('ab'.repeat(32))).toHaveLength(32);
    expect(decodeEncryptionKey(KEY)).toHaveLength(32);
    expect(decodeEncryptionKey('ab'.repeat(16))).toBeUndefined();
    expect(problemsOf({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEY: 'too-short-key', ADMIN_API_KEY: ADMIN })).toEqual(
      ['TOKEN_ENCRYPTION_KEY: must be 32 bytes, as 64 hex characters or 43 base64url characters'],
    );
  });

  it('believes no proxy by default, and takes a hop count or proxy addresses', () => {
    const env = { PGLITE_DATA_DIR: dataDir() };
    expect(loadConfig(env).config.http.trustProxy).toBe(false);
    expect(loadConfig({ ...env, TRUST_PROXY: '1' }).config.http.trustProxy).toBe(1);
    expect(loadConfig({ ...env, TRUST_PROXY: 'loopback, 10.0.0.0/8, 2001:db8::/32' }).config.http.trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '2001:db8::/32',
    ]);
    expect(problemsOf({ ...env, TRUST_PROXY: 'everyone' })[0]).toMatch(/^TRUST_PROXY: "everyone" must be none/);
    expect(problemsOf({ ...env, TRUST_PROXY: '10.0.0.0/33' })[0]).toMatch(/^TRUST_PROXY:/);
  });

  it('reads quota shares as percentages, in basis points', () => {
    const env = { PGLITE_DATA_DIR: dataDir() };
    expect(loadConfig(env).config.kroger.gateway.spend).toEqual({
      userShareBp: 500,
      clientShareBp: 500,
      anonymousShareBp: 200,
      anonymousPoolBp: 2000,
      reserveBp: 1000,
    });
    expect(loadConfig({ ...env, KROGER_USER_SHARE_PERCENT: '2.5' }).config.kroger.gateway.spend.userShareBp).toBe(250);
    expect(problemsOf({ ...env, KROGER_USER_SHARE_PERCENT: '0' })[0]).toMatch(
      /^KROGER_USER_SHARE_PERCENT: must be between/,
    );
    expect(problemsOf({ ...env, KROGER_RESERVE_PERCENT: '95' })[0]).toMatch(/^KROGER_RESERVE_PERCENT:/);
    expect(problemsOf({ ...env, KROGER_USER_SHARE_PERCENT: 'half' })[0]).toMatch(/must be a percentage/);
  });

  it('closes the docs in production unless told otherwise, and wants a docs sign-in complete and real', () => {
    const production = { NODE_ENV: 'production', TOKEN_ENCRYPTION_KEY: KEY, ADMIN_API_KEY: ADMIN };
    expect(loadConfig(production).config.docs).toEqual({ access: 'admin', basic: undefined });
    expect(loadConfig({ ...production, DOCS_ACCESS: 'off' }).config.docs.access).toBe('off');
    expect(loadConfig({ PGLITE_DATA_DIR: dataDir() }).config.docs.access).toBe('open');
    expect(problemsOf({ ...production, DOCS_USERNAME: 'ops' })).toContain(
      'DOCS_PASSWORD: DOCS_USERNAME and DOCS_PASSWORD must be set together',
    );
    expect(problemsOf({ ...production, DOCS_ACCESS: 'public' })).toEqual([
      'DOCS_ACCESS: must be open, admin or off (got "public")',
    ]);
    expect(problemsOf({ ...production, METRICS_TOKEN: 'changeme-changeme-changeme' })).toContain(
      'METRICS_TOKEN: looks like a placeholder; set a real secret',
    );
    expect(problemsOf({ ...production, METRICS_TOKEN: 'short' })).toEqual([
      'METRICS_TOKEN: must be at least 24 characters',
    ]);
  });
});
