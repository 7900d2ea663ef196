import { Logger } from '@nestjs/common';
import { startSandbox, RunningSandbox, DEFAULT_CLIENTS, DEFAULT_REDIRECT_URIS } from '../../sandbox';
import { AppConfig } from '../config/app-config';

/** Where Kroger is and who we are to it. In sandbox mode without a URL, the sandbox runs in-process. */
export interface KrogerConnection {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  embeddedSandbox?: RunningSandbox;
}

const logger = new Logger('Kroger');

export async function openKrogerConnection(
  kroger: AppConfig['kroger'],
  nodeEnv: AppConfig['nodeEnv'],
): Promise<KrogerConnection> {
  const sandboxClient = DEFAULT_CLIENTS.find((c) => c.tier === kroger.tier)!;
  if (kroger.environment === 'sandbox' && !kroger.baseUrl) {
    const embeddedSandbox = await startSandbox({
      port: 0,
      host: '127.0.0.1',
      // The service's own callback must be a registered redirect URI, whatever port it runs on.
      clients: DEFAULT_CLIENTS.map((c) => ({
        ...c,
        redirectUris: [...new Set([...DEFAULT_REDIRECT_URIS, kroger.redirectUri])],
      })),
      // Test controls exist only outside production.
      controlSurface: nodeEnv !== 'production',
    });
    logger.warn(
      `Kroger sandbox started in-process at ${embeddedSandbox.baseUrl}: this service is NOT talking to Kroger`,
    );
    return {
      baseUrl: embeddedSandbox.baseUrl,
      clientId: sandboxClient.clientId,
      clientSecret: sandboxClient.clientSecret,
      embeddedSandbox,
    };
  }
  return {
    baseUrl: kroger.baseUrl!.replace(/\/+$/, ''),
    clientId: kroger.clientId ?? sandboxClient.clientId,
    clientSecret: kroger.clientSecret ?? sandboxClient.clientSecret,
  };
}
