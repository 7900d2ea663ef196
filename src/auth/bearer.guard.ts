import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { ProblemResponses } from '../common/errors/problem-responses';
import { AccessTokens, ApiScope } from './access-tokens';
import { ApiTokensService } from './api-tokens.service';
import { ACCESS_TOKENS } from './auth.tokens';
import { insufficientScope, invalidToken, unauthenticated } from './auth-errors';
import { AuthenticatedRequest, Principal } from './principal';
import { TOKEN_PREFIX } from './secrets';
import { SessionsService } from './sessions.service';
import { SessionStatusCache } from './session-status.cache';
import { DelegatedAuthorizationService } from './delegated-authorization.service';
import type { Request } from 'express';
import { SingleFlight } from '../kroger/single-flight';

const AUTH_METADATA = 'kroger-backend:auth';
interface AuthRequirement {
  scopes: ApiScope[];
  optional: boolean;
}

/**
 * A request's authentication, kept on the request (not in a WeakMap: an ephemeron per request
 * lengthened every full GC's pause under load).
 */
const PRINCIPAL = Symbol('principal');

/**
 * Authenticates `Authorization: Bearer <token>`: our session access tokens (signed, checked against
 * revocation), personal access tokens (hashed lookup), and the OAuth access tokens our authorization
 * server issued to MCP clients (bound to /mcp: REST refuses them, see BearerGuard). Used by REST and MCP.
 */
@Injectable()
export class BearerAuthenticator {
  constructor(
    @Inject(ACCESS_TOKENS) private readonly accessTokens: AccessTokens,
    private readonly sessions: SessionsService,
    private readonly apiTokens: ApiTokensService,
    private readonly sessionStatus: SessionStatusCache,
    private readonly delegated: DelegatedAuthorizationService,
  ) {}

  /**
   * The principal of one HTTP request, authenticated once however many guards ask (the rate
   * limit's client identity runs before the route's guard): always fresh, never cached across
   * requests, so a revoked token stops counting as its user at once.
   */
  authenticateRequest(request: Request): Promise<Principal | undefined> {
    const held = request as Request & { [PRINCIPAL]?: Promise<Principal | undefined> };
    return (held[PRINCIPAL] ??= this.authenticate(request.header('authorization')));
  }

  async authenticate(authorization: string | undefined): Promise<Principal | undefined> {
    if (!authorization) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw invalidToken('Use the Bearer scheme.');
    const token = match[1];
    if (token.startsWith(TOKEN_PREFIX.access)) {
      const claims = this.accessTokens.verify(token);
      if (!claims || !(await this.sessionActive(claims.sid))) throw invalidToken();
      return { userId: claims.sub, scopes: claims.scp, kind: 'session', sessionId: claims.sid };
    }
    if (token.startsWith(TOKEN_PREFIX.personal)) {
      const found = await this.apiTokens.authenticate(token);
      if (!found) throw invalidToken();
      return { userId: found.userId, scopes: found.scopes, kind: 'api_token', tokenId: found.tokenId };
    }
    const delegated = await this.delegated.authenticate(token);
    if (delegated) return delegated;
    throw invalidToken();
  }

  /**
   * When the remembered answer runs out, every request of that session in flight needs it at once:
   * one database read answers them all, instead of one each queueing for the pool (under load on
   * PGlite's single connection, those queued reads timed cached reads out).
   */
  private readonly sessionChecks = new SingleFlight<boolean>();

  private async sessionActive(sessionId: string): Promise<boolean> {
    const cached = this.sessionStatus.get(sessionId);
    if (cached !== undefined) return cached;
    return this.sessionChecks.run(sessionId, async () => {
      const active = await this.sessions.isActive(sessionId);
      this.sessionStatus.remember(sessionId, active);
      return active;
    });
  }
}

@Injectable()
export class BearerGuard implements CanActivate {
  constructor(
    private readonly authenticator: BearerAuthenticator,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AuthRequirement>(AUTH_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]) ?? { scopes: [], optional: false };
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticator.authenticateRequest(request);
    if (!principal) {
      if (requirement.optional) return true;
      throw unauthenticated();
    }
    // RFC 8707: a token an MCP client got for /mcp is not a REST credential (a client the user allowed
    // to shop must not reach their account settings or tokens through another door).
    if (principal.audience !== undefined)
      throw invalidToken(
        `This token was issued for ${principal.audience} (an MCP client); the REST API does not accept it.`,
      );
    for (const scope of requirement.scopes) if (!principal.scopes.includes(scope)) throw insufficientScope(scope);
    request.principal = principal;
    return true;
  }
}

/**
 * The route needs a bearer token holding these scopes. Sessions signed in through linking hold them
 * all; personal tokens only those they were created with (`account` never by default).
 */
export function Authenticated(scope: ApiScope, ...more: ApiScope[]) {
  return applyDecorators(
    SetMetadata(AUTH_METADATA, { scopes: [scope, ...more], optional: false }),
    UseGuards(BearerGuard),
    ApiBearerAuth('bearer'),
    // OpenAPI 3.0 lists scopes only for OAuth schemes: clients read the route's scopes here.
    ApiExtension('x-required-scopes', [scope, ...more]),
    ProblemResponses(401, 403),
  );
}

/** The route is public, but a bearer token, when sent, identifies the caller (e.g. for defaults). */
export function OptionallyAuthenticated() {
  return applyDecorators(
    SetMetadata(AUTH_METADATA, { scopes: [], optional: true }),
    UseGuards(BearerGuard),
    // Either no credentials at all, or a bearer token (a wrong one is still a 401).
    ApiSecurity({}),
    ApiBearerAuth('bearer'),
    ProblemResponses(401),
  );
}
