import { Client } from 'pg';
import { KrogerEnvironmentInfo } from '../src/kroger/kroger-environment';
import { openEvents, refuseNextRefresh, userIdOf } from './support/account-events';
import { linkAccount } from './support/accounts';
import { describeWithPostgres, useRealPostgres } from './support/real-postgres';
import { redisAvailable, startRedis } from './support/redis-server';
import { SandboxControl } from './support/sandbox-control';
import { dataOf, SseConnection } from './support/sse-client';
import { baseEnv, Env, startApp, TestApp, TestDatabase } from './support/test-app';

const RETURN_TO = 'https://app.example.com/kroger/done';

/**
 * Two instances on one PostgreSQL: a client streams from B while the event happens on A. The
 * heartbeat (which also catches up) is a minute here, so only the fan-out can deliver in time.
 */
function twoInstances(name: string, extraEnv: () => Env) {
  describeWithPostgres(`Account events across two instances: ${name} (e2e)`, () => {
    let releasePostgres: () => void = () => undefined;
    let database: TestDatabase;
    let a: TestApp;
    let b: TestApp | undefined;
    let sandbox: SandboxControl;
    const streams: SseConnection[] = [];

    beforeAll(async () => {
      releasePostgres = await useRealPostgres();
      database = await TestDatabase.create();
      const env = { JOBS_ENABLED: 'false', ALLOWED_RETURN_URLS: RETURN_TO, EVENTS_HEARTBEAT_SECONDS: '60' };
      a = await startApp(baseEnv(database, { ...env, ...extraEnv() }));
      const krogerUrl = a.app.get(KrogerEnvironmentInfo).describe().baseUrl;
      sandbox = new SandboxControl(krogerUrl);
      b = await startApp(
        baseEnv(database, {
          ...env,
          ...extraEnv(),
          KROGER_ENV: 'sandbox',
          KROGER_BASE_URL: krogerUrl,
          DATABASE_MIGRATE_ON_START: 'false',
        }),
      );
    });
    afterAll(async () => {
      for (const stream of streams) stream.close();
      await b?.close();
      await a?.close();
      await database?.drop();
      releasePostgres();
    });

    it('delivers an event raised on instance A to a client connected to instance B', async () => {
      const alice = await linkAccount(a.url, { returnTo: RETURN_TO, email: 'shopper@example.com' });
      const onB = await openEvents(b!, alice.accessToken);
      streams.push(onB);
      await onB.next('events.ready');

      await refuseNextRefresh(a, sandbox, await userIdOf(a, alice.accessToken));
      expect(dataOf(await onB.next('link.reauth_required'))).toMatchObject({ status: 'REAUTH_REQUIRED' });

      if (name === 'PostgreSQL LISTEN/NOTIFY') {
        // The listening connections drop (a failover, an idle-connection reaper): they come back.
        const admin = new Client({ connectionString: a.config.database.url });
        await admin.connect();
        const { rowCount } = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'LISTEN%'`,
        );
        await admin.end();
        expect(rowCount).toBe(2);
      }
      await linkAccount(a.url, { returnTo: RETURN_TO, email: 'shopper@example.com' });
      expect(dataOf(await onB.next('link.restored'))).toEqual({ status: 'ACTIVE' });

      // Stopping B tells its clients to reconnect (to A, behind a balancer) instead of hanging the shutdown.
      const stopping = b!.close();
      b = undefined;
      await stopping;
      expect(dataOf(await onB.next('server.shutdown'))).toMatchObject({
        detail: expect.stringContaining('Last-Event-ID'),
      });
      await onB.closedByServer();
      const onA = await openEvents(a, alice.accessToken, (await onB.next('link.restored')).id);
      streams.push(onA);
      expect((await onA.next(['events.ready', 'events.gap'])).event).toBe('events.ready');
    });
  });
}

twoInstances('PostgreSQL LISTEN/NOTIFY', () => ({}));

if (redisAvailable) {
  let redis: { url: string; stop: () => void } | undefined;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());
  twoInstances('Redis pub/sub', () => ({ REDIS_URL: redis!.url }));
}
