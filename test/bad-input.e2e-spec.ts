import request from 'supertest';
import type { Response } from 'supertest';
import { bearer, linkAccount } from './support/accounts';
import { sendRaw, sendWithHeaders } from './support/raw-http';
import { runService, waitForPort } from './support/service-process';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

const RETURN_TO = 'https://app.example.com/kroger/done';

/** Every refusal here is problem+json with its code and the request id, and quotes no internals. */
function expectProblem(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+|stack/i);
}

/** `[[[…]]]` as raw JSON text, `depth` levels deep. */
const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('Bad input is a 4xx problem, never a 500 (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let accessToken: string;

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(baseEnv(database, { ALLOWED_RETURN_URLS: RETURN_TO, JOBS_ENABLED: 'false' }));
    ({ accessToken } = await linkAccount(service.url, { returnTo: RETURN_TO }));
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  const postJson = (path: string, body: string) =>
    request(service.url).post(path).set('Content-Type', 'application/json').send(body);

  describe('JSON bodies', () => {
    it('refuses a body nested deeper than 32 levels before parsing it, and stays responsive', async () => {
      // Just under the 256 KB size limit, so only the depth limit can refuse it. Parsed and walked,
      // this took ~275 ms of event loop per request and ended in a stack overflow (500); the cost
      // now is measured by `npm run bench:bad-input`.
      const body = nestedArrays(125 * 1024);
      for (let i = 0; i < 5; i += 1) {
        const res = await postJson('/api/v1/auth/refresh', body);
        expectProblem(res, 400, 'request.body_too_deep');
        expect(res.body.detail).toContain('32 levels');
      }
      await request(service.url).get('/health/live').expect(200);
    });

    it('accepts nesting up to the limit: such a body reaches validation', async () => {
      // 1 level for the object and 31 for the arrays: 32 in all.
      const res = await postJson('/api/v1/auth/refresh', `{"refreshToken":${nestedArrays(31)}}`);
      expectProblem(res, 400, 'request.validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('refreshToken');
    });

    it('answers a body over 256 KB with 413', async () => {
      const res = await postJson('/api/v1/auth/refresh', JSON.stringify({ refreshToken: 'x'.repeat(300 * 1024) }));
      expectProblem(res, 413, 'request.body_too_large');
      expect(res.body.detail).toContain('256 KB');
    });

    it('answers malformed JSON with 400, without quoting the body back', async () => {
      const res = await postJson('/api/v1/auth/refresh', '{"refreshToken":"kbr_not-a-real-token-0123456789 ');
      expectProblem(res, 400, 'request.malformed_body');
      expect(res.text).not.toContain('kbr_not-a-real-token');
    });
  });

  describe('query strings and media types', () => {
    it("treats Object's own names (constructor, toString, __proto__) as unknown fields, not a 500", async () => {
      for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
        const res = await request(service.url).get(`/api/v1/locations?zipCode=45202&${name}=1`);
        expectProblem(res, 400, 'request.validation_failed');
        expect(res.body.errors).toEqual([expect.objectContaining({ field: name, rule: 'unknownField' })]);
      }
    });

    it('answers a body that is not JSON with 415 instead of validating it as missing', async () => {
      const res = await request(service.url)
        .put('/api/v1/me/preferred-location')
        .set(bearer(accessToken))
        .set('Content-Type', 'text/plain')
        .send('{"locationId":"01400943"}');
      expectProblem(res, 415, 'request.unsupported_media_type');
    });

    it('reads a JSON body that is not an object as JSON and says which shape it wanted', async () => {
      const res = await postJson('/api/v1/auth/refresh', 'null');
      expectProblem(res, 400, 'request.validation_failed');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'type' })]);
    });

    it('lists at most 20 field errors however many unknown fields a small body names', async () => {
      const body = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 0]));
      const res = await request(service.url).post('/api/v1/auth/session').send(body);
      expectProblem(res, 400, 'request.validation_failed');
      expect(res.body.errors.length).toBeLessThanOrEqual(21);
      expect(res.text.length).toBeLessThan(10_000);
    });
  });

  describe('text PostgreSQL cannot store', () => {
    it('refuses a NUL in a body field, naming the field (it used to reach the database: 500)', async () => {
      const res = await request(service.url)
        .post('/api/v1/me/tokens')
        .set(bearer(accessToken))
        .send({ name: 'a\u0000b', scopes: ['read'] });
      expectProblem(res, 400, 'request.validation_failed');
      expect(res.body.errors).toEqual([
        {
          field: 'name',
          rule: 'storableText',
          message: 'name (in the body) contains a NUL character (\\u0000), which cannot be stored',
        },
      ]);
      const tokens = await request(service.url).get('/api/v1/me/tokens').set(bearer(accessToken)).expect(200);
      expect(JSON.stringify(tokens.body)).not.toContain('\\u0000');
    });

    it('names a nested field by its dotted path', async () => {
      const res = await request(service.url)
        .post('/api/v1/cart/items')
        .set(bearer(accessToken))
        .send({
          items: [
            { upc: '0001111041700', quantity: 1, modality: 'PICKUP' },
            { upc: '000111104\u00001700', quantity: 1, modality: 'PICKUP' },
          ],
        });
      expectProblem(res, 400, 'request.validation_failed');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'items.1.upc', rule: 'storableText' })]);
    });

    it('refuses an unpaired UTF-16 surrogate', async () => {
      const res = await request(service.url)
        .post('/api/v1/me/tokens')
        .set(bearer(accessToken))
        .send({ name: 'cli \uD800', scopes: ['read'] });
      expectProblem(res, 400, 'request.validation_failed');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'name', rule: 'storableText', message: expect.stringContaining('surrogate') }),
      ]);
    });

    it('refuses a NUL in the query string and in a path parameter', async () => {
      const query = await request(service.url).get('/api/v1/products?term=milk%00');
      expectProblem(query, 400, 'request.validation_failed');
      expect(query.body.errors).toEqual([
        expect.objectContaining({ field: 'term', rule: 'storableText', message: expect.stringContaining('query') }),
      ]);
      const path = await request(service.url).get('/api/v1/products/0001111%0041700');
      expectProblem(path, 400, 'request.validation_failed');
      expect(path.body.errors).toEqual([
        expect.objectContaining({ field: 'id', rule: 'storableText', message: expect.stringContaining('path') }),
      ]);
    });

    it('checks text before a route asks for credentials: unstorable text is a 400 even without a token', async () => {
      // The check is a global guard (after the rate limit, before a route's own guards), so the
      // client learns what to fix first; the same request with clean text is a 401.
      const res = await request(service.url).post('/api/v1/me/tokens').send({ name: 'a\u0000b', scopes: ['read'] });
      expectProblem(res, 400, 'request.validation_failed');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'storableText' })]);
      await request(service.url).post('/api/v1/me/tokens').send({ name: 'ab', scopes: ['read'] }).expect(401);
    });
  });

  describe('methods', () => {
    it('answers a wrong method on a known path with 405 and the methods it does support', async () => {
      const res = await request(service.url).delete('/api/v1/products');
      expectProblem(res, 405, 'request.method_not_allowed');
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(res.body.detail).toBe('DELETE is not supported on /api/v1/products; use GET, HEAD.');

      const tokens = await request(service.url).put('/api/v1/me/tokens');
      expectProblem(tokens, 405, 'request.method_not_allowed');
      expect(tokens.headers.allow).toBe('GET, HEAD, POST');
    });

    it('matches paths with parameters', async () => {
      const res = await request(service.url).post('/api/v1/products/0001111041700');
      expectProblem(res, 405, 'request.method_not_allowed');
      expect(res.headers.allow).toBe('GET, HEAD');
    });

    it('answers HEAD on a POST-only path with 405 and no body', async () => {
      const res = await request(service.url).head('/api/v1/auth/refresh');
      expect(res.status).toBe(405);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers.allow).toBe('POST');
      expect(res.text ?? '').toBe('');
    });

    it('keeps 404 for paths no route has', async () => {
      const res = await request(service.url).delete('/api/v1/nothing-here');
      expectProblem(res, 404, 'route.not_found');
    });

    it('leaves /mcp to the MCP transport, which takes GET, POST and DELETE and refuses the rest itself', async () => {
      const res = await request(service.url)
        .put('/mcp')
        .set(bearer(accessToken))
        .set('Accept', 'application/json, text/event-stream')
        .send({});
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, POST, DELETE');
      expect(res.body).toMatchObject({ jsonrpc: '2.0', error: { message: 'Method not allowed.' } });
    });
  });

  describe("what Node's HTTP parser refuses", () => {
    it('answers a 64 KB header with 431 problem+json carrying a request id, then keeps serving', async () => {
      const res = await sendWithHeaders(`${service.url}/health/live`, { 'X-Padding': 'a'.repeat(64 * 1024) });
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toBe('application/problem+json');
      const body = JSON.parse(res.text);
      expect(body).toMatchObject({ status: 431, code: 'request.headers_too_large', requestId: expect.any(String) });
      expect(body.requestId).toBe(res.headers['x-request-id']);
      await request(service.url).get('/health/live').expect(200);
    });

    it('answers a request that is not HTTP with 400 problem+json', async () => {
      const raw = await sendRaw(service.url, 'HELLO THERE\r\n\r\n');
      const [head, body] = raw.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(head).toContain('Content-Type: application/problem+json');
      expect(JSON.parse(body)).toMatchObject({ status: 400, code: 'request.malformed' });
    });
  });
});

describe('405 with CORS enabled (e2e)', () => {
  it('lists OPTIONS in Allow, since the CORS middleware answers it on every path', async () => {
    const database = await TestDatabase.create();
    const service = await startApp(baseEnv(database, { CORS_ORIGINS: 'https://app.example.com' }));
    try {
      await request(service.url)
        .options('/api/v1/products')
        .set('Origin', 'https://app.example.com')
        .set('Access-Control-Request-Method', 'GET')
        .expect(204);
      const res = await request(service.url).delete('/api/v1/products');
      expectProblem(res, 405, 'request.method_not_allowed');
      expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
    } finally {
      await service.close();
      await database.drop();
    }
  });
});

describe('Bad input through main.ts (e2e, the service as a process)', () => {
  it('answers as problem+json, logs each refusal with its id, and logs no secret or stack', async () => {
    const database = await TestDatabase.create();
    const running = runService(baseEnv(database, { LOG_LEVEL: 'info', PORT: '0' }));
    const secret = 'kbp_ThisIsNotARealTokenButLooksLikeOne0123';
    try {
      const url = `http://127.0.0.1:${await waitForPort(running, Date.now() + 60_000)}`;
      const post = (body: string, id: string) =>
        fetch(`${url}/api/v1/auth/refresh`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Request-Id': id },
          body,
        });
      const answers = [
        await post(nestedArrays(2_000), 'deep-1'),
        await post(JSON.stringify({ refreshToken: `${secret}\u0000` }), 'nul-1'),
        await post(`{"refreshToken":"${secret}`, 'malformed-1'),
      ];
      expect(answers.map((res) => res.status)).toEqual([400, 400, 400]);
      const oversized = await sendWithHeaders(`${url}/health/live`, {
        Authorization: `Bearer ${secret}`,
        'X-Padding': 'a'.repeat(64 * 1024),
      });
      expect(oversized.status).toBe(431);
      const garbage = await sendRaw(url, `NOT HTTP\r\nAuthorization: Bearer ${secret}\r\n\r\n`);
      expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
      await new Promise((resolve) => setTimeout(resolve, 300));

      const entries = running
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      for (const id of ['deep-1', 'nul-1', 'malformed-1']) {
        expect(entries.find((entry) => entry.req?.id === id && entry.msg === 'request completed')).toMatchObject({
          res: { statusCode: 400 },
        });
      }
      const parserLines = entries.filter((entry) => entry.context === 'HttpParser');
      expect(parserLines.map((entry) => entry.status).sort()).toEqual([400, 431]);
      expect(parserLines[0].requestId).toEqual(expect.any(String));
      expect(running.output()).not.toContain(secret);
      expect(running.output()).not.toMatch(/"stack"|\n\s+at /);
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
      await database.drop();
    }
  });
});
