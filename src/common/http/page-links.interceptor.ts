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
        const links = linksOf(request.originalUrl, body, maxStart);
        if (links && !response.headersSent) response.setHeader('Link', links);
      }),
    );
  }
}

interface RememberedLinks {
  url: string;
  maxStart: number | undefined;
  links: string | undefined;
}

/**
 * A frozen body (a cached answer shared by every request for it) always yields the same links for
 * the same URL, so the last ones worked out for it are kept with it: URL parsing was a visible
 * share of a cached read's cost.
 */
const linksOfFrozenBodies = new WeakMap<object, RememberedLinks>();

function linksOf(url: string, body: unknown, maxStart: number | undefined): string | undefined {
  if (typeof body !== 'object' || body === null || !Object.isFrozen(body)) return pageLinks(url, body, maxStart);
  const remembered = linksOfFrozenBodies.get(body);
  if (remembered?.url === url && remembered.maxStart === maxStart) return remembered.links;
  const links = pageLinks(url, body, maxStart);
  linksOfFrozenBodies.set(body, { url, maxStart, links });
  return links;
}
