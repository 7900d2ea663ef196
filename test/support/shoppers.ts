import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { KrogerEnvironmentInfo } from '../../src/kroger/kroger-environment';
import { bearer, linkAccount } from './accounts';
import { SandboxControl } from './sandbox-control';
import { baseEnv, startApp, TestDatabase } from './test-app';

export const RETURN_TO = 'https://app.example.com/kroger/done';

/**
 * An app on the given tier with two linked shoppers (Alice and Bob, distinct Kroger customers), for
 * tests of what one user may see of another's data. `env` adds or overrides settings.
 */
export async function startWithShoppers(tier: 'public' | 'partner', env: Record<string, string> = {}) {
  const { database, service } = await startLinkableApp({ KROGER_API_TIER: tier, ...env });
  const sandbox = new SandboxControl(service.app.get(KrogerEnvironmentInfo).describe().baseUrl);
  const alice = await linkAccount(service.url, { returnTo: RETURN_TO, email: 'shopper@example.com' });
  const bob = await linkAccount(service.url, { returnTo: RETURN_TO, email: 'pat@example.com' });
  return { database, service, sandbox, alice: alice.accessToken, bob: bob.accessToken };
}
/**
 * A new database and an app whose account linking may return to RETURN_TO, with scheduled jobs
 * off (tests run what they need). `env` adds or overrides settings.
 */
export async function startLinkableApp(env: Record<string, string> = {}) {
  const database = await TestDatabase.create();
  const service = await startApp(baseEnv(database, { ALLOWED_RETURN_URLS: RETURN_TO, JOBS_ENABLED: 'false', ...env }));
  return { database, service };
}

export type Shoppers = Awaited<ReturnType<typeof startWithShoppers>>;

/** An MCP client connected to the app's /mcp with a bearer token. */
export async function mcpClient(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: bearer(token) } }),
  );
  return client;
}
