import request from 'supertest';
import { KrogerClient } from '../src/kroger/kroger-client';
import { KrogerEnvironmentInfo } from '../src/kroger/kroger-environment';
import { KrogerUserTokens } from '../src/auth/kroger-user-tokens';
import { PrismaService } from '../src/database/prisma.service';
import { bearer, callback, consent, exchangeCode, linkAccount, LinkingClient, startLinking } from './support/accounts';
import { SandboxControl } from './support/sandbox-control';
import { baseEnv, startApp, TEST_ADMIN_KEY, TestApp, TestDatabase } from './support/test-app';

const RETURN_TO = 'https://app.example.com/kroger/done';

describe('Accounts: linking, sessions, tokens (e2e)', () => {
  let database: TestDatabase;
  let service: TestApp;
  let sandbox: SandboxControl;

  beforeAll(async () => {
    database = await TestDatabase.create();
    service = await startApp(
      baseEnv(database, {
        ALLOWED_RETURN_URLS: 'https://app.example.com/kroger/done,myapp://auth/*',
        JOBS_ENABLED: 'false',
      }),
    );
    sandbox = new SandboxControl(service.app.get(KrogerEnvironmentInfo).describe().baseUrl);
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('links a Kroger account end to end and shows it on /me', async () => {
    const start = await startLinking(service.url, RETURN_TO);
    expect(start.pathname).toBe('/v1/connect/oauth2/authorize');
    expect(Object.fromEntries(start.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'sandbox-public-app',
      scope: 'cart.basic:write profile.compact',
      code_challenge_method: 'S256',
    });
    expect(start.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const account = await linkAccount(service.url, { returnTo: RETURN_TO });
    expect(account.loginCode).toMatch(/^kbc_/);
    expect(account.accessToken).toMatch(/^kbt_/);
    const me = await request(service.url).get('/api/v1/me').set(bearer(account.accessToken)).expect(200);
    expect(me.body).toMatchObject({
      authenticatedWith: 'session',
      scopes: ['read', 'cart:write', 'lists:write', 'loyalty:reveal', 'profile:write', 'account'],
      krogerLink: { status: 'ACTIVE', scopes: ['cart.basic:write', 'profile.compact'] },
    });
    // The same Kroger account links to the same user.
    const again = await linkAccount(service.url, { returnTo: RETURN_TO });
    const meAgain = await request(service.url).get('/api/v1/me').set(bearer(again.accessToken)).expect(200);
    expect(meAgain.body.userId).toBe(me.body.userId);
  });

  it('shows the code on a page when no returnTo was given, usable once', async () => {
    const client = new LinkingClient();
    const landing = await callback(
      service.url,
      await consent(await startLinking(service.url, undefined, client)),
      client,
    );
    expect(landing.status).toBe(200);
    const code = /id="code">([^<]+)</.exec(await landing.text())![1];
    expect((await exchangeCode(service.url, code, client.codeVerifier)).status).toBe(200);
    const replay = await exchangeCode(service.url, code, client.codeVerifier);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { code: string }).code).toBe('auth.invalid_code');
  });

  it('refuses a returnTo outside the allowlist, but allows a mobile app scheme', async () => {
    const codeChallenge = new LinkingClient().codeChallenge;
    const res = await request(service.url)
      .get('/api/v1/auth/kroger/authorize')
      .query({ returnTo: 'https://evil.example/steal', codeChallenge })
      .expect(400);
    expect(res.body).toMatchObject({
      code: 'auth.return_to_not_allowed',
      errors: [{ field: 'returnTo', rule: 'allowlist' }],
    });
    await request(service.url)
      .get('/api/v1/auth/kroger/authorize')
      .query({ returnTo: 'https://app.example.com:444/kroger/done', codeChallenge })
      .expect(400);
    await request(service.url)
      .get('/api/v1/auth/kroger/authorize')
      .query({ returnTo: 'myapp://auth/linked', codeChallenge })
      .expect(302);
  });

  it('refuses a tampered state and a replayed callback', async () => {
    const client = new LinkingClient();
    const redirect = await consent(await startLinking(service.url, RETURN_TO, client));
    const tampered = new URL(redirect);
    tampered.searchParams.set('state', 'A'.repeat(43));
    const refused = await callback(service.url, tampered, client);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('expired or was already used');

    const first = await callback(service.url, redirect, client);
    expect(first.status).toBe(302);
    // The binding cookie was cleared with the state's use: the replay is an unknown login.
    const replay = await callback(service.url, redirect, client);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('expired or was already used');
  });

  it('refuses an exchange with the wrong PKCE verifier', async () => {
    // The state's verifier is replaced behind passport's back: Kroger must refuse the exchange.
    const client = new LinkingClient();
    const redirect = await consent(await startLinking(service.url, RETURN_TO, client));
    const prisma = service.app.get(PrismaService);
    const { TokenVault } = await import('../src/auth/token-vault');
    const vault = new TokenVault(Buffer.from(baseEnv(database).TOKEN_ENCRYPTION_KEY!, 'base64url'));
    await prisma.oAuthState.updateMany({ where: { usedAt: null }, data: { codeVerifier: vault.seal('x'.repeat(43)) } });
    const landing = await callback(service.url, redirect, client);
    const back = new URL(landing.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('exchange_failed');
  });

  it('routes a denial back to the client as access_denied', async () => {
    const client = new LinkingClient();
    const denied = await consent(await startLinking(service.url, RETURN_TO, client), { decision: 'deny' });
    const landing = await callback(service.url, denied, client);
    const back = new URL(landing.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(RETURN_TO);
    expect(back.searchParams.get('error')).toBe('access_denied');
  });

  it('rotates refresh tokens and revokes the family when a rotated one is reused', async () => {
    const account = await linkAccount(service.url);
    const rotated = await request(service.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: account.refreshToken })
      .expect(200);
    expect(rotated.body.refreshToken).not.toBe(account.refreshToken);
    await request(service.url).get('/api/v1/me').set(bearer(rotated.body.accessToken)).expect(200);
    // The client moves on: the first token's successor is spent, so no grace applies to it any more.
    const latest = await request(service.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: rotated.body.refreshToken })
      .expect(200);

    const reuse = await request(service.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: account.refreshToken })
      .expect(401);
    expect(reuse.body.code).toBe('auth.invalid_refresh_token');
    // The thief's reuse ended the whole session: the newest refresh token is dead too.
    await request(service.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: latest.body.refreshToken })
      .expect(401);
    const audit = await request(service.url)
      .get('/api/v1/admin/audit-events?type=session.refresh_reuse_revoked')
      .set('X-Admin-Key', TEST_ADMIN_KEY)
      .expect(200);
    expect(audit.body.data.length).toBeGreaterThan(0);
  });

  it('keeps a sealed successor only while it may be asked for again, and never past a logout', async () => {
    const prisma = service.app.get(PrismaService);
    const kept = () => prisma.refreshToken.count({ where: { successorSealed: { not: null } } });
    const account = await linkAccount(service.url);
    const rotated = await request(service.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: account.refreshToken })
      .expect(200);
    const before = await kept();
    expect(before).toBeGreaterThan(0);
    // Using the successor ends the predecessor's grace: its sealed copy goes.
    const latest = await request(service.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: rotated.body.refreshToken })
      .expect(200);
    expect(await kept()).toBe(before);
    await request(service.url).post('/api/v1/auth/logout').set(bearer(latest.body.accessToken)).send({}).expect(204);
    expect(await kept()).toBe(before - 1);
    // A duplicate of the last refresh, still within the window, does not bring the session back.
    await request(service.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: rotated.body.refreshToken })
      .expect(401);
  });

  it('logs out, and refuses missing or bad bearer tokens with WWW-Authenticate', async () => {
    const account = await linkAccount(service.url);
    await request(service.url).post('/api/v1/auth/logout').set(bearer(account.accessToken)).send({}).expect(204);
    await request(service.url).post('/api/v1/auth/refresh').send({ refreshToken: account.refreshToken }).expect(401);
    const missing = await request(service.url).get('/api/v1/me').expect(401);
    expect(missing.headers['www-authenticate']).toContain('Bearer');
    expect(missing.body.code).toBe('auth.unauthenticated');
    const bad = await request(service.url).get('/api/v1/me').set(bearer('kbt_nope.nope')).expect(401);
    expect(bad.body.code).toBe('auth.invalid_token');
  });

  it('issues personal access tokens shown once, hashed at rest, scoped, with last use recorded, and revocable', async () => {
    const account = await linkAccount(service.url);
    const created = await request(service.url)
      .post('/api/v1/me/tokens')
      .set(bearer(account.accessToken))
      .send({ name: 'MCP desktop', scopes: ['read'] })
      .expect(201);
    expect(created.body.token).toMatch(/^kbp_/);
    const pat = created.body.token as string;
    const me = await request(service.url).get('/api/v1/me').set(bearer(pat)).expect(200);
    expect(me.body).toMatchObject({ authenticatedWith: 'api_token', scopes: ['read'] });
    const list = await request(service.url).get('/api/v1/me/tokens').set(bearer(account.accessToken)).expect(200);
    expect(list.body.data[0]).toMatchObject({ name: 'MCP desktop', lastUsedAt: expect.any(String) });
    expect(JSON.stringify(list.body)).not.toContain(pat);
    await request(service.url)
      .post('/api/v1/me/tokens')
      .set(bearer(account.accessToken))
      .send({ name: 'x', scopes: ['admin'] })
      .expect(400);
    await request(service.url)
      .delete(`/api/v1/me/tokens/${created.body.id}`)
      .set(bearer(account.accessToken))
      .expect(204);
    await request(service.url).get('/api/v1/me').set(bearer(pat)).expect(401);
  });

  it('unlinks: Kroger tokens deleted, link REVOKED, user and audit kept', async () => {
    const account = await linkAccount(service.url, { email: 'jordan@example.com' });
    await request(service.url).delete('/api/v1/me/kroger-link').set(bearer(account.accessToken)).expect(204);
    const me = await request(service.url).get('/api/v1/me').set(bearer(account.accessToken)).expect(200);
    expect(me.body.krogerLink.status).toBe('REVOKED');
    const link = await service.app.get(PrismaService).krogerLink.findUnique({ where: { userId: me.body.userId } });
    expect(link).toMatchObject({ accessToken: null, refreshToken: null });
  });

  describe('Kroger tokens on behalf of users', () => {
    it('refreshes an expired link exactly once for 50 concurrent calls', async () => {
      const account = await linkAccount(service.url, { email: 'pat@example.com' });
      const me = await request(service.url).get('/api/v1/me').set(bearer(account.accessToken)).expect(200);
      const prisma = service.app.get(PrismaService);
      await prisma.krogerLink.update({
        where: { userId: me.body.userId },
        data: { accessTokenExpiresAt: new Date(Date.now() - 1000) },
      });
      await sandbox.send('DELETE', '/requests');
      const tokens = service.app.get(KrogerUserTokens);
      const kroger = service.app.get(KrogerClient);
      const profiles = await Promise.all(
        Array.from({ length: 50 }, () => tokens.withUserToken(me.body.userId, (auth) => kroger.getProfile(auth))),
      );
      expect(new Set(profiles.map((p) => p.id)).size).toBe(1);
      const refreshes = (await sandbox.calls('/v1/connect/oauth2/token')).length;
      expect(refreshes).toBe(1);
    });

    it('answers a 401 from Kroger with one refresh and one retry', async () => {
      const account = await linkAccount(service.url, { email: 'shopper@example.com' });
      const me = await request(service.url).get('/api/v1/me').set(bearer(account.accessToken)).expect(200);
      // Kroger's clock moves past the token's expiry; ours still thinks it is valid.
      await sandbox.advanceClock(1801);
      await sandbox.send('DELETE', '/requests');
      const profile = await service.app
        .get(KrogerUserTokens)
        .withUserToken(me.body.userId, (auth) => service.app.get(KrogerClient).getProfile(auth));
      expect(profile.id).toBeTruthy();
      const calls = (await sandbox.calls()).filter((c) => c.path !== '/v1/connect/oauth2/token' || c.method === 'POST');
      expect(calls.map((c) => `${c.path} ${c.status}`)).toEqual([
        '/v1/identity/profile 401',
        '/v1/connect/oauth2/token 200',
        '/v1/identity/profile 200',
      ]);
    });

    it('retries a failed read with the same Kroger token, spending no refresh', async () => {
      const account = await linkAccount(service.url, { email: 'jordan@example.com' });
      const me = await request(service.url).get('/api/v1/me').set(bearer(account.accessToken)).expect(200);
      await sandbox.send('DELETE', '/requests');
      await sandbox.faults([{ path: '/v1/identity/profile', status: 503, count: 1 }]);
      const tokens = service.app.get(KrogerUserTokens);
      const profile = await tokens.withUserToken(me.body.userId, (auth) =>
        service.app.get(KrogerClient).getProfile(auth),
      );
      expect(profile.id).toBeTruthy();
      expect((await sandbox.calls('/v1/identity/profile')).map((c) => c.status)).toEqual([503, 200]);
      expect(await sandbox.calls('/v1/connect/oauth2/token')).toHaveLength(0);
      await sandbox.send('DELETE', '/faults');
    });

    it('marks the link REAUTH_REQUIRED with a clean error when Kroger revokes the grant', async () => {
      const account = await linkAccount(service.url, { email: 'riley@example.com' });
      const me = await request(service.url).get('/api/v1/me').set(bearer(account.accessToken)).expect(200);
      await sandbox.send('POST', '/grants/revoke', { email: 'riley@example.com' });
      const tokens = service.app.get(KrogerUserTokens);
      const kroger = service.app.get(KrogerClient);
      const error = await tokens
        .withUserToken(me.body.userId, (auth) => kroger.getProfile(auth))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'link.reauth_required',
        status: 401,
        options: { extensions: { reauthorizeUrl: expect.stringContaining('/api/v1/auth/kroger/authorize') } },
      });
      const after = await request(service.url).get('/api/v1/me').set(bearer(account.accessToken)).expect(200);
      expect(after.body.krogerLink.status).toBe('REAUTH_REQUIRED');
    });
  });

  it('purges expired login states, one-time codes and dead refresh tokens', async () => {
    await startLinking(service.url, RETURN_TO);
    const { AuthHousekeepingJob } = await import('../src/auth/auth-housekeeping.job');
    const purged = await service.app.get(AuthHousekeepingJob).purge(new Date(Date.now() + 90 * 86_400_000));
    expect(purged.states).toBeGreaterThan(0);
    expect(purged.codes).toBeGreaterThan(0);
    expect(purged.refreshTokens).toBeGreaterThan(0);
    expect(await service.app.get(PrismaService).oAuthState.count()).toBe(0);
  });

  it('stores no plaintext token in any column of any table', async () => {
    const account = await linkAccount(service.url);
    const prisma = service.app.get(PrismaService);
    const link = await prisma.krogerLink.findFirstOrThrow({ where: { status: 'ACTIVE' } });
    const { TokenVault } = await import('../src/auth/token-vault');
    const vault = new TokenVault(Buffer.from(baseEnv(database).TOKEN_ENCRYPTION_KEY!, 'base64url'));
    const secrets = [
      account.accessToken,
      account.refreshToken,
      account.loginCode,
      vault.open(link.accessToken!),
      vault.open(link.refreshToken!),
    ];
    const tables = await prisma.$queryRaw<
      { table_name: string }[]
    >`select table_name from information_schema.tables where table_schema = 'public'`;
    for (const { table_name } of tables) {
      const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`select * from "${table_name}"`);
      const dump = JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      for (const secret of secrets)
        expect(dump.includes(secret) ? `${table_name} holds a plaintext token` : 'clean').toBe('clean');
    }
  });
});
