/**
 * Secret scrubbing for anything that might reach a log line. Header and field names cover the
 * known places; the value patterns catch tokens that turn up somewhere unexpected.
 */

const REDACTED = '[redacted]';

const SECRET_KEY =
  /authorization|cookie|password|secret|token|api[-_]?key|code_verifier|^code$|refresh|credential|encryption/i;

const SECRET_VALUE_PATTERNS: RegExp[] = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  /\b(kbt|kbp|kbr|kbc|kbx)_[A-Za-z0-9_-]{16,}/g,
  // email: the operators' Kroger-profile check names a person; their address has no place in logs.
  /([?&](?:code|state|access_token|refresh_token|token|code_verifier|client_secret|ticket|email)=)[^&#\s]*/gi,
];

/** Any of the above, tested once: most strings hold none, and four replaces per string showed in profiles. */
const ANY_SECRET_VALUE = new RegExp(SECRET_VALUE_PATTERNS.map((pattern) => pattern.source).join('|'), 'i');

export function redactString(value: string): string {
  if (!ANY_SECRET_VALUE.test(value)) return value;
  let out = value;
  for (const pattern of SECRET_VALUE_PATTERNS) {
    out = out.replace(pattern, (_match, prefix: unknown) =>
      typeof prefix === 'string' && prefix.endsWith('=') ? `${prefix}${REDACTED}` : REDACTED,
    );
  }
  return out;
}

/** Deep copy with secret-named fields and token-shaped strings replaced. Cycles and depth are bounded. */
export function redact(value: unknown, depth = 0, seen?: Set<object>): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  // A plain Set, made only once an object is met: it lives for this one call, and every log line
  // passes here (a WeakSet per field was an allocation, and a table for the GC to sweep, per line).
  seen ??= new Set<object>();
  if (depth > 8 || seen.has(value)) return '[truncated]';
  seen.add(value);
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactString(value.message),
      stack: value.stack ? redactString(value.stack) : undefined,
      ...(typeof (value as Error & { code?: unknown }).code === 'string'
        ? { code: (value as Error & { code: string }).code }
        : {}),
    };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactField(key, item, depth + 1, seen);
  return out;
}

/** One field of an object: hidden whole when its name says secret, else redacted like any value. */
export function redactField(key: string, item: unknown, depth = 0, seen?: Set<object>): unknown {
  return SECRET_KEY.test(key) && item !== undefined && item !== null && typeof item !== 'boolean'
    ? REDACTED
    : redact(item, depth, seen);
}
