import { AccessTokens } from '../../src/auth/access-tokens';
import { ACCESS_TOKENS } from '../../src/auth/auth.tokens';
import type { TokenStore } from '../../clients/typescript/src';
import type { TestApp } from './test-app';

/** Replaces the stored access token by one of the same session that expired an hour ago. */
export async function expireAccessToken(service: TestApp, tokens: TokenStore): Promise<void> {
  const current = (await tokens.get())!;
  const claims = JSON.parse(Buffer.from(current.accessToken.slice(4).split('.')[0], 'base64url').toString());
  const expired = service.app
    .get<AccessTokens>(ACCESS_TOKENS)
    .issue(claims.sub, claims.sid, claims.scp, Date.now() - 3_600_000);
  await tokens.set({ ...current, accessToken: expired });
}
