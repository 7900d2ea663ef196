/**
 * MCP over stdio for desktop clients (`npm run --silent mcp:stdio`, or `node dist/src/mcp-stdio.js`).
 * Acts as the user of MCP_ACCESS_TOKEN (a personal access token from POST /api/v1/me/tokens).
 * stdout carries the protocol, so every log line goes to stderr.
 */
import { NestFactory } from '@nestjs/core';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppModule } from './app.module';
import { BearerAuthenticator } from './auth/bearer.guard';
import { redactString } from './common/logging/redact';
import { requestContext } from './common/request-context';
import { readEnvironment } from './config/environment';
import { loadConfig } from './config/load-config';
import { McpRegistry } from './mcp/mcp-registry';

async function main(): Promise<void> {
  const { config } = loadConfig(readEnvironment());
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, pino.destination(2)), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  const token = config.mcp.stdioAccessToken;
  const authenticator = app.get(BearerAuthenticator);
  const authenticate = () => (token ? authenticator.authenticate(`Bearer ${token}`) : Promise.resolve(undefined));
  const principal = await authenticate();
  if (!principal && !config.mcp.allowAnonymous) {
    throw new Error(
      'Set MCP_ACCESS_TOKEN to a personal access token (POST /api/v1/me/tokens), or MCP_ALLOW_ANONYMOUS=true for the public tools only.',
    );
  }
  const server = app.get(McpRegistry).createServer({ principal });
  const transport = new StdioServerTransport();
  transport.onclose = () => void app.close().then(() => process.exit(0));
  await server.connect(transport);
  // Each message is handled as the token's user, so its Kroger calls are charged as over HTTP.
  const caller = {
    userId: principal?.userId,
    client: principal?.tokenId
      ? `token:${principal.tokenId}`
      : principal?.sessionId
        ? `session:${principal.sessionId}`
        : undefined,
    address: 'stdio',
  };
  // The token is checked again before every message, in order, as HTTP checks every request: a
  // token revoked or expired while the client runs ends the session instead of acting on.
  const handle = transport.onmessage;
  let checked = Promise.resolve();
  transport.onmessage = (message) => {
    checked = checked.then(async () => {
      const still = principal ? await authenticate().catch(() => undefined) : undefined;
      if (principal && still?.userId !== principal.userId) {
        process.stderr.write('MCP_ACCESS_TOKEN was revoked or has expired: closing.\n');
        return transport.close();
      }
      requestContext.runAs(caller, () => handle?.(message));
    });
  };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `MCP stdio server failed: ${redactString(error instanceof Error ? error.message : String(error))}\n`,
  );
  process.exit(1);
});
