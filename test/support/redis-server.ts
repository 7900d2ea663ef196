import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './test-app';

/** CI installs redis-server and sets REQUIRE_REDIS=1, so there a missing server fails instead of skipping. */
export const redisAvailable =
  spawnSync('redis-server', ['--version']).status === 0 || process.env.REQUIRE_REDIS === '1';

/** A throw-away redis-server on a free loopback port, without persistence. */
export async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const server: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  // Ready once it accepts a connection.
  for (let attempt = 0; ; attempt += 1) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(true)).on('error', () => resolve(false));
      socket.unref();
      setTimeout(() => socket.destroy(), 1000).unref();
    });
    if (up) break;
    if (attempt > 100) throw new Error('redis-server did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => server.kill() };
}
