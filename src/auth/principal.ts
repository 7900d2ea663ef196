import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ApiScope } from './access-tokens';

/** Who is calling: a signed-in session or a personal access token, with what scopes. */
export interface Principal {
  userId: string;
  scopes: ApiScope[];
  kind: 'session' | 'api_token';
  sessionId?: string;
  tokenId?: string;
}

export type AuthenticatedRequest = Request & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});
