import request from 'supertest';
import { AuditService } from '../src/audit/audit.service';
import { listMigrationNames } from '../src/database/migrator';
import { baseEnv, startApp, TEST_ADMIN_KEY, TestApp, TestDatabase } from './support/test-app';

describe('Foundation (e2e, through bootstrap)', () => {
  let database: TestDatabase;
  let service: TestApp;

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(baseEnv(database));
  });

  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('is ready with the database reachable, every migration applied, and the sandbox named', async () => {
    const res = await request(service.url).get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      version: expect.any(String),
      kroger: { environment: 'sandbox', mode: 'sandbox', tier: 'public' },
      checks: {
        database: { status: 'up', kind: process.env.TEST_DATABASE_URL ? 'postgresql' : 'pglite' },
        migrations: { status: 'up', applied: listMigrationNames().length },
      },
    });
    await request(service.url).get('/health/live').expect(200, { status: 'ok' });
  });

  it('answers an unknown route with problem+json carrying the request id', async () => {
    const res = await request(service.url).get('/api/v1/nothing-here').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'urn:problem:kroger-backend:route.not_found',
      title: 'Not found',
      status: 404,
      detail: 'No route matches GET /api/v1/nothing-here.',
      code: 'route.not_found',
      requestId: res.headers['x-request-id'],
      instance: '/api/v1/nothing-here',
    });
  });

  it('keeps a plain X-Request-Id from the client and replaces one that is not', async () => {
    const kept = await request(service.url).get('/health/live').set('X-Request-Id', 'web-42.abc').expect(200);
    expect(kept.headers['x-request-id']).toBe('web-42.abc');
    const replaced = await request(service.url)
      .get('/health/live')
      .set('X-Request-Id', '<script>alert(1)</script>')
      .expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names every invalid and unknown field with its rule', async () => {
    const res = await request(service.url)
      .get('/api/v1/admin/audit-events?limit=500&userId=nope&bogus=1')
      .set('X-Admin-Key', TEST_ADMIN_KEY)
      .expect(400);
    expect(res.body.code).toBe('request.validation_failed');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'limit', rule: 'maximum', message: 'limit must be between 1 and 200' },
        { field: 'userId', rule: 'format', message: 'userId must be a UUID' },
        { field: 'bogus', rule: 'unknownField', message: 'bogus is not a known field' },
      ]),
    );
    expect(res.body.detail).toContain('limit must be between 1 and 200');
  });

  it('refuses the admin API without the key, and with a wrong one', async () => {
    const missing = await request(service.url).get('/api/v1/admin/audit-events').expect(401);
    expect(missing.body.code).toBe('admin.key_required');
    const wrong = await request(service.url)
      .get('/api/v1/admin/audit-events')
      .set('X-Admin-Key', 'x'.repeat(31))
      .expect(403);
    expect(wrong.body.code).toBe('admin.key_invalid');
  });

  it('sends helmet security headers and no x-powered-by', async () => {
    const res = await request(service.url).get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the Swagger UI at /docs', async () => {
    const res = await request(service.url).get('/docs/').expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});

describe('Embedded durability (e2e)', () => {
  it('keeps a row written before a restart', async () => {
    const database = await TestDatabase.create();
    const env = baseEnv(database);
    try {
      const first = await startApp(env);
      await first.app.get(AuditService).record('test.durability', { detail: { marker: 'before-restart' } });
      await first.close();

      const second = await startApp(env);
      try {
        const res = await request(second.url)
          .get('/api/v1/admin/audit-events?type=test.durability')
          .set('X-Admin-Key', TEST_ADMIN_KEY)
          .expect(200);
        expect(res.body.data).toHaveLength(1);
        expect(res.body.data[0]).toMatchObject({ type: 'test.durability', detail: { marker: 'before-restart' } });
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });
});

describe('Throttling (e2e)', () => {
  it('answers over-limit requests with a 429 problem and Retry-After', async () => {
    const database = await TestDatabase.create();
    const service = await startApp(baseEnv(database, { THROTTLE_LIMIT: '3', THROTTLE_TTL_SECONDS: '30' }));
    try {
      for (let i = 0; i < 3; i += 1) {
        await request(service.url).get('/api/v1/admin/audit-events').set('X-Admin-Key', TEST_ADMIN_KEY).expect(200);
      }
      const res = await request(service.url)
        .get('/api/v1/admin/audit-events')
        .set('X-Admin-Key', TEST_ADMIN_KEY)
        .expect(429);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('request.throttled');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(30);
      // Health probes are never throttled.
      await request(service.url).get('/health/live').expect(200);
    } finally {
      await service.close();
      await database.drop();
    }
  });
});
