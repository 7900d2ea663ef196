import { TokenVault } from '../../src/auth/token-vault';
import { PrismaService } from '../../src/database/prisma.service';
import { bearer } from './accounts';
import { SandboxControl } from './sandbox-control';
import { SseConnection } from './sse-client';
import { TEST_ADMIN_KEY, TEST_ENCRYPTION_KEY, TestApp } from './test-app';

/** Opens GET /api/v1/me/events as an app would. */
export const openEvents = (service: TestApp, token: string, lastEventId?: string) =>
  SseConnection.open(`${service.url}/api/v1/me/events`, {
    ...bearer(token),
    ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
  });

export async function userIdOf(service: TestApp, token: string): Promise<string> {
  const res = await fetch(`${service.url}/api/v1/me`, { headers: bearer(token) });
  return ((await res.json()) as { userId: string }).userId;
}

/** Kroger stops accepting the user's grant, and a refresh (the operator's forced one: the job's path) is refused. */
export async function refuseNextRefresh(service: TestApp, sandbox: SandboxControl, userId: string): Promise<void> {
  const link = await service.app.get(PrismaService).krogerLink.findUniqueOrThrow({ where: { userId } });
  const vault = new TokenVault(Buffer.from(TEST_ENCRYPTION_KEY, 'base64url'));
  await sandbox.send('POST', '/grants/revoke', { refreshToken: vault.open(link.refreshToken!) });
  const res = await fetch(`${service.url}/api/v1/admin/users/${userId}/kroger-link/refresh`, {
    method: 'POST',
    headers: { 'X-Admin-Key': TEST_ADMIN_KEY },
  });
  const { outcome } = (await res.json()) as { outcome: string };
  if (outcome !== 'refused') throw new Error(`expected the refresh to be refused, got ${outcome}`);
}
