import type { HeadersObject } from '@nestjs/swagger';

/** Response headers as the OpenAPI document describes them, declared once. */
/** Express sends it with every GET answer (see addCommonResponses). */
export const ETAG_HEADER: HeadersObject = {
  ETag: { description: 'Weak validator of the body; send it back in If-None-Match', schema: { type: 'string' } },
};

export const CACHE_CONTROL_HEADER: HeadersObject = {
  'Cache-Control': { description: 'How long a client may reuse the answer', schema: { type: 'string' } },
};

export const RETRY_AFTER: HeadersObject = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
};

export const RATE_LIMIT_HEADERS: HeadersObject = {
  ...RETRY_AFTER,
  'X-RateLimit-Limit': { description: 'Requests allowed in the window', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the window', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
};

export const IDEMPOTENT_REPLAYED: HeadersObject = {
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
};
