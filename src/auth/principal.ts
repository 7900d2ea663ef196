import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ApiScope } from './access-tokens';

/**
 * Who is calling: a signed-in session, a personal access token, or an OAuth access token our
 * authorization server issued to an MCP client, with what scopes.
 */
export interface Principal {
  userId: string;
  scopes: ApiScope[];
  kind: 'session' | 'api_token' | 'oauth';
  sessionId?: string;
  tokenId?: string;
  /** OAuth tokens: the resource the token is bound to (RFC 8707), e.g. `<PUBLIC_BASE_URL>/mcp`. */
  audience?: string;
  /** OAuth tokens: the client it was issued to, and the grant it belongs to. */
  clientId?: string;
  grantId?: string;
}

export type AuthenticatedRequest = Request & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});
