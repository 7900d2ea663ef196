import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { HeadersObject } from '@nestjs/swagger';
import { z } from 'zod';
import { isPage, PAGE_RESPONSE } from './pagination';
import { CACHE_CONTROL_HEADER, LINK_HEADER, STALE_HEADERS } from './response-headers';
import { schemaRef } from './schema-registry';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
  302: 'Redirect',
};

export interface ReturnsOptions {
  description?: string;
  headers?: HeadersObject;
  /**
   * A cacheable GET (`@CacheFor`): documents Cache-Control, and Age and Warning for a stale answer
   * served while Kroger is unreachable; ETag and 304 are on every GET.
   */
  cached?: boolean;
}

/** Documents a success response: its status, its named schema (none for 204/302) and headers. */
export function Returns(status: number, schema?: z.ZodType, options: ReturnsOptions = {}) {
  const headers = {
    ...(options.cached ? { ...CACHE_CONTROL_HEADER, ...STALE_HEADERS } : {}),
    // A list answer links its neighbouring pages (linkPages, src/common/http/page-links.response.ts).
    ...(schema && isPage(schema) ? LINK_HEADER : {}),
    ...options.headers,
  };
  const documented = ApiResponse({
    status,
    description: options.description ?? STATUS_TEXT[status] ?? 'OK',
    ...(schema ? { content: { 'application/json': { schema: schemaRef(schema) } } } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  });
  // linkPages reads the page's options (how far its next link may lead) from the handler.
  return schema && isPage(schema) ? applyDecorators(documented, SetMetadata(PAGE_RESPONSE, schema)) : documented;
}
