import { DomainError } from '../errors/domain-error';

/** Problems with the request itself, found before any handler runs. */

export class BodyTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super(
      'request.body_too_large',
      413,
      'Content too large',
      `The request body is larger than the limit of ${formatBytes(limitBytes)}.`,
    );
  }
}

export class BodyTooDeepError extends DomainError {
  constructor(maxDepth: number) {
    super(
      'request.body_too_deep',
      400,
      'Body nested too deeply',
      `The request body nests arrays and objects more than ${maxDepth} levels deep.`,
    );
  }
}

export class MalformedBodyError extends DomainError {
  constructor(detail: string) {
    super('request.malformed_body', 400, 'Malformed body', detail);
  }
}

export class UnsupportedBodyEncodingError extends DomainError {
  constructor(detail: string) {
    super('request.unsupported_media_type', 415, 'Unsupported media type', detail);
  }
}

export class MethodNotAllowedError extends DomainError {
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(
      'request.method_not_allowed',
      405,
      'Method not allowed',
      `${method} is not supported on ${path}; use ${allowed.join(', ')}.`,
      { headers: { Allow: allowed.join(', ') } },
    );
  }
}

function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`;
}
