import { LinkRefreshJob } from '../src/auth/link-refresh.job';
import { rotateKeys } from '../src/auth/keys-rotation';
import { KrogerLinkRepository } from '../src/auth/kroger-link.repository';
import { OAuthStateRepository } from '../src/auth/oauth-state.repository';
import { TokenVault } from '../src/auth/token-vault';
import { PrismaService } from '../src/database/prisma.service';
import { UnitOfWork } from '../src/database/unit-of-work';
import { KrogerEnvironmentInfo } from '../src/kroger/kroger-environment';
import { SandboxControl } from './support/sandbox-control';
import { seedLinks } from './support/seed-links';
import { baseEnv, startApp, TEST_ENCRYPTION_KEY, TestApp, TestDatabase } from './support/test-app';
import { describeWithPostgres, useRealPostgres } from './support/real-postgres';

describe('Scheduled Kroger link refresh (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let sandbox: SandboxControl;
  let prisma: PrismaService;

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(baseEnv(database, { JOBS_ENABLED: 'false' }));
    sandbox = new SandboxControl(service.app.get(KrogerEnvironmentInfo).describe().baseUrl);
    prisma = service.app.get(PrismaService);
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });
  beforeEach(() => prisma.krogerLink.updateMany({ data: { status: 'REVOKED' } }));

  it('refreshes links nearing expiry that were used recently, once each, and leaves the rest', async () => {
    const due = await seedLinks(prisma, sandbox, {
      count: 6,
      redirectUri: service.config.kroger.redirectUri,
      expiresInMs: 2 * 60_000,
    });
    const idle = await seedLinks(prisma, sandbox, {
      count: 2,
      redirectUri: service.config.kroger.redirectUri,
      expiresInMs: 2 * 60_000,
      lastUsedAgoMs: 3 * 86_400_000,
    });
    const fresh = await seedLinks(prisma, sandbox, {
      count: 2,
      redirectUri: service.config.kroger.redirectUri,
      expiresInMs: 25 * 60_000,
    });
    await sandbox.send('DELETE', '/requests');

    const result = await service.app.get(LinkRefreshJob).sweep('expiring');
    expect(result).toEqual({ refreshed: 6, refused: 0, failed: 0 });
    expect(await sandbox.calls('/v1/connect/oauth2/token')).toHaveLength(6);
    const links = await prisma.krogerLink.findMany({ where: { userId: { in: [...due, ...idle, ...fresh] } } });
    for (const link of links) {
      const expiresInMin = (link.accessTokenExpiresAt!.getTime() - Date.now()) / 60_000;
      if (due.includes(link.userId)) expect(expiresInMin).toBeGreaterThan(29);
      else expect(expiresInMin).toBeLessThan(26);
    }
    expect(await service.app.get(LinkRefreshJob).sweep('expiring')).toEqual({ refreshed: 0, refused: 0, failed: 0 });
  });

  it('keeps idle links alive, and marks refused ones REAUTH_REQUIRED with backoff for failures', async () => {
    const idle = await seedLinks(prisma, sandbox, {
      count: 3,
      redirectUri: service.config.kroger.redirectUri,
      expiresInMs: -86_400_000,
      lastUsedAgoMs: 30 * 86_400_000,
      lastRefreshedAgoMs: 2 * 86_400_000,
    });
    // One grant revoked at Kroger: its refresh is refused.
    const revoked = await prisma.krogerLink.findUniqueOrThrow({ where: { userId: idle[0] } });
    const vault = new TokenVault(Buffer.from(TEST_ENCRYPTION_KEY, 'base64url'));
    await sandbox.send('POST', '/grants/revoke', { refreshToken: vault.open(revoked.refreshToken!) });

    const result = await service.app.get(LinkRefreshJob).sweep('keepalive');
    expect(result).toEqual({ refreshed: 2, refused: 1, failed: 0 });
    expect((await prisma.krogerLink.findUniqueOrThrow({ where: { userId: idle[0] } })).status).toBe('REAUTH_REQUIRED');

    await sandbox.faults([{ path: '/v1/connect/oauth2/token', status: 503, count: 10 }]);
    await prisma.krogerLink.update({
      where: { userId: idle[1] },
      data: { lastRefreshedAt: new Date(Date.now() - 3 * 86_400_000) },
    });
    expect(await service.app.get(LinkRefreshJob).sweep('keepalive')).toEqual({ refreshed: 0, refused: 0, failed: 1 });
    const backedOff = await prisma.krogerLink.findUniqueOrThrow({ where: { userId: idle[1] } });
    expect(backedOff).toMatchObject({ status: 'ACTIVE', refreshFailures: 1 });
    expect(backedOff.nextRefreshAt!.getTime()).toBeGreaterThan(Date.now());
    await sandbox.send('DELETE', '/faults');
  });

  it('re-encrypts stored tokens under a new key (keys:rotate)', async () => {
    const users = await seedLinks(prisma, sandbox, {
      count: 2,
      redirectUri: service.config.kroger.redirectUri,
      expiresInMs: 25 * 60_000,
    });
    const oldKey = Buffer.from(TEST_ENCRYPTION_KEY, 'base64url');
    const rotated = new TokenVault(Buffer.alloc(32, 9), oldKey);
    const before = await prisma.krogerLink.findMany({ where: { userId: { in: users } } });
    const stores = { links: service.app.get(KrogerLinkRepository), states: service.app.get(OAuthStateRepository) };
    const result = await rotateKeys(stores, rotated);
    expect(result.links).toBeGreaterThanOrEqual(2);
    const after = await prisma.krogerLink.findMany({ where: { userId: { in: users } } });
    const onlyNew = new TokenVault(Buffer.alloc(32, 9));
    for (const link of after) {
      expect(link.keyId).toBe(rotated.currentKeyId);
      const old = before.find((b) => b.userId === link.userId)!;
      expect(onlyNew.open(link.refreshToken!)).toBe(new TokenVault(oldKey).open(old.refreshToken!));
    }
    // Back to the test key for the other tests.
    await rotateKeys(stores, new TokenVault(oldKey, Buffer.alloc(32, 9)));
  });
});

describeWithPostgres('Link refresh with two instances on one PostgreSQL (e2e)', () => {
  let releasePostgres: () => void = () => undefined;
  let database: TestDatabase;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    releasePostgres = await useRealPostgres();
    database = await TestDatabase.create();
    first = await startApp(baseEnv(database, { JOBS_ENABLED: 'false' }));
    // The second instance talks to the first one's sandbox, as two instances share one Kroger.
    const krogerUrl = first.app.get(KrogerEnvironmentInfo).describe().baseUrl;
    second = await startApp(
      baseEnv(database, { JOBS_ENABLED: 'false', KROGER_ENV: 'sandbox', KROGER_BASE_URL: krogerUrl }),
    );
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await database?.drop();
    releasePostgres();
  });

  it('splits the sweep without a double refresh, and one request refresh across both for 50 concurrent calls', async () => {
    const sandbox = new SandboxControl(first.app.get(KrogerEnvironmentInfo).describe().baseUrl);
    const prisma = first.app.get(PrismaService);
    await seedLinks(prisma, sandbox, {
      count: 160,
      redirectUri: first.config.kroger.redirectUri,
      expiresInMs: 60_000,
      concurrency: 8,
    });
    await sandbox.send('DELETE', '/requests');
    const [a, b] = await Promise.all([
      first.app.get(LinkRefreshJob).sweep('expiring'),
      second.app.get(LinkRefreshJob).sweep('expiring'),
    ]);
    expect(a.refreshed + b.refreshed).toBe(160);
    expect(a.failed + b.failed + a.refused + b.refused).toBe(0);
    expect(a.refreshed).toBeGreaterThan(0);
    expect(b.refreshed).toBeGreaterThan(0);
    expect(await sandbox.calls('/v1/connect/oauth2/token')).toHaveLength(160);

    const [userId] = await seedLinks(prisma, sandbox, {
      count: 1,
      redirectUri: first.config.kroger.redirectUri,
      expiresInMs: -1000,
    });
    await sandbox.send('DELETE', '/requests');
    const { KrogerUserTokens } = await import('../src/auth/kroger-user-tokens');
    const { KrogerClient } = await import('../src/kroger/kroger-client');
    const calls = Array.from({ length: 50 }, (_, i) => {
      const app = i % 2 ? first.app : second.app;
      return app.get(KrogerUserTokens).withUserToken(userId, (auth) => app.get(KrogerClient).getProfile(auth));
    });
    expect(new Set((await Promise.all(calls)).map((p) => p.id)).size).toBe(1);
    expect(await sandbox.calls('/v1/connect/oauth2/token')).toHaveLength(1);
  });

  it('skips a link another transaction has locked instead of waiting, and leases what it claims', async () => {
    const sandbox = new SandboxControl(first.app.get(KrogerEnvironmentInfo).describe().baseUrl);
    const prisma = first.app.get(PrismaService);
    await prisma.krogerLink.updateMany({ data: { status: 'REVOKED' } });
    const [held, free] = await seedLinks(prisma, sandbox, {
      count: 2,
      redirectUri: first.config.kroger.redirectUri,
      expiresInMs: 60_000,
    });
    const claim = { limit: 50, leaseMs: 120_000, expiringWithinMs: 5 * 60_000, usedWithinMs: 86_400_000 };
    const links = first.app.get(KrogerLinkRepository);

    // A refresh on the first instance holds one link's row lock while the second instance claims.
    let locked!: () => void;
    let release!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const refresh = first.app.get(UnitOfWork).run(async (tx) => {
      await links.lockForRefresh(held, tx);
      locked();
      await released;
    });
    await lockTaken;
    expect(await second.app.get(KrogerLinkRepository).claimExpiring(claim)).toEqual([free]);
    release();
    await refresh;

    // The skipped link is claimable now; the claimed one stays leased.
    expect(await links.claimExpiring(claim)).toEqual([held]);
    expect(await links.claimExpiring(claim)).toEqual([]);
  });
});
