import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { KrogerUserTokens } from '../src/auth/kroger-user-tokens';
import { createApp } from '../src/bootstrap';
import { KrogerEnvironmentInfo } from '../src/kroger/kroger-environment';
import { bearer, linkAccount } from './support/accounts';
import { Exposition, parsePrometheusText, samplesOf, sumOf } from './support/prometheus-text';
import { SandboxControl } from './support/sandbox-control';
import { baseEnv, Env, TEST_ADMIN_KEY, TestApp, TestDatabase } from './support/test-app';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const RETURN_TO = 'https://app.example.com/kroger/done';

/** Boots the app through bootstrap.ts with its log lines captured as parsed JSON. */
async function startWithLogs(env: Env): Promise<TestApp & { logs: Record<string, any>[] }> {
  const logs: Record<string, any>[] = [];
  const { app, config } = await createApp({
    env,
    logTo: { write: (line: string) => void logs.push(JSON.parse(line)) },
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, config, url: `http://127.0.0.1:${port}`, close: () => app.close(), logs };
}

describe('Operations: metrics, request logs, log levels (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp & { logs: Record<string, any>[] };
  let sandbox: SandboxControl;
  let accessToken: string;
  let userId: string;

  const scrape = async (): Promise<Exposition> => {
    const res = await request(service.url).get('/metrics').set(bearer(METRICS_TOKEN)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(res.text);
  };
  const linesOf = (requestId: string) => service.logs.filter((line) => line.req?.id === requestId);

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startWithLogs(
      baseEnv(database, {
        LOG_LEVEL: 'info',
        METRICS_TOKEN,
        ALLOWED_RETURN_URLS: RETURN_TO,
        JOBS_ENABLED: 'false',
        THROTTLE_LIMIT: '40',
      }),
    );
    sandbox = new SandboxControl(service.app.get(KrogerEnvironmentInfo).describe().baseUrl);
    accessToken = (await linkAccount(service.url, { returnTo: RETURN_TO })).accessToken;
    userId = (await request(service.url).get('/api/v1/me').set(bearer(accessToken)).expect(200)).body.userId;
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('refuses /metrics without credentials or with wrong ones, and keeps it out of the API document', async () => {
    const none = await request(service.url).get('/metrics').expect(401);
    expect(none.body).toMatchObject({ code: 'metrics.credentials_required' });
    await request(service.url).get('/metrics').set(bearer('not-the-metrics-token-000000')).expect(403);
    // A customer's own token is no metrics credential.
    await request(service.url).get('/metrics').set(bearer(accessToken)).expect(403);
    await request(service.url).get('/metrics').set('X-Admin-Key', TEST_ADMIN_KEY).expect(200);
    const document = await request(service.url).get('/docs/openapi.json').expect(200);
    expect(Object.keys(document.body.paths)).not.toContain('/metrics');
  });

  it('counts REST requests by route template and Kroger calls, cache hits and misses, quota and breakers', async () => {
    const before = await scrape();
    const restCount = (e: Exposition) =>
      sumOf(e, 'http_request_duration_seconds_count', {
        route: '/api/v1/products',
        method: 'GET',
        status: '200',
        channel: 'rest',
      });
    const productCalls = (e: Exposition) =>
      sumOf(e, 'kroger_call_duration_seconds_count', { api: 'products', endpoint: 'products', outcome: 'ok' });
    const cache = (e: Exposition, result: string) => sumOf(e, 'kroger_cache_requests_total', { result });
    const upstreamBefore = (await sandbox.calls('/v1/products')).length;
    // The application's token is the service's own call, not the request's.
    const callsForRequests = async () =>
      (await sandbox.calls()).filter((call) => call.path !== '/v1/connect/oauth2/token').length;

    const search = () =>
      request(service.url)
        .get('/api/v1/products?term=bread&locationId=01400943&limit=5')
        .set(bearer(accessToken))
        .expect(200);
    const allBefore = await callsForRequests();
    const miss = await search();
    const causedByMiss = (await callsForRequests()) - allBefore;
    const hit = await search();
    await request(service.url).get('/api/v1/no-such-thing/12345').expect(404);
    const after = await scrape();

    const upstream = (await sandbox.calls('/v1/products')).length - upstreamBefore;
    expect(upstream).toBeGreaterThan(0);
    expect(restCount(after) - restCount(before)).toBe(2);
    expect(productCalls(after) - productCalls(before)).toBe(upstream);
    expect(cache(after, 'miss') - cache(before, 'miss')).toBeGreaterThanOrEqual(1);
    expect(cache(after, 'hit') - cache(before, 'hit')).toBeGreaterThanOrEqual(1);
    // Templates only: no raw path, query or search term becomes a label.
    const routes = new Set(samplesOf(after, 'http_request_duration_seconds_count').map((s) => s.labels.route));
    for (const route of routes) expect(route).not.toMatch(/\?|bread|01400943|12345/);
    expect(sumOf(after, 'http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBeGreaterThan(
      0,
    );

    const used = sumOf(after, 'kroger_quota_used', { endpoint: 'products' });
    expect(used).toBeGreaterThanOrEqual(upstream);
    expect(sumOf(after, 'kroger_quota_remaining', { endpoint: 'products' })).toBe(10_000 - used);
    expect(sumOf(after, 'kroger_breaker_state', { api: 'products', state: 'closed' })).toBe(1);
    expect(sumOf(after, 'kroger_breaker_state', { api: 'products', state: 'open' })).toBe(0);

    // The request line: route template, status, duration, user hash, and the Kroger calls it caused.
    const userHash = createHash('sha256').update(userId).digest('hex').slice(0, 16);
    const [missLine] = linesOf(miss.headers['x-request-id']).filter((line) => line.msg === 'request completed');
    const [hitLine] = linesOf(hit.headers['x-request-id']).filter((line) => line.msg === 'request completed');
    expect(missLine).toMatchObject({ route: '/api/v1/products', channel: 'rest', userHash, res: { statusCode: 200 } });
    expect(typeof missLine.responseTime).toBe('number');
    expect(missLine.kroger.calls).toBe(causedByMiss);
    expect(missLine.kroger.ms).toBeGreaterThanOrEqual(0);
    expect(hitLine.kroger).toEqual({ calls: 0, ms: 0 });
    // No credential reaches a log line.
    expect(JSON.stringify(service.logs)).not.toContain(accessToken);
  });

  it('labels MCP requests with the channel and the tool a tools/call ran', async () => {
    const pat = (
      await request(service.url)
        .post('/api/v1/me/tokens')
        .set(bearer(accessToken))
        .send({ name: 'metrics', scopes: ['read'] })
        .expect(201)
    ).body.token;
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${service.url}/mcp`), { requestInit: { headers: bearer(pat) } }),
    );
    const before = await scrape();
    const result = await client.callTool({ name: 'search_products', arguments: { term: 'eggs', limit: 2 } });
    await client.close();
    expect(result.isError).toBeFalsy();
    const after = await scrape();
    const toolCalls = (e: Exposition) =>
      sumOf(e, 'http_request_duration_seconds_count', { route: '/mcp', channel: 'mcp', tool: 'search_products' });
    expect(toolCalls(after) - toolCalls(before)).toBe(1);
  });

  it('reports links, top spenders, token refreshes and the process, with global series marked as such', async () => {
    await service.app.get(KrogerUserTokens).refreshLocked(userId, { minRemainingMs: 86_400_000 });
    const userHash = createHash('sha256').update(userId).digest('hex').slice(0, 16);
    const productSpend = (e: Exposition) =>
      samplesOf(e, 'kroger_user_spend_top_calls').find(
        (s) => s.labels.user_hash === userHash && s.labels.endpoint === 'products',
      )?.value;
    // Database-derived gauges are read at most every few seconds: an earlier scrape's reading may still be served.
    let metrics = await scrape();
    for (let attempt = 0; attempt < 40 && productSpend(metrics) === undefined; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      metrics = await scrape();
    }
    expect(sumOf(metrics, 'kroger_links', { status: 'ACTIVE' })).toBe(1);
    expect(sumOf(metrics, 'kroger_links', { status: 'REAUTH_REQUIRED' })).toBe(0);
    expect(sumOf(metrics, 'kroger_link_refresh_overdue_seconds')).toBe(0);
    expect(sumOf(metrics, 'kroger_token_refreshes_total', { outcome: 'refreshed' })).toBe(1);
    expect(samplesOf(metrics, 'kroger_user_spend_top_calls').length).toBeLessThanOrEqual(10);
    expect(productSpend(metrics)).toBeGreaterThan(0);
    expect(JSON.stringify(metrics.samples)).not.toContain(userId);
    expect(metrics.help.get('kroger_links')).toMatch(/Global/);
    expect(samplesOf(metrics, 'process_resident_memory_bytes')[0].value).toBeGreaterThan(0);
    expect(samplesOf(metrics, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
  });

  it('serves every series the Grafana dashboard in deploy/ reads', async () => {
    const dashboard = readFileSync(join(__dirname, '..', 'deploy', 'grafana-dashboard.json'), 'utf8');
    const expressions = (JSON.parse(dashboard) as { panels: { targets: { expr: string }[] }[] }).panels.flatMap(
      (panel) => panel.targets.map((target) => target.expr),
    );
    const read = new Set(
      expressions.flatMap((expr) => expr.match(/\b(?:http|kroger|process|nodejs)_[a-z0-9_]+/g) ?? []),
    );
    const families = (await scrape()).help;
    const missing = [...read].filter(
      (name) => !families.has(name) && !families.has(name.replace(/_(bucket|count|sum)$/, '')),
    );
    expect(read.size).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('turns one module up to debug at run time, and its Kroger call lines carry the request id', async () => {
    const krogerLines = (requestId: string) => linesOf(requestId).filter((line) => line.msg === 'Kroger call');
    const search = (term: string) =>
      request(service.url).get(`/api/v1/products?term=${term}&limit=3`).set(bearer(accessToken)).expect(200);
    const quiet = await search('apples');
    expect(krogerLines(quiet.headers['x-request-id'])).toHaveLength(0);

    await request(service.url)
      .put('/api/v1/admin/log-levels')
      .send({ modules: { KrogerHttp: 'debug' } })
      .expect(401);
    const set = await request(service.url)
      .put('/api/v1/admin/log-levels')
      .set('X-Admin-Key', TEST_ADMIN_KEY)
      .send({ modules: { KrogerHttp: 'debug' } })
      .expect(200);
    expect(set.body).toEqual({ default: 'info', modules: { KrogerHttp: 'debug' } });

    const loud = await search('pears');
    const calls = krogerLines(loud.headers['x-request-id']);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[0]).toMatchObject({ context: 'KrogerHttp', kroger: { endpoint: 'products', outcome: 'ok' } });
    expect(JSON.stringify(calls)).not.toMatch(/Bearer|authorization/i);
    // Other modules stay at the default: no debug line from anyone else.
    expect(service.logs.filter((line) => line.level === 20 && line.context !== 'KrogerHttp')).toHaveLength(0);

    await request(service.url)
      .put('/api/v1/admin/log-levels')
      .set('X-Admin-Key', TEST_ADMIN_KEY)
      .send({ modules: { KrogerHttp: null } })
      .expect(200);
    const quietAgain = await search('plums');
    expect(krogerLines(quietAgain.headers['x-request-id'])).toHaveLength(0);
    const audit = await request(service.url)
      .get('/api/v1/admin/audit-events?type=log_levels.changed')
      .set('X-Admin-Key', TEST_ADMIN_KEY)
      .expect(200);
    expect(audit.body.data).toHaveLength(2);
  });

  it('is not rate limited: a scraper polling more often than the limit allows is always answered', async () => {
    for (let i = 0; i < 45; i += 1) await request(service.url).get('/metrics').set(bearer(METRICS_TOKEN)).expect(200);
  });
});

describe('Swagger access (e2e)', () => {
  let database: TestDatabase;
  let production: TestApp;
  const docs = { DOCS_USERNAME: 'operator', DOCS_PASSWORD: 'docs-password-0123456789' };
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  beforeAll(async () => {
    database = await TestDatabase.create();
    const { app, config } = await createApp({
      env: baseEnv(database, { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://api.example.com', ...docs }),
    });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    production = { app, config, url: `http://127.0.0.1:${port}`, close: () => app.close() };
  });
  afterAll(async () => {
    await production?.close();
    await database?.drop();
  });

  it('in production, asks for the admin key or the documentation sign-in', async () => {
    for (const path of ['/docs', '/docs/', '/docs/openapi.json', '/docs/openapi.yaml']) {
      const refused = await request(production.url).get(path).expect(401);
      expect(refused.headers['www-authenticate']).toMatch(/^Basic /);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(refused.text)).toMatchObject({ code: 'docs.credentials_required' });
    }
    await request(production.url)
      .get('/docs/openapi.json')
      .set('Authorization', basic('operator', 'wrong-password-0000'))
      .expect(401);
    await request(production.url)
      .get('/docs/openapi.json')
      .set('X-Admin-Key', 'wrong-admin-key-0123456789')
      .expect(401);

    const byKey = await request(production.url)
      .get('/docs/openapi.json')
      .set('X-Admin-Key', TEST_ADMIN_KEY)
      .expect(200);
    expect(byKey.body.openapi).toMatch(/^3\./);
    await request(production.url)
      .get('/docs/openapi.json')
      .set('Authorization', basic('operator', docs.DOCS_PASSWORD))
      .expect(200);
    const page = await request(production.url)
      .get('/docs/')
      .set('Authorization', basic('admin', TEST_ADMIN_KEY))
      .expect(200);
    expect(page.text).toMatch(/swagger-ui/i);
    // The API itself is not behind the docs sign-in.
    await request(production.url).get('/health/live').expect(200);
  });

  it('outside production, is open', async () => {
    const development = await createApp({ env: baseEnv(database, { NODE_ENV: 'development' }) });
    await development.app.listen(0, '127.0.0.1');
    const { port } = development.app.getHttpServer().address() as { port: number };
    try {
      await request(`http://127.0.0.1:${port}`).get('/docs/openapi.json').expect(200);
    } finally {
      await development.app.close();
    }
  });
});
