import { INestApplication } from '@nestjs/common';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { templateDir } from './database-template';

export type Env = Record<string, string | undefined>;

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64url');

/** A database for one test: a copy of the migrated PGlite template, or a fresh PostgreSQL database. */
export class TestDatabase {
  private constructor(
    readonly env: Env,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async create(): Promise<TestDatabase> {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (serverUrl) {
      const name = `e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      await adminQuery(serverUrl, `create database ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const dataDir = mkdtempSync(join(tmpdir(), 'kroger-e2e-'));
      return new TestDatabase({ DATABASE_URL: url.toString(), PGLITE_DATA_DIR: dataDir }, async () => {
        await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
        rmSync(dataDir, { recursive: true, force: true });
      });
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'kroger-e2e-'));
    cpSync(join(templateDir(), 'pgdata'), join(dataDir, 'pgdata'), { recursive: true });
    return new TestDatabase({ PGLITE_DATA_DIR: dataDir }, () =>
      Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
    );
  }

  drop(): Promise<void> {
    return this.cleanup();
  }
}

/** Runs one statement on its own connection. */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function baseEnv(database: TestDatabase, overrides: Env = {}): Env {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    ...database.env,
    ...overrides,
  };
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  url: string;
  close(): Promise<void>;
}

/** Boots the real application through bootstrap.ts and listens on a free loopback port. */
export async function startApp(env: Env): Promise<TestApp> {
  const { app, config } = await createApp({ env });
  await app.listen(config.http.port, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, config, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** A free loopback port, for a service that must know its own URL (PUBLIC_BASE_URL) before it listens. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
