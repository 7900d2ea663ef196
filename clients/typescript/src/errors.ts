import type { components } from './generated/openapi.js';

/** RFC 9457 problem details, as every error leaves the service. */
export type ProblemDocument = components['schemas']['Problem'];
export type FieldError = NonNullable<ProblemDocument['errors']>[number];
export type UpstreamError = NonNullable<ProblemDocument['upstream']>;

/**
 * Stable codes an app commonly switches on. Any string is accepted (the service adds codes over
 * time); these only help autocompletion.
 */
export type KnownProblemCode =
  | 'request.validation_failed'
  | 'request.throttled'
  | 'auth.unauthenticated'
  | 'auth.invalid_token'
  | 'auth.invalid_refresh_token'
  | 'auth.insufficient_scope'
  | 'link.required'
  | 'link.reauth_required'
  | 'link.revoked'
  | 'location.not_found'
  | 'idempotency.key_reused'
  | 'idempotency.in_progress'
  | 'quota.user_exhausted'
  | 'kroger.quota_exhausted'
  | 'kroger.unavailable'
  | 'kroger.outcome_unknown'
  | 'tier.partner_required'
  | 'resource.not_found'
  | 'http.unexpected_response';
// `string & {}` keeps the literals visible to autocompletion while accepting any other code.
export type ProblemCode = KnownProblemCode | (string & {});

/** An error answer of the service, with the problem document's members as typed fields. */
export class ProblemError<Code extends ProblemCode = ProblemCode> extends Error {
  readonly status: number;
  readonly code: Code;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  /** Also in the X-Request-Id header: quote it when reporting a problem. */
  readonly requestId: string;
  readonly instance?: string;
  /** For validation failures: each offending field and the rule it broke. */
  readonly errors: FieldError[];
  /** For errors Kroger caused: what Kroger said, minus anything secret. */
  readonly upstream?: UpstreamError;
  /** Seconds, from the Retry-After header (429, 503). */
  readonly retryAfter?: number;
  /** The whole problem document, with members beyond RFC 9457's (e.g. `reauthorizeUrl`). */
  readonly problem: ProblemDocument & Record<string, unknown>;

  constructor(problem: ProblemDocument & Record<string, unknown>, retryAfter?: number) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.name = 'ProblemError';
    this.problem = problem;
    this.status = problem.status;
    this.code = problem.code as Code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.type = problem.type;
    this.requestId = problem.requestId;
    this.instance = problem.instance;
    this.errors = problem.errors ?? [];
    this.upstream = problem.upstream;
    this.retryAfter = retryAfter;
  }

  /** Reads an error response; a body that is not problem+json (a proxy's page) still gives a ProblemError. */
  static async fromResponse(response: Response): Promise<ProblemError> {
    const text = await response.text().catch(() => '');
    const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
    const parsed = parseProblem(text);
    if (parsed) return new ProblemError(parsed, retryAfter);
    return new ProblemError(
      {
        type: 'about:blank',
        status: response.status,
        code: 'http.unexpected_response',
        title: response.statusText || `HTTP ${response.status}`,
        detail: text.slice(0, 500) || `The server answered ${response.status} without a problem document.`,
        requestId: response.headers.get('X-Request-Id') ?? '',
      },
      retryAfter,
    );
  }
}

/**
 * The session cannot be renewed (the refresh token was refused, or there is none): the stored
 * tokens were cleared and the user must link again.
 */
export class SessionExpiredError extends ProblemError {
  constructor(problem: ProblemDocument & Record<string, unknown>) {
    super(problem);
    this.name = 'SessionExpiredError';
  }
}

/** Whether `error` is a problem from the service, optionally with one of the given codes. */
export function isProblem<Code extends ProblemCode>(error: unknown, ...codes: Code[]): error is ProblemError<Code> {
  // By name as well as class: an app may bundle two copies of the SDK.
  const problem =
    error instanceof ProblemError ||
    (error instanceof Error && (error.name === 'ProblemError' || error.name === 'SessionExpiredError'));
  return problem && (codes.length === 0 || codes.includes((error as ProblemError).code as Code));
}

export function isSessionExpired(error: unknown): error is SessionExpiredError {
  return error instanceof SessionExpiredError || (error instanceof Error && error.name === 'SessionExpiredError');
}

/** Retry-After in seconds: delta-seconds or an HTTP date (RFC 9110). */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function parseProblem(text: string): (ProblemDocument & Record<string, unknown>) | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null) return undefined;
    const { status, code, title } = body as Record<string, unknown>;
    const shaped = typeof status === 'number' && typeof code === 'string' && typeof title === 'string';
    return shaped ? (body as ProblemDocument & Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
