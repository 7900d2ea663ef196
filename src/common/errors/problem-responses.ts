import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem';

export class FieldErrorDto {
  @ApiProperty({ example: 'limit' })
  field!: string;

  @ApiProperty({ example: 'max', description: 'The rule that failed' })
  rule!: string;

  @ApiProperty({ example: 'limit must be at most 200' })
  message!: string;
}

export class UpstreamErrorDto {
  @ApiPropertyOptional({ example: 400 })
  status?: number;

  @ApiPropertyOptional({ example: 'PRODUCT-2011-400' })
  code?: string;

  @ApiPropertyOptional({ example: "Field 'locationId' must have a length of 8 characters" })
  reason?: string;
}

/** RFC 9457 problem details, as every error of this API is sent. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:problem:kroger-backend:request.validation_failed' })
  type!: string;

  @ApiProperty({ example: 'Invalid request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'limit: limit must be at most 200' })
  detail!: string;

  @ApiProperty({ example: 'request.validation_failed', description: 'Stable code to switch on' })
  code!: string;

  @ApiProperty({ example: '6f1c2a4e-1d2b-4f7e-9d3c-2b1a0e9f8c7d', description: 'Also in the X-Request-Id header' })
  requestId!: string;

  @ApiPropertyOptional({ example: '/api/v1/admin/audit-events' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Per-field errors, for validation failures' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ type: UpstreamErrorDto, description: 'What Kroger said, for Kroger-caused errors' })
  upstream?: UpstreamErrorDto;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request; `errors` names each field and rule',
  401: 'Missing or invalid credentials',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  422: 'Unprocessable (e.g. an idempotency key reused with another body)',
  429: 'Rate limited; see Retry-After',
  501: 'Needs the Kroger partner tier',
  502: 'Kroger answered with an error',
  503: 'Temporarily unavailable; see Retry-After',
};

/** Documents the problem+json responses an operation can return. */
export function ProblemResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
