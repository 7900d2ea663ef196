import { FieldError } from '../errors/problem';

/** Where a value came from, named in the message so the client knows which part to fix. */
export type InputLocation = 'body' | 'query' | 'path' | 'tool arguments';

/** With the `u` flag a surrogate pair is one code point, so only unpaired surrogates match. */
const UNPAIRED_SURROGATE = /[\uD800-\uDFFF]/u;
/** Past this, a value did not come from a JSON, form or query parser bounded by our limits. */
const MAX_DEPTH = 64;
/** Enough to fix a request; a body full of NULs should not make a 256 KB answer. */
const MAX_ERRORS = 20;

/**
 * Finds the strings PostgreSQL cannot store: NUL (text and jsonb refuse it, so the insert fails
 * with a 500) and unpaired UTF-16 surrogates (not Unicode: they would be stored as U+FFFD, a
 * silent change). Keys are checked as well as values; fields are named by dotted path
 * (`items.0.upc`), as the validation errors are.
 */
export function findUnstorableText(value: unknown, location: InputLocation): FieldError[] {
  const errors: FieldError[] = [];
  visit(value, [], location, errors, 0);
  return errors;
}

function visit(value: unknown, path: string[], location: InputLocation, errors: FieldError[], depth: number): void {
  if (errors.length >= MAX_ERRORS) return;
  if (typeof value === 'string') {
    const problem = describe(value);
    if (problem) errors.push(fieldError(path, location, `contains ${problem}`));
    return;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return;
  for (const [key, item] of Object.entries(value)) {
    const problem = describe(key);
    if (problem) errors.push(fieldError([...path, printable(key)], location, `has a name that contains ${problem}`));
    else visit(item, [...path, key], location, errors, depth + 1);
  }
}

function describe(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character (\\u0000), which cannot be stored';
  if (UNPAIRED_SURROGATE.test(text)) return 'an unpaired UTF-16 surrogate, which is not valid Unicode text';
  return undefined;
}

function fieldError(path: string[], location: InputLocation, problem: string): FieldError {
  const field = path.length > 0 ? path.join('.') : location;
  return { field, rule: 'storableText', message: `${field} (in the ${location}) ${problem}` };
}

/** A field name is echoed back; its offending characters are shown as JSON escapes. */
function printable(key: string): string {
  return JSON.stringify(key).slice(1, -1);
}
