import {
  ETAG_HEADER,
  IDEMPOTENT_REPLAYED,
  LINK_HEADER,
  RATE_LIMIT_HEADERS,
  STALE_HEADERS,
} from '../contract/response-headers';
import { REQUEST_ID_HEADER } from '../request-id';

/**
 * Response headers a browser app may read cross-origin (CORS `Access-Control-Expose-Headers`):
 * every header our answers carry for clients beyond the CORS-safelisted ones (Cache-Control,
 * Content-Type, ...). Built from the headers the OpenAPI document declares, so a header documented
 * for clients is readable by them; the e2e test walks the document to keep it so.
 */
export const EXPOSED_RESPONSE_HEADERS: readonly string[] = [
  ...Object.keys({ ...ETAG_HEADER, ...RATE_LIMIT_HEADERS, ...IDEMPOTENT_REPLAYED, ...LINK_HEADER, ...STALE_HEADERS }),
  REQUEST_ID_HEADER,
  'WWW-Authenticate',
];
