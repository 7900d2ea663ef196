import { KrogerError, KrogerFailure } from './kroger-error';

export interface ParsedKrogerError {
  code?: string;
  reason?: string;
}

/**
 * Reads every error body Kroger is known to send (KROGER_API.md §8.2, §11):
 *   {"errors":{"timestamp","code","reason"}}        API errors, as live sends them
 *   {"timestamp","code","reason"}                    the same, unwrapped, as the specs show
 *   {"error","error_description"}                    OAuth errors and live 401s
 *   {"errors":{"error","error_description"}}         401s as the specs nest them
 *   {} or no body                                    404s of locations, chains, departments
 */
export function parseKrogerErrorBody(body: unknown): ParsedKrogerError {
  if (!body || typeof body !== 'object')
    return typeof body === 'string' && body.trim() ? { reason: body.trim().slice(0, 300) } : {};
  const outer = body as Record<string, unknown>;
  const inner =
    outer.errors && typeof outer.errors === 'object' && !Array.isArray(outer.errors)
      ? (outer.errors as Record<string, unknown>)
      : outer;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().slice(0, 300) : undefined);
  const code = text(inner.code) ?? text(inner.error);
  const reason = text(inner.reason) ?? text(inner.error_description) ?? text(inner.message);
  return { code, reason };
}

function failureFor(status: number): KrogerFailure {
  if (status === 400 || status === 422) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'quota_exhausted';
  return 'unavailable';
}

/** Retry-After as seconds: a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

export function krogerErrorFromResponse(
  api: string,
  status: number,
  body: unknown,
  retryAfterHeader?: string,
): KrogerError {
  const { code, reason } = parseKrogerErrorBody(body);
  return new KrogerError({
    failure: failureFor(status),
    upstreamStatus: status,
    upstreamCode: code,
    reason,
    retryable: status >= 500 || status === 429,
    retryAfterSeconds: parseRetryAfter(retryAfterHeader),
    api,
  });
}
