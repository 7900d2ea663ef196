/** RFC 9457 problem details, as every error leaves this service. */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `items.0.quantity`. */
  field: string;
  /** The rule that failed, e.g. `isInt`, `min`, `whitelist`. */
  rule: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  instance?: string;
  errors?: FieldError[];
  /** For Kroger-caused errors: what Kroger said, minus anything secret. */
  upstream?: { status?: number; code?: string; reason?: string };
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types are URNs built from the stable code, so clients can switch on either. */
export function problemType(code: string): string {
  return `urn:problem:kroger-backend:${code}`;
}
