/**
 * `npm run sandbox`: the Kroger sandbox on its own, with its control surface.
 * SANDBOX_PORT (default 8090), SANDBOX_HOST (default 127.0.0.1), SANDBOX_SEED.
 */
import { startSandbox } from './sandbox';

async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 8090);
  const seed = process.env.SANDBOX_SEED ? Number(process.env.SANDBOX_SEED) : undefined;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('SANDBOX_PORT must be a port number');
  const sandbox = await startSandbox({
    port,
    host: process.env.SANDBOX_HOST ?? '127.0.0.1',
    seed,
    controlSurface: true,
  });
  const lines = [
    `Kroger sandbox (a local simulator, not Kroger) at ${sandbox.baseUrl}/v1`,
    `  started in ${sandbox.startupMs} ms: ${sandbox.catalogSize} products, ${sandbox.storeCount} stores`,
    `  control surface: ${sandbox.baseUrl}/__sandbox (see sandbox/README.md)`,
    '  clients (id / secret / tier):',
    ...sandbox.clients.map((c) => `    ${c.clientId} / ${c.clientSecret} / ${c.tier}`),
    '  customers (password "sandbox"):',
    ...sandbox.customers.map((c) => `    ${c.email}  (${c.firstName} ${c.lastName}, card ${c.loyaltyCardNumber})`),
    `  e.g. KROGER_ENV=sandbox KROGER_BASE_URL=${sandbox.baseUrl} KROGER_CLIENT_ID=${sandbox.clients[0].clientId} KROGER_CLIENT_SECRET=${sandbox.clients[0].clientSecret} npm start`,
  ];
  console.log(lines.join('\n'));
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
