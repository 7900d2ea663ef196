import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
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
    return next.handle().pipe(
      tap((body) => {
        const links = pageLinks(request.originalUrl, body);
        if (links && !response.headersSent) response.setHeader('Link', links);
      }),
    );
  }
}
