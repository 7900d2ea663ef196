import { FieldError } from './problem';

export interface DomainErrorOptions {
  /** Extra members of the problem document (e.g. `reauthorizeUrl`). */
  extensions?: Record<string, unknown>;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
  /** Headers to add to the response (e.g. WWW-Authenticate). */
  headers?: Record<string, string>;
  errors?: FieldError[];
  upstream?: { status?: number; code?: string; reason?: string };
  cause?: unknown;
}

/**
 * An error the service means to tell a client about, with a stable `code`
 * (`link.reauth_required`, `kroger.quota_exhausted`) that clients may switch on.
 * The filter turns it into problem+json; nothing else about it leaks.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly options: DomainErrorOptions = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, detail = `${what} was not found.`) {
    super(`${what.toLowerCase().replace(/\s+/g, '_')}.not_found`, 404, `${what} not found`, detail);
  }
}

export class ValidationError extends DomainError {
  constructor(errors: FieldError[], detail?: string) {
    super(
      'request.validation_failed',
      400,
      'Invalid request',
      detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      { errors },
    );
  }
}

/**
 * A cart-ledger operation (public tier) on a deployment that reads the real cart from Kroger's
 * partner API, where the ledger is not the cart: refused rather than pretended.
 */
export class LedgerUnavailableError extends DomainError {
  constructor(what: string, instead: string) {
    super(
      'cart.ledger_unavailable',
      501,
      'Only for the cart ledger of the public tier',
      `${what} applies to the cart ledger of the public tier. This deployment reads your real Kroger cart: ${instead}`,
    );
  }
}
