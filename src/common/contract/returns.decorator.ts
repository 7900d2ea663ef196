import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { HeadersObject } from '@nestjs/swagger';
import { z } from 'zod';
import { CACHE_HEADERS } from './response-headers';
import { schemaRef } from './schema-registry';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
  302: 'Redirect',
  304: 'Not modified: the ETag sent in If-None-Match still matches',
};

export interface ReturnsOptions {
  description?: string;
  headers?: HeadersObject;
  /** A cacheable GET: documents ETag / Cache-Control and the 304 answer to If-None-Match. */
  cached?: boolean;
}

/** Documents a success response: its status, its named schema (none for 204/302) and headers. */
export function Returns(status: number, schema?: z.ZodType, options: ReturnsOptions = {}) {
  const headers = { ...(options.cached ? CACHE_HEADERS : {}), ...options.headers };
  return applyDecorators(
    ApiResponse({
      status,
      description: options.description ?? STATUS_TEXT[status] ?? 'OK',
      ...(schema ? { content: { 'application/json': { schema: schemaRef(schema) } } } : {}),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
    }),
    ...(options.cached ? [ApiResponse({ status: 304, description: STATUS_TEXT[304], headers: CACHE_HEADERS })] : []),
  );
}
