import { DomainError } from '../common/errors/domain-error';

/** What went wrong with a Kroger call, as this service reports it to its own clients. */
export type KrogerFailure =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'quota_exhausted'
  | 'unavailable'
  | 'timeout'
  | 'circuit_open'
  | 'outcome_unknown';

const PRESENTATION: Record<KrogerFailure, { status: number; title: string; detail: string }> = {
  bad_request: { status: 400, title: 'Kroger refused the request', detail: 'Kroger refused the request as invalid.' },
  unauthorized: {
    status: 502,
    title: 'Kroger refused our credentials',
    detail: 'Kroger did not accept the credentials this service used.',
  },
  forbidden: {
    status: 403,
    title: 'Not allowed by Kroger',
    detail: 'Kroger does not allow this operation for this application or account.',
  },
  not_found: { status: 404, title: 'Not found at Kroger', detail: 'Kroger has no such resource.' },
  conflict: { status: 409, title: 'Kroger reported a conflict', detail: 'Kroger could not apply the change.' },
  quota_exhausted: {
    status: 503,
    title: 'Kroger quota exhausted',
    detail: "The application's daily Kroger quota for this API is used up.",
  },
  unavailable: { status: 503, title: 'Kroger unavailable', detail: 'Kroger is not answering properly; retry later.' },
  timeout: { status: 504, title: 'Kroger timed out', detail: 'Kroger did not answer in time; retry later.' },
  circuit_open: {
    status: 503,
    title: 'Kroger temporarily unavailable',
    detail: 'Recent Kroger calls failed; calls are paused briefly.',
  },
  outcome_unknown: {
    status: 502,
    title: 'Outcome unknown',
    detail:
      'The change was sent to Kroger but no answer came back; it may or may not have been applied. It was not retried.',
  },
};

export interface KrogerErrorInit {
  failure: KrogerFailure;
  /** Kroger's HTTP status, when there was one. */
  upstreamStatus?: number;
  upstreamCode?: string;
  reason?: string;
  retryable: boolean;
  retryAfterSeconds?: number;
  api: string;
  cause?: unknown;
}

/**
 * A failed Kroger call. Carries Kroger's status, code and reason (never a token or secret) and
 * whether trying again may help; renders as problem+json with code `kroger.<failure>`.
 */
export class KrogerError extends DomainError {
  readonly failure: KrogerFailure;
  readonly upstreamStatus?: number;
  readonly upstreamCode?: string;
  readonly reason?: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  readonly api: string;

  constructor(init: KrogerErrorInit) {
    const presentation = PRESENTATION[init.failure];
    const detail =
      init.reason && init.failure !== 'outcome_unknown'
        ? `${presentation.detail} Kroger said: ${init.reason}`
        : presentation.detail;
    super(`kroger.${init.failure}`, presentation.status, presentation.title, detail, {
      retryAfter: init.retryAfterSeconds,
      upstream:
        init.upstreamStatus !== undefined
          ? { status: init.upstreamStatus, code: init.upstreamCode, reason: init.reason }
          : undefined,
      cause: init.cause,
    });
    this.name = 'KrogerError';
    this.failure = init.failure;
    this.upstreamStatus = init.upstreamStatus;
    this.upstreamCode = init.upstreamCode;
    this.reason = init.reason;
    this.retryable = init.retryable;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.api = init.api;
  }
}
