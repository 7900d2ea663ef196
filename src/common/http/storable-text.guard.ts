import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ValidationError } from '../errors/domain-error';
import { findUnstorableText } from './storable-text';

const MCP_PATH = '/mcp';

/**
 * Refuses text PostgreSQL cannot store anywhere in the path parameters, query or body, for every
 * route, before pipes and handlers see it. It does not rely on the DTOs, so no route can forget it
 * and it holds whatever validation library the DTOs use.
 *
 * A global guard rather than an interceptor: it only needs to run before the handler, and any
 * interceptor wraps every request in rxjs (a fifth of a cached read's CPU, bench:http). Being global,
 * it runs after the throttler and before a route's own guards (bearer, admin key).
 */
@Injectable()
export class StorableTextGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request | undefined>();
    // MCP answers in JSON-RPC, not problem+json: its tool arguments are checked by the MCP server.
    if (context.getType() === 'http' && request && !request.path.startsWith(MCP_PATH)) {
      const errors = [
        ...findUnstorableText(request.params, 'path'),
        ...findUnstorableText(request.query, 'query'),
        ...findUnstorableText(request.body, 'body'),
      ];
      if (errors.length > 0) throw new ValidationError(errors);
    }
    return true;
  }
}
