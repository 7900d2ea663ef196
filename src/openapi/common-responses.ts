import type { OpenAPIObject } from '@nestjs/swagger';
import { ETAG_HEADER } from '../common/contract/response-headers';
import { PROBLEM_RESPONSE_DESCRIPTIONS, problemResponse } from '../common/errors/problem-responses';

type Response = { description: string; headers?: Record<string, unknown>; content?: Record<string, unknown> };
type Operation = {
  tags?: string[];
  requestBody?: unknown;
  parameters?: unknown[];
  responses: Record<string, Response>;
};

/** Express answers every GET with a weak ETag and a matching If-None-Match with 304 (not a stream it writes itself). */
function addRevalidation(operation: Operation): void {
  const ok = operation.responses['200'];
  if (!ok?.content || 'text/event-stream' in ok.content) return;
  ok.headers = { ...ETAG_HEADER, ...ok.headers };
  operation.responses['304'] = {
    description: 'Not modified: the ETag sent in If-None-Match still matches',
    headers: ETAG_HEADER,
  };
}

/**
 * Responses any operation can give whatever its handler does: 304 to a GET revalidated with its
 * ETag, and problems added here once rather than on
 * every handler: the global rate limit (429; health checks are exempt), the body limits (413,
 * 415 for a body that is not JSON, and 400 for malformed or too deeply nested JSON) and input
 * validation (400).
 */
export function addCommonResponses(document: OpenAPIObject): void {
  for (const operations of Object.values(document.paths))
    for (const [method, operation] of Object.entries(operations as Record<string, Operation>)) {
      if (method === 'get') addRevalidation(operation);
      const add = (status: number) => {
        operation.responses[String(status)] ??= problemResponse(status, PROBLEM_RESPONSE_DESCRIPTIONS[status]);
      };
      if (!operation.tags?.includes('health')) add(429);
      if (operation.requestBody) add(413);
      if (operation.requestBody) add(415);
      if (operation.requestBody || (operation.parameters?.length ?? 0) > 0) add(400);
    }
}
