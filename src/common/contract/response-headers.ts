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

export const LINK_HEADER: HeadersObject = {
  Link: {
    description: 'RFC 8288 links to the next and previous pages (`rel="next"`, `rel="prev"`), when there are any',
    schema: { type: 'string' },
  },
};

/** Sent with an answer served from a stale cache entry while Kroger was unreachable. */
export const STALE_HEADERS: HeadersObject = {
  Age: { description: 'Seconds since the answer was fetched from Kroger', schema: { type: 'integer' } },
  Warning: { description: '`110 - "Response is Stale"`', schema: { type: 'string' } },
};
