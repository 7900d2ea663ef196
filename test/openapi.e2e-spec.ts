import { Validator } from '@seriousme/openapi-schema-validator';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { API_TITLE } from '../src/openapi/openapi';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

const COMMITTED = join(__dirname, '..', 'openapi.json');

describe('OpenAPI document (e2e)', () => {
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

  it('is valid OpenAPI 3 and equals the committed openapi.json (npm run openapi:write updates it)', async () => {
    const res = await request(service.url).get('/docs/openapi.json').expect(200);
    const validation = await new Validator().validate(res.body);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(res.body.openapi).toMatch(/^3\./);
    // The served title names the Kroger this instance talks to; the committed document names none.
    expect(res.body.info.title).toContain('NOT talking to Kroger');
    const deployable = { ...res.body, info: { ...res.body.info, title: API_TITLE } };
    const generated = `${JSON.stringify(deployable, null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(COMMITTED, generated);

    expect(generated).toEqual(readFileSync(COMMITTED, 'utf8'));
  });

  it('names operations after their handlers, uniquely, with a verb and a noun', async () => {
    const { body } = await request(service.url).get('/docs/openapi.json').expect(200);
    expect(body.paths['/health/ready'].get.operationId).toBe('getReadiness');
    const operationIds = Object.values(body.paths).flatMap((operations) =>
      Object.values(operations as Record<string, { operationId: string }>).map((operation) => operation.operationId),
    );
    expect(new Set(operationIds).size).toBe(operationIds.length);
    for (const id of operationIds) expect(id).toMatch(/^[a-z]+[A-Z][A-Za-z]+$/);
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(body.paths)).toEqual([...Object.keys(body.paths)].sort());
  });

  it("declares the operators' and the courier partner's keys as security schemes on the routes they guard", async () => {
    const { body } = await request(service.url).get('/docs/openapi.json').expect(200);
    expect(body.components.securitySchemes['courier-key']).toMatchObject({ type: 'apiKey', in: 'header' });
    const security = (path: string, method: string) => body.paths[path][method].security;
    expect(security('/api/v1/kroger-profiles', 'get')).toEqual([{ 'admin-key': [] }]);
    expect(security('/api/v1/kroger-profiles', 'head')).toEqual([{ 'admin-key': [] }]);
    expect(security('/api/v1/courier/deliveries', 'get')).toEqual([{ 'courier-key': [] }]);
    expect(security('/api/v1/courier/deliveries/{deliveryId}/confirm', 'post')).toEqual([{ 'courier-key': [] }]);
  });
});
