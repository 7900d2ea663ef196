import { Client } from 'pg';
import request from 'supertest';
import { PrismaService } from '../src/database/prisma.service';
import { bearer, linkAccount } from './support/accounts';
import { describeWithPostgres, useRealPostgres } from './support/real-postgres';
import { RETURN_TO } from './support/shoppers';
import { baseEnv, startApp, TestApp, TestDatabase } from './support/test-app';

/** UTC+14: any statement that reads a timestamp in the session's zone is off by half a day. */
const FAR_ZONE = 'Pacific/Kiritimati';

/**
 * A PostgreSQL whose default time zone is not UTC (set on the server, the database or the role, as
 * self-hosted servers often are). Timestamps are kept as UTC wall time and compared with now() in
 * SQL: the service must work the same, from sign-in (link and code expiry) to keyset paging.
 */
describeWithPostgres('A PostgreSQL database whose default time zone is not UTC (e2e)', () => {
  let restore: () => void;
  let database: TestDatabase;
  let service: TestApp;
  let auth: Record<string, string>;

  beforeAll(async () => {
    restore = await useRealPostgres();
    database = await TestDatabase.create();
    const admin = new Client({ connectionString: database.env.DATABASE_URL });
    await admin.connect();
    try {
      const name = new URL(database.env.DATABASE_URL!).pathname.slice(1);
      await admin.query(`alter database "${name}" set timezone to '${FAR_ZONE}'`);
    } finally {
      await admin.end();
    }
    service = await startApp(baseEnv(database, { ALLOWED_RETURN_URLS: RETURN_TO, JOBS_ENABLED: 'false' }));
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
    restore?.();
  });

  it('signs a user in: the sign-in link and the login code are not taken for expired', async () => {
    auth = bearer((await linkAccount(service.url, { returnTo: RETURN_TO })).accessToken);
    await request(service.url).get('/api/v1/me').set(auth).expect(200);
  });

  it("runs the service's statements in UTC, so now() and stored times agree", async () => {
    const prisma = service.app.get(PrismaService);
    const [row] = await prisma.$queryRaw<{ zone: string; skewMs: number }[]>`
      select current_setting('TimeZone') as "zone",
        abs(extract(epoch from (localtimestamp - ${new Date().toISOString()}::timestamp)) * 1000)::float8 as "skewMs"`;
    expect(row.zone).toBe('UTC');
    expect(row.skewMs).toBeLessThan(60_000);
  });

  it('opens every connection of the pool in UTC, transactions included, as the pool grows', async () => {
    const prisma = service.app.get(PrismaService);
    // Each open transaction holds its own connection: three at once make the pool open new ones.
    let arrived = 0;
    let allIn!: () => void;
    const together = new Promise<void>((resolve) => (allIn = resolve));
    const zones = await Promise.all(
      [1, 2, 3].map(() =>
        prisma.$transaction(async (tx) => {
          const [row] = await tx.$queryRaw<{ zone: string; pid: number }[]>`
            select current_setting('TimeZone') as "zone", pg_backend_pid() as "pid"`;
          if (++arrived === 3) allIn();
          await together;
          return row;
        }),
      ),
    );
    expect(zones.map((row) => row.zone)).toEqual(['UTC', 'UTC', 'UTC']);
    expect(new Set(zones.map((row) => row.pid)).size).toBe(3);
  });

  it('pages the cart ledger by cursor without skipping or repeating a line', async () => {
    const products = (await request(service.url).get('/api/v1/products?term=milk&limit=3').expect(200)).body.data as {
      productId: string;
    }[];
    const added = await request(service.url)
      .post('/api/v1/cart/items')
      .set(auth)
      .send({ items: products.map((p) => ({ upc: p.productId, quantity: 1, modality: 'PICKUP' })) })
      .expect(201);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await request(service.url)
        .get(`/api/v1/cart/items?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .set(auth)
        .expect(200);
      expect(page.body.totals.lines).toBe(3);
      seen.push(...(page.body.data as { ledgerId: string }[]).map((l) => l.ledgerId));
      cursor = page.body.pagination.next as string | null;
    }
    expect(seen.sort()).toEqual((added.body.added as { ledgerId: string }[]).map((l) => l.ledgerId).sort());
  });

  it('keeps new connections in UTC after the client reconnects', async () => {
    const prisma = service.app.get(PrismaService);
    // After $disconnect, Prisma's adapter builds a new pool from the options of the one it was given.
    await prisma.$disconnect();
    const [row] = await prisma.$queryRaw<{ zone: string }[]>`select current_setting('TimeZone') as "zone"`;
    expect(row.zone).toBe('UTC');
    await request(service.url).get('/api/v1/me').set(auth).expect(200);
  });
});
