import { bearer, linkAccount } from './support/accounts';
import { runService as run, waitForPort } from './support/service-process';
import { baseEnv, TestDatabase } from './support/test-app';

describe('The service as a process (e2e)', () => {
  it('exits non-zero naming the variable and the rule when configuration is bad', async () => {
    const running = run({ PORT: 'eighty', KROGER_ENV: 'staging', PGLITE_DATA_DIR: '/tmp/never-used' });
    expect(await running.exited).not.toBe(0);
    expect(running.output()).toContain('PORT: must be a whole number (got "eighty")');
    expect(running.output()).toContain('KROGER_ENV: must be production, certification or sandbox');
  });

  it('refuses to start in production without real secrets, without echoing them', async () => {
    const running = run({
      NODE_ENV: 'production',
      TOKEN_ENCRYPTION_KEY: 'change-me',
      PGLITE_DATA_DIR: '/tmp/never-used',
    });
    expect(await running.exited).not.toBe(0);
    expect(running.output()).toContain('TOKEN_ENCRYPTION_KEY: looks like a placeholder');
    expect(running.output()).toContain('ADMIN_API_KEY: is required when NODE_ENV is production');
    expect(running.output()).not.toContain('change-me');
  });

  it('becomes ready, logs requests with their id and no credentials, and exits cleanly on SIGTERM', async () => {
    const database = await TestDatabase.create();
    const started = Date.now();
    const running = run({ ...baseEnv(database, { LOG_LEVEL: 'info', PORT: '0' }), PUBLIC_BASE_URL: undefined });
    try {
      const port = await waitForPort(running, Date.now() + 60_000);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      console.log(
        `start to ready: ${Date.now() - started} ms (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`,
      );

      const secret = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.c2lnbmF0dXJlLXNlY3JldA';
      await fetch(`http://127.0.0.1:${port}/api/v1/admin/audit-events?code=one-time-code-123`, {
        headers: { Authorization: `Bearer ${secret}`, Cookie: 'session=cookie-secret', 'X-Request-Id': 'trace-me-1' },
      });
      await new Promise((resolve) => setTimeout(resolve, 200));

      // A clean exit of its own accord (a hung shutdown would end in the test's timeout); how
      // long it takes is a figure for bench/startup.sh, not an assertion on a loaded machine.
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);

      const lines = running
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'));
      const requestLine = lines
        .map((line) => JSON.parse(line))
        .find((entry) => entry.req?.id === 'trace-me-1' && entry.msg === 'request completed');
      expect(requestLine).toMatchObject({ req: { method: 'GET' }, res: { statusCode: 401 } });
      expect(running.output()).not.toContain(secret);
      expect(running.output()).not.toContain('cookie-secret');
      expect(running.output()).not.toContain('one-time-code-123');
    } finally {
      running.child.kill('SIGKILL');
      await database.drop();
    }
  });

  it('never writes a token or secret to the logs, even at debug level, through a whole linking flow', async () => {
    const database = await TestDatabase.create();
    const running = run({
      ...baseEnv(database, { LOG_LEVEL: 'debug', PORT: '0', ALLOWED_RETURN_URLS: 'https://app.example.com/done' }),
    });
    try {
      const port = await waitForPort(running, Date.now() + 60_000);
      const url = `http://127.0.0.1:${port}`;
      const account = await linkAccount(url, { returnTo: 'https://app.example.com/done' });
      const refreshed = (await (
        await fetch(`${url}/api/v1/auth/refresh`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ refreshToken: account.refreshToken }),
        })
      ).json()) as { accessToken: string; refreshToken: string };
      const pat = (await (
        await fetch(`${url}/api/v1/me/tokens`, {
          method: 'POST',
          headers: { ...bearer(refreshed.accessToken), 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: 'cli', scopes: ['read'] }),
        })
      ).json()) as { token: string };
      expect((await fetch(`${url}/api/v1/me`, { headers: bearer(pat.token) })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const output = running.output();
      expect(output).toContain('Kroger call'); // debug lines about Kroger calls were written...
      for (const secret of [
        account.loginCode,
        account.accessToken,
        account.refreshToken,
        refreshed.accessToken,
        refreshed.refreshToken,
        pat.token,
      ]) {
        expect(output.includes(secret) ? `log holds ${secret.slice(0, 4)}…` : 'clean').toBe('clean');
      }
      // ...and no Kroger JWT, client secret or Basic credential among them.
      expect(output).not.toMatch(/eyJhbGciOi|sandbox-public-secret|Basic [A-Za-z0-9+/=]{10,}/);
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
      await database.drop();
    }
  });
});
