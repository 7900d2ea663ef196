import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { z } from 'zod';
import { PAGE_RESPONSE, pageOptionsOf } from '../contract/pagination';
import { pageLinks } from './page-links';

/**
 * Adds RFC 8288 `Link` headers (rel="next", rel="prev") to every list answer, from its
 * `pagination`, so clients that follow links need no paging arithmetic of their own.
 */
@Injectable()
export class PageLinksInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const schema = Reflect.getMetadata(PAGE_RESPONSE, context.getHandler()) as z.ZodType | undefined;
    const maxStart = schema && pageOptionsOf(schema)?.maxStart;
    return next.handle().pipe(
      tap((body) => {
        const links = pageLinks(request.originalUrl, body, maxStart);
        if (links && !response.headersSent) response.setHeader('Link', links);
      }),
    );
  }
}
