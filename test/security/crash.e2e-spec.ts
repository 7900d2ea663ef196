import { Client } from 'pg';
import { DEFAULT_REDIRECT_URIS, RunningSandbox, startSandbox } from '../../sandbox';
import { IdempotencyService } from '../../src/common/idempotency.service';
import { PrismaService } from '../../src/database/prisma.service';
import { Prisma } from '../../generated/prisma/client';
import { bearer, linkAccount } from '../support/accounts';
import { SandboxControl } from '../support/sandbox-control';
import { runService, RunningService, waitForPort } from '../support/service-process';
import { baseEnv, Env, startApp, TestApp, TestDatabase } from '../support/test-app';
import { describeWithPostgres, useRealPostgres } from '../support/real-postgres';

/**
 * Attacks on (and accidents to) cart writes across a crash: an instance killed with SIGKILL in the
 * middle of cart adds must not leave lines SENT and keys answering 409 forever, and the recovery
 * must never add anything twice nor take over an add that is still running.
 */

const RETURN_TO = 'https://app.example.com/kroger/done';
const CUSTOMERS = ['shopper@example.com', 'pat@example.com', 'riley@example.com', 'jordan@example.com'];
const PRODUCTS = ['0001111041700', '0000000003107', '0001111060903', '0001111040101'];
const ADDS_PER_USER = 8;

describeWithPostgres('Crash during cart adds: kill -9, then restart (e2e)', () => {
  let releasePostgres: () => void = () => undefined;
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  const running: RunningService[] = [];

  beforeAll(async () => {
    releasePostgres = await useRealPostgres();
    database = await TestDatabase.create();
    // Kroger outlives the instance: the sandbox runs in the test, not in the killed process.
    sandbox = await startSandbox({ port: 0 });
    control = new SandboxControl(sandbox.baseUrl);
  });
  afterAll(async () => {
    for (const service of running) service.child.kill('SIGKILL');
    await sandbox?.close();
    await database?.drop();
    releasePostgres();
  });

  const start = async (overrides: Env = {}) => {
    const service = runService(
      baseEnv(database, {
        LOG_LEVEL: 'info',
        KROGER_ENV: 'sandbox',
        KROGER_BASE_URL: sandbox.baseUrl,
        KROGER_REDIRECT_URI: DEFAULT_REDIRECT_URIS[0],
        ALLOWED_RETURN_URLS: RETURN_TO,
        ...overrides,
      }),
    );
    running.push(service);
    return `http://127.0.0.1:${await waitForPort(service, Date.now() + 60_000)}`;
  };
  const sql = async <T>(query: string): Promise<T[]> => {
    const client = new Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(query)).rows as T[];
    } finally {
      await client.end();
    }
  };

  it('32 concurrent adds cut by SIGKILL: after restart no line is SENT, every key replays UNKNOWN, nothing is added twice', async () => {
    // Kroger is slow, not down: the first instance waits long enough that no add times out before the kill.
    const first = await start({ KROGER_TIMEOUT_MS: '60000' });
    const tokens: string[] = [];
    for (const email of CUSTOMERS) tokens.push((await linkAccount(first, { returnTo: RETURN_TO, email })).accessToken);
    const adds = tokens.flatMap((token, user) =>
      Array.from({ length: ADDS_PER_USER }, (_, n) => ({
        token,
        key: `crash-${user}-${n}-${Date.now().toString(36)}`,
        body: { items: [{ productId: PRODUCTS[n % PRODUCTS.length], quantity: 1 + n, modality: 'PICKUP' }] },
      })),
    );
    const post = (url: string, add: (typeof adds)[number]) =>
      fetch(`${url}/api/v1/cart/items`, {
        method: 'POST',
        headers: { ...bearer(add.token), 'Content-Type': 'application/json', 'Idempotency-Key': add.key },
        body: JSON.stringify(add.body),
      });

    // Kroger holds every add (then applies it), so the kill lands while all 32 are in flight.
    await control.send('DELETE', '/requests');
    await control.faults([{ method: 'PUT', path: '/v1/cart/add', delayMs: 30_000, count: adds.length }]);
    const inFlight = adds.map((add) => post(first, add).catch(() => undefined));
    await until(async () => {
      const [rule] = (await control.send('GET', '/faults')).rules as { count?: number }[];
      return rule?.count === 0; // every add has reached Kroger
    });
    running[0].child.kill('SIGKILL');
    await running[0].exited;
    expect((await Promise.all(inFlight)).every((res) => res === undefined)).toBe(true);
    const stuck = await sql<{ status: string; n: string }>(
      'select "status", count(*) as n from "CartLedgerEntry" group by "status"',
    );
    expect(stuck).toEqual([{ status: 'SENT', n: String(adds.length) }]);
    await until(async () => (await control.calls('/v1/cart/add')).length === adds.length);

    // A restarted instance recovers at start-up what has been SENT longer than an add can take.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = await start({ CART_RECOVERY_AFTER_SECONDS: '1' });
    const after = await sql<{ status: string; n: string }>(
      'select "status", count(*) as n from "CartLedgerEntry" group by "status"',
    );
    expect(after).toEqual([{ status: 'UNKNOWN', n: String(adds.length) }]);
    console.log(`rows recovered after kill -9 during ${adds.length} concurrent adds: ${after[0].n}`);
    const audited = await sql<{ lines: number }>(
      `select sum(jsonb_array_length("detail"->'lines'))::int as lines from "AuditEvent" where "type" = 'cart.add_interrupted'`,
    );
    expect(audited[0].lines).toBe(adds.length);

    for (const add of adds) {
      const replay = await post(second, add);
      expect(replay.status).toBe(502);
      expect(await replay.json()).toMatchObject({ code: 'kroger.outcome_unknown', replayed: true });
    }
    expect(await control.calls('/v1/cart/add')).toHaveLength(adds.length);

    const cart = (await (await fetch(`${second}/api/v1/cart`, { headers: bearer(tokens[0]) })).json()) as {
      items: { status: string; note?: string }[];
    };
    expect(cart.items).toHaveLength(ADDS_PER_USER);
    for (const line of cart.items) {
      expect(line).toMatchObject({ status: 'UNKNOWN', note: expect.stringContaining('Kroger cart page') });
    }
  });
});

describe('Cart recovery on a live instance (e2e)', () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let service: TestApp;
  let prisma: PrismaService;
  let token: string;
  let userId: string;

  /** Kroger outlives the restarts: the sandbox runs in the test, not inside the app. */
  const restart = async (overrides: Env = {}) => {
    await service?.close();
    service = await startApp(
      baseEnv(database, {
        KROGER_ENV: 'sandbox',
        KROGER_BASE_URL: sandbox.baseUrl,
        KROGER_REDIRECT_URI: DEFAULT_REDIRECT_URIS[0],
        ALLOWED_RETURN_URLS: RETURN_TO,
        CART_RECOVERY_AFTER_SECONDS: '2',
        ...overrides,
      }),
    );
    prisma = service.app.get(PrismaService);
  };
  const add = (key: string, quantity = 1) =>
    fetch(`${service.url}/api/v1/cart/items`, {
      method: 'POST',
      headers: { ...bearer(token), 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({ items: [{ productId: PRODUCTS[0], quantity, modality: 'PICKUP' }] }),
    });

  beforeAll(async () => {
    database = await TestDatabase.create();
    sandbox = await startSandbox({ port: 0 });
    control = new SandboxControl(sandbox.baseUrl);
    await restart({ JOBS_ENABLED: 'false' });
    token = (await linkAccount(service.url, { returnTo: RETURN_TO })).accessToken;
    userId = (await prisma.user.findFirstOrThrow()).id;
  });
  afterAll(async () => {
    await service?.close();
    await sandbox?.close();
    await database?.drop();
  });

  it('a key whose request died before reaching Kroger is released at restart, not 409 forever', async () => {
    // The crash hit between claiming the key and writing the ledger: nothing was sent to Kroger.
    const key = 'died-before-kroger-1';
    const body = { items: [{ productId: PRODUCTS[0], quantity: 1, modality: 'PICKUP' }] };
    await prisma.idempotencyRecord.create({
      data: {
        userId,
        key,
        requestHash: IdempotencyService.hash(body),
        createdAt: new Date(Date.now() - 60_000),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    await restart();
    await control.send('DELETE', '/requests');
    const retried = await add(key);
    expect(retried.status).toBe(201); // was 409 idempotency.in_progress, forever
    expect(await control.calls('/v1/cart/add')).toHaveLength(1);
  });

  it('a key whose add finished but whose answer was never stored replays that outcome at restart, not 409', async () => {
    // The crash hit after the ledger took Kroger's answer and before the key stored the response.
    const unanswered = async (key: string) => {
      const first = await add(key);
      expect(first.status).toBe(201);
      await prisma.idempotencyRecord.update({
        where: { userId_key: { userId, key } },
        data: {
          completedAt: null,
          responseStatus: null,
          responseBody: Prisma.DbNull,
          createdAt: new Date(Date.now() - 60_000),
        },
      });
      expect((await add(key)).status).toBe(409);
      return (await first.json()) as { added: { ledgerId: string }[]; cartUrl: string };
    };
    const accepted = await unanswered('finished-unanswered-1');
    const failedAnswer = await unanswered('finished-unanswered-2');
    await prisma.cartLedgerEntry.update({
      where: { id: failedAnswer.added[0].ledgerId },
      data: { status: 'FAILED', errorCode: 'kroger.bad_request' },
    });
    await restart();
    await control.send('DELETE', '/requests');

    const replayed = await add('finished-unanswered-1');
    expect(replayed.status).toBe(201);
    expect(await replayed.json()).toEqual(accepted);
    const notAccepted = await add('finished-unanswered-2');
    expect(notAccepted.status).toBe(502);
    expect(await notAccepted.json()).toMatchObject({ code: 'kroger.outcome_unknown' });
    // Neither was sent to Kroger again.
    expect(await control.calls('/v1/cart/add')).toHaveLength(0);
  });

  it('an Idempotency-Key past its expiry is forgotten: purged by the job, and reusable meanwhile', async () => {
    const body = { items: [{ productId: PRODUCTS[0], quantity: 1, modality: 'PICKUP' }] };
    const expiredAt = new Date(Date.now() - 1000);
    for (const key of ['expired-key-0001', 'expired-key-0002']) {
      await prisma.idempotencyRecord.create({
        data: {
          userId,
          key,
          requestHash: 'other-body',
          completedAt: expiredAt,
          responseStatus: 201,
          responseBody: body,
          expiresAt: expiredAt,
        },
      });
    }
    // Reusing an expired key is a new request, not a 422 for a body the key no longer remembers.
    expect((await add('expired-key-0001')).status).toBe(201);
    const { CartRecoveryJob } = await import('../../src/carts/cart-recovery.job');
    await service.app.get(CartRecoveryJob).purgeExpiredKeys();
    expect(await prisma.idempotencyRecord.count({ where: { key: 'expired-key-0002' } })).toBe(0);
    expect(await prisma.idempotencyRecord.count({ where: { key: 'expired-key-0001' } })).toBe(1);
  });

  // Not an attack: the guard that recovery cannot be turned against a slow but live request.
  it('never takes over an add that is still waiting for Kroger on a live instance', async () => {
    await restart({ CART_RECOVERY_AFTER_SECONDS: '30' });
    await control.faults([{ method: 'PUT', path: '/v1/cart/add', delayMs: 4000, count: 1 }]);
    const pending = add('slow-but-alive-1', 2);
    await until(async () => (await prisma.cartLedgerEntry.count({ where: { status: 'SENT' } })) === 1);
    const { CartRecoveryJob } = await import('../../src/carts/cart-recovery.job');
    expect(await service.app.get(CartRecoveryJob).recover()).toEqual({ lines: 0, keys: 0, released: 0, settled: 0 });
    expect((await pending).status).toBe(201);
    expect((await add('slow-but-alive-1', 2)).status).toBe(201);
  });
});

async function until(condition: () => Promise<boolean>, deadline = Date.now() + 30_000): Promise<void> {
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
