import { createServer, Server } from 'node:http';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { linkAccount } from './support/accounts';
import { browserAvailable, launchChromium } from './support/browser';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

const RETURN_TO = 'https://app.example.com/kroger/done';
/** Response headers every browser lets scripts read without CORS exposing them (Fetch standard). */
const SAFELISTED = [
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
];

/** A web app on another origin: one empty page its scripts run in. */
function startWebApp(): Promise<{ server: Server; origin: string }> {
  return new Promise((resolve) => {
    const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>app</p>'));
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    );
  });
}

describe('CORS exposes every header a browser app reads (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let webApp: { server: Server; origin: string };
  let token: string;
  beforeAll(async () => {
    webApp = await startWebApp();
    database = await TestDatabase.create();
    service = await startApp(
      baseEnv(database, {
        CORS_ORIGINS: webApp.origin,
        ALLOWED_RETURN_URLS: RETURN_TO,
        JOBS_ENABLED: 'false',
      }),
    );
    token = (await linkAccount(service.url, { returnTo: RETURN_TO })).accessToken;
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
    await new Promise((resolve) => webApp?.server.close(resolve));
  });

  const exposedHeaders = async () => {
    const res = await request(service.url).get('/api/v1/chains').set('Origin', webApp.origin).expect(200);
    return res.headers['access-control-expose-headers'].split(',').map((name: string) => name.trim().toLowerCase());
  };

  it('exposes every response header the OpenAPI document declares', async () => {
    const doc = (await request(service.url).get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    const declared = new Set(
      Object.values(doc.paths)
        .flatMap((operations) => Object.values(operations))
        .flatMap((operation) => Object.values(operation.responses))
        .flatMap((response) => Object.keys(response.headers ?? {}))
        .map((name) => name.toLowerCase())
        // Set-Cookie is never readable by scripts, exposed or not.
        .filter((name) => !SAFELISTED.includes(name) && name !== 'set-cookie'),
    );
    expect(declared.size).toBeGreaterThan(5);
    const exposed = await exposedHeaders();
    expect([...declared].filter((name) => !exposed.includes(name))).toEqual([]);
    for (const name of ['link', 'x-ratelimit-remaining', 'idempotent-replayed', 'retry-after', 'x-request-id', 'etag'])
      expect(exposed).toContain(name);
  });

  it('answers a preflight for an idempotent cart add from the allowed origin, and not for another origin', async () => {
    const preflight = await request(service.url)
      .options('/api/v1/cart/items')
      .set('Origin', webApp.origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(webApp.origin);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toContain('idempotency-key');

    const foreign = await request(service.url).get('/api/v1/chains').set('Origin', 'https://elsewhere.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  (browserAvailable ? describe : describe.skip)('in a real browser', () => {
    let browser: Browser;
    beforeAll(async () => (browser = await launchChromium()));
    afterAll(async () => browser?.close());

    it('lets a page on the allowed origin read the paging, rate-limit, replay and request-id headers', async () => {
      const page = await browser.newPage();
      await page.goto(webApp.origin);
      const seen = await page.evaluate(
        async ({ api, token }) => {
          const read = (res: Response, names: string[]) =>
            Object.fromEntries(names.map((name) => [name, res.headers.get(name)]));
          const chains = await fetch(`${api}/api/v1/chains?limit=2`);
          const add = () =>
            fetch(`${api}/api/v1/cart/items`, {
              method: 'POST',
              headers: {
                Authorization: `Bearer ${token}`,
                'Content-Type': 'application/json',
                'Idempotency-Key': 'browser-add-0001',
              },
              body: JSON.stringify({ items: [{ upc: '0001111041700', quantity: 1, modality: 'PICKUP' }] }),
            });
          const first = await add();
          const replay = await add();
          const anonymous = await fetch(`${api}/api/v1/cart`);
          return {
            chains: read(chains, ['link', 'etag', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']),
            first: { status: first.status, replayed: first.headers.get('idempotent-replayed') },
            replay: read(replay, ['idempotent-replayed', 'x-request-id']),
            anonymous: { status: anonymous.status, challenge: anonymous.headers.get('www-authenticate') },
          };
        },
        { api: service.url, token },
      );
      expect(seen.chains).toEqual({
        link: expect.stringContaining('rel="next"'),
        etag: expect.stringMatching(/^W\//),
        'x-ratelimit-limit': expect.stringMatching(/^\d+$/),
        'x-ratelimit-remaining': expect.stringMatching(/^\d+$/),
        'x-ratelimit-reset': expect.stringMatching(/^\d+$/),
      });
      expect(seen.first).toEqual({ status: 201, replayed: null });
      expect(seen.replay).toEqual({ 'idempotent-replayed': 'true', 'x-request-id': expect.any(String) });
      expect(seen.anonymous).toEqual({ status: 401, challenge: expect.stringContaining('Bearer') });
    });
  });
});
