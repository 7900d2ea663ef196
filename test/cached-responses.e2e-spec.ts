import { KrogerEnvironmentInfo } from '../src/kroger/kroger-environment';
import { bearer, linkAccount } from './support/accounts';
import { sendWithHeaders } from './support/raw-http';
import { SandboxControl } from './support/sandbox-control';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

/**
 * Serving from the cache is invisible to clients (issue #15): the answer built from Kroger's
 * response and the one served from the cache are the same bytes under the same ETag, and a client
 * revalidating with that ETag gets a 304.
 */
describe('Cached answers (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let sandbox: SandboxControl;
  let auth: Record<string, string>;

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(
      baseEnv(database, { ALLOWED_RETURN_URLS: 'https://app.example.com/kroger/done', JOBS_ENABLED: 'false' }),
    );
    sandbox = new SandboxControl(service.app.get(KrogerEnvironmentInfo).describe().baseUrl);
    auth = bearer((await linkAccount(service.url, { returnTo: 'https://app.example.com/kroger/done' })).accessToken);
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  // node:http, not fetch: fetch turns a request with If-None-Match into a reload (Cache-Control: no-cache).
  async function get(path: string, headers: Record<string, string> = {}) {
    const res = await sendWithHeaders(`${service.url}${path}`, { ...auth, ...headers });
    return {
      status: res.status,
      etag: String(res.headers.etag ?? ''),
      headers: res.headers,
      bytes: Buffer.from(res.text),
    };
  }

  it.each([
    ['a product search', '/api/v1/products?term=cached%20yogurt&locationId=01400943&limit=10', '/v1/products'],
    ['a product by id', '/api/v1/products/0001111041700?locationId=01400943', '/v1/products'],
    ['a store', '/api/v1/locations/01400376', '/v1/locations'],
  ])('%s: the cached answer is byte-identical to the uncached one, with the same ETag', async (_, path, upstream) => {
    const before = (await sandbox.calls(upstream)).length;
    const uncached = await get(path);
    const afterFirst = (await sandbox.calls(upstream)).length;
    const cached = await get(path);
    const afterSecond = (await sandbox.calls(upstream)).length;

    expect(uncached.status).toBe(200);
    expect(afterFirst).toBeGreaterThan(before); // the first answer was built from Kroger's response
    expect(afterSecond).toBe(afterFirst); // the second came from the cache
    expect(cached.status).toBe(200);
    expect(cached.bytes.equals(uncached.bytes)).toBe(true);
    expect(cached.etag).toMatch(/^W\/"[0-9a-f]+-/);
    expect(cached.etag).toBe(uncached.etag);
    expect(cached.headers['content-type']).toBe(uncached.headers['content-type']);
    expect(cached.headers['content-length']).toBe(String(uncached.bytes.length));

    const revalidated = await get(path, { 'If-None-Match': uncached.etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.bytes.length).toBe(0);
    expect(revalidated.etag).toBe(uncached.etag);
  });

  it('a different answer has a different ETag, and an old ETag then gets the full answer', async () => {
    const ten = await get('/api/v1/products?term=cached%20milk&locationId=01400943&limit=10');
    const five = await get('/api/v1/products?term=cached%20milk&locationId=01400943&limit=5');
    expect(five.etag).not.toBe(ten.etag);
    const stale = await get('/api/v1/products?term=cached%20milk&locationId=01400943&limit=5', {
      'If-None-Match': ten.etag,
    });
    expect(stale.status).toBe(200);
    expect(stale.bytes.equals(five.bytes)).toBe(true);
  });

  it("two users with different preferred stores each get their own store's prices, cached or not", async () => {
    const stores = ['01400943', '01600569'];
    const shoppers = ['pat@example.com', 'riley@example.com'];
    const users = await Promise.all(
      stores.map(async (locationId, i) => {
        const account = await linkAccount(service.url, {
          email: shoppers[i],
          returnTo: 'https://app.example.com/kroger/done',
        });
        const headers = bearer(account.accessToken);
        const set = await fetch(`${service.url}/api/v1/me/preferred-location`, {
          method: 'PUT',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ locationId }),
        });
        expect(set.status).toBe(200);
        return { locationId, headers };
      }),
    );
    const paths = ['/api/v1/products?term=shared%20cereal&limit=5', '/api/v1/products/0001111041700'];
    type Answer = Awaited<ReturnType<typeof get>>;
    const answers = new Map<string, Answer[]>();
    // Interleaved, so each user's second answer is read while the other's is cached as well.
    for (let round = 0; round < 2; round++)
      for (const user of users)
        for (const path of paths) {
          const key = `${user.locationId} ${path}`;
          answers.set(key, [...(answers.get(key) ?? []), await get(path, user.headers)]);
        }

    const pricesOf = (answer: Answer) => {
      const body = JSON.parse(answer.bytes.toString()) as { data?: unknown[] } & Record<string, unknown>;
      return (body.data ?? [body]) as { locationId?: string; price?: { regular: number } }[];
    };
    for (const user of users)
      for (const path of paths) {
        const [uncached, cached] = answers.get(`${user.locationId} ${path}`)!;
        expect(cached.status).toBe(200);
        expect(cached.bytes.equals(uncached.bytes)).toBe(true);
        expect(cached.etag).toBe(uncached.etag);
        expect(cached.headers['cache-control']).toBe('private, max-age=60');
        for (const product of pricesOf(cached)) {
          expect({ path, locationId: product.locationId }).toEqual({ path, locationId: user.locationId });
          expect(product.price).toEqual(expect.objectContaining({ regular: expect.any(Number) }));
        }
      }
    for (const path of paths) {
      const [first, second] = stores.map((store) => answers.get(`${store} ${path}`)![1]);
      expect(first.bytes.equals(second.bytes)).toBe(false);
      expect(first.etag).not.toBe(second.etag);
    }
  });
});
