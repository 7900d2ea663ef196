import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { HeadersObject } from '@nestjs/swagger';
import { z } from 'zod';
import { RATE_LIMIT_HEADERS, RETRY_AFTER } from '../contract/response-headers';
import { responseSchema, schemaRef } from '../contract/schema-registry';
import { PROBLEM_CONTENT_TYPE } from './problem';

const FieldError = z.object({
  field: z.string().meta({ examples: ['limit'] }),
  rule: z.string().meta({ examples: ['maximum'], description: 'The rule that failed' }),
  message: z.string().meta({ examples: ['limit must be between 1 and 50'] }),
});

/** RFC 9457 problem details, as every error of this API is sent. */
export const Problem = responseSchema(
  'Problem',
  z.object({
    type: z.string().meta({ examples: ['urn:problem:kroger-backend:request.validation_failed'] }),
    title: z.string().meta({ examples: ['Invalid request'] }),
    status: z
      .number()
      .int()
      .meta({ examples: [400] }),
    detail: z.string().meta({ examples: ['limit: limit must be between 1 and 50'] }),
    code: z.string().meta({ examples: ['request.validation_failed'], description: 'Stable code to switch on' }),
    requestId: z.string().meta({ description: 'Also in the X-Request-Id header' }),
    instance: z
      .string()
      .optional()
      .meta({ examples: ['/api/v1/products'] }),
    errors: z.array(FieldError).optional().describe('Per-field errors, for validation failures'),
    upstream: z
      .object({
        status: z
          .number()
          .int()
          .optional()
          .meta({ examples: [400] }),
        code: z
          .string()
          .optional()
          .meta({ examples: ['PRODUCT-2011-400'] }),
        reason: z
          .string()
          .optional()
          .meta({ examples: ["Field 'locationId' must have a length of 8 characters"] }),
      })
      .optional()
      .describe('What Kroger said, for Kroger-caused errors'),
  }),
);

export const PROBLEM_RESPONSE_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request; `errors` names each field and rule',
  401: 'Missing or invalid credentials',
  403: 'Not allowed (e.g. the token lacks the scope)',
  404: 'Not found',
  409: 'Conflict',
  413: 'The request body is too large',
  415: 'The request body is not JSON (or not UTF-8)',
  422: 'Unprocessable (e.g. a store id Kroger does not know, `location.not_found`, or an idempotency key reused with another body)',
  429: "Rate limited (`request.throttled`), or the caller's share of Kroger's daily quota is used up (`quota.user_exhausted`); see Retry-After",
  501: 'Needs the Kroger partner tier',
  502: 'Kroger answered with an error',
  503: 'Temporarily unavailable; see Retry-After',
};

const PROBLEM_HEADERS: Record<number, HeadersObject> = {
  401: { 'WWW-Authenticate': { description: 'The bearer challenge', schema: { type: 'string' } } },
  429: RATE_LIMIT_HEADERS,
  503: RETRY_AFTER,
};

/** One problem+json response as the OpenAPI document shows it. */
export function problemResponse(status: number, description = PROBLEM_RESPONSE_DESCRIPTIONS[status] ?? 'Error') {
  return {
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: schemaRef(Problem) } },
    ...(PROBLEM_HEADERS[status] ? { headers: PROBLEM_HEADERS[status] } : {}),
  };
}

/** Documents the problem+json responses an operation can return. */
export function ProblemResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })));
}
