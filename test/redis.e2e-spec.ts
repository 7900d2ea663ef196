import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import request from 'supertest';
import { KrogerClient } from '../src/kroger/kroger-client';
import { KrogerEnvironmentInfo } from '../src/kroger/kroger-environment';
import { SandboxControl } from './support/sandbox-control';
import { baseEnv, freePort, startApp, TestApp, TestDatabase } from './support/test-app';

/** CI installs redis-server and sets REQUIRE_REDIS=1, so there a missing server fails instead of skipping. */
const redisAvailable = spawnSync('redis-server', ['--version']).status === 0 || process.env.REQUIRE_REDIS === '1';

(redisAvailable ? describe : describe.skip)('Two instances sharing Redis for the cache and rate limits (e2e)', () => {
  let redis: ChildProcess;
  let databases: TestDatabase[];
  let first: TestApp;
  let second: TestApp;
  let sandbox: SandboxControl;

  beforeAll(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const env = { REDIS_URL: `redis://127.0.0.1:${port}`, THROTTLE_LIMIT: '6', THROTTLE_TTL_SECONDS: '60' };
    databases = [await TestDatabase.create(), await TestDatabase.create()];
    first = await startApp(baseEnv(databases[0], env));
    const krogerUrl = first.app.get(KrogerEnvironmentInfo).describe().baseUrl;
    second = await startApp(baseEnv(databases[1], { ...env, KROGER_ENV: 'sandbox', KROGER_BASE_URL: krogerUrl }));
    sandbox = new SandboxControl(krogerUrl);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    for (const database of databases ?? []) await database.drop();
    redis?.kill();
  });

  it('serves the second instance from the cache the first one filled', async () => {
    await sandbox.send('DELETE', '/requests');
    const a = await first.app
      .get(KrogerClient)
      .searchProducts({ term: 'mayonnaise', locationId: '01400943', limit: 5 });
    const b = await second.app
      .get(KrogerClient)
      .searchProducts({ term: 'mayonnaise', locationId: '01400943', limit: 5 });
    expect(b).toEqual(a);
    expect(await sandbox.calls('/v1/products')).toHaveLength(1);
  });

  it('counts one rate limit across both instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1)
      statuses.push((await request((i % 2 ? first : second).url).get('/api/v1/chains')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.slice(6)).toEqual([429, 429]);
  });
});
