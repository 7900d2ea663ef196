/**
 * Link refresh job (issue #5): 10,000 links nearing expiry, Kroger's token endpoint slowed by 20 ms,
 * with one instance and with two sharing one PostgreSQL.
 *   npm run bench:refresh      (needs the PostgreSQL server binaries, or SCRATCH_DATABASE_URL)
 */
import { randomUUID } from 'node:crypto';
import { LinkRefreshJob } from '../src/auth/link-refresh.job';
import { TokenVault } from '../src/auth/token-vault';
import { PrismaService } from '../src/database/prisma.service';
import { TemporaryPostgres } from '../src/database/temporary-postgres';
import { createScratchDatabase, report, runBenchmark, startBenchService } from './support';

const LINKS = Number(process.env.BENCH_LINKS ?? 10_000);
const KEY = Buffer.alloc(32, 3).toString('base64url');

async function main(): Promise<void> {
  const server = process.env.SCRATCH_DATABASE_URL ? undefined : await TemporaryPostgres.start();
  const admin = process.env.SCRATCH_DATABASE_URL ?? server!.url;
  const env = {
    DATABASE_URL: await createScratchDatabase(admin, 'bench'),
    DATABASE_POOL_SIZE: '20',
    JOBS_ENABLED: 'false',
    TOKEN_ENCRYPTION_KEY: KEY,
  };
  const first = await startBenchService(env);
  const second = await startBenchService({ ...env, KROGER_ENV: 'sandbox', KROGER_BASE_URL: first.sandbox.baseUrl });
  try {
    const prisma = first.app.get(PrismaService);
    const vault = new TokenVault(Buffer.from(KEY, 'base64url'));
    const tokens = first.sandbox.context.tokens;
    const customer = first.sandbox.customers[0];

    // Harness, not measured: real sandbox grants minted in-process, links written in bulk.
    let seeded = 0;
    for (let offset = 0; offset < LINKS; offset += 1000) {
      const users = Array.from({ length: Math.min(1000, LINKS - offset) }, () => randomUUID());
      await prisma.user.createMany({ data: users.map((id) => ({ id })) });
      await prisma.krogerLink.createMany({
        data: users.map((userId) => {
          const code = tokens.issueCode({
            clientId: 'sandbox-public-app',
            redirectUri: first.config.kroger.redirectUri,
            scopes: ['cart.basic:write', 'profile.compact'],
            customerEmail: customer.email,
          });
          const issued = tokens.issueCustomerTokens(tokens.redeemCode(code)!.grantId, customer.profileId);
          return {
            userId,
            profileId: randomUUID(),
            scopes: ['cart.basic:write', 'profile.compact'],
            accessToken: vault.seal(issued.token),
            refreshToken: vault.seal(issued.refreshToken),
            keyId: vault.currentKeyId,
            accessTokenExpiresAt: new Date(Date.now() + 60_000),
            lastUsedAt: new Date(),
            lastRefreshedAt: new Date(Date.now() - 25 * 60_000),
          };
        }),
      });
      seeded += users.length;
    }
    first.sandbox.context.faults.replace([{ path: '/v1/connect/oauth2/token', delayMs: 20 }]);

    const tokenCalls = () =>
      first.sandbox.context.requestLog
        .list({ path: '/v1/connect/oauth2/token', method: 'POST' })
        .filter((r) => r.status === 200).length;
    const expireAll = () =>
      prisma.krogerLink.updateMany({
        data: { accessTokenExpiresAt: new Date(Date.now() + 60_000), nextRefreshAt: null },
      });

    first.sandbox.context.requestLog.clear();
    const t1 = Date.now();
    const one = await first.app.get(LinkRefreshJob).sweep('expiring');
    const oneMs = Date.now() - t1;
    const oneCalls = tokenCalls();

    await expireAll();
    first.sandbox.context.requestLog.clear();
    const t2 = Date.now();
    const [a, b] = await Promise.all([
      first.app.get(LinkRefreshJob).sweep('expiring'),
      second.app.get(LinkRefreshJob).sweep('expiring'),
    ]);
    const twoMs = Date.now() - t2;
    const twoCalls = tokenCalls();
    const stillDue = await prisma.krogerLink.count({
      where: { accessTokenExpiresAt: { lt: new Date(Date.now() + 5 * 60_000) } },
    });

    report(`Refresh job over ${seeded} links nearing expiry, 20 ms added at Kroger's token endpoint (PostgreSQL 15)`, [
      ['one instance: refreshed / refused / failed', `${one.refreshed} / ${one.refused} / ${one.failed}`],
      ['one instance: token calls at Kroger (must equal the links)', oneCalls],
      ['one instance: time to refresh all, s', (oneMs / 1000).toFixed(1)],
      ['two instances: refreshed by each', `${a.refreshed} + ${b.refreshed} = ${a.refreshed + b.refreshed}`],
      ['two instances: token calls at Kroger (must equal the links)', twoCalls],
      ['two instances: time to refresh all, s', (twoMs / 1000).toFixed(1)],
      ['speed-up, one instance time / two instances time', (oneMs / twoMs).toFixed(2)],
      ['links still due afterwards', stillDue],
    ]);
  } finally {
    await second.close();
    await first.close();
    server?.stop();
  }
}

runBenchmark(main);
