import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_RESPONSE_DESCRIPTIONS, problemResponse } from '../common/errors/problem-responses';

type Operation = { tags?: string[]; requestBody?: unknown; parameters?: unknown[]; responses: Record<string, unknown> };

/**
 * Problems any operation can answer whatever its handler does, added here once rather than on
 * every handler: the global rate limit (429; health checks are exempt), the body limits (413,
 * and 400 for malformed or too deeply nested JSON) and input validation (400).
 */
export function addCommonProblems(document: OpenAPIObject): void {
  for (const operations of Object.values(document.paths))
    for (const operation of Object.values(operations as Record<string, Operation>)) {
      const add = (status: number) => {
        operation.responses[String(status)] ??= problemResponse(status, PROBLEM_RESPONSE_DESCRIPTIONS[status]);
      };
      if (!operation.tags?.includes('health')) add(429);
      if (operation.requestBody) add(413);
      if (operation.requestBody || (operation.parameters?.length ?? 0) > 0) add(400);
    }
}
