import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { ValidationError } from '../errors/domain-error';
import { findUnstorableText } from './storable-text';

const MCP_PATH = '/mcp';

/**
 * Refuses text PostgreSQL cannot store anywhere in the path parameters, query or body, for every
 * route, before pipes and handlers see it. It does not rely on the DTOs, so no route can forget it
 * and it holds whatever validation library the DTOs use.
 */
@Injectable()
export class StorableTextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
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
    return next.handle();
  }
}
