import { z } from 'zod';
import { ValidationError } from '../errors/domain-error';
import { FieldError } from '../errors/problem';

export type InputSource = 'body' | 'query' | 'path';

/**
 * Parses a request part with its contract schema; on failure, a 400 problem that names every
 * field and the rule it broke. Messages a schema declares itself win; the others are written
 * here, naming the field, so that clients and models read `limit must be at most 50` rather
 * than a library's wording.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  source: InputSource,
  /** Where the value sits, e.g. ['id'] for the path parameter `id`. */
  at: PropertyKey[] = [],
): z.output<T> {
  // reportInput: the rule of a type error depends on whether a value came at all (never sent back).
  const result = schema.safeParse(value, { error: defaultMessage, reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ ...issue, path: [...at, ...issue.path] }));
  throw new ValidationError(atMost(MAX_FIELD_ERRORS, fieldErrors(issues, source)));
}

/** A small request must not buy a large answer: the first errors say enough to fix it. */
const MAX_FIELD_ERRORS = 20;

function atMost(limit: number, errors: FieldError[]): FieldError[] {
  if (errors.length <= limit) return errors;
  return [
    ...errors.slice(0, limit),
    { field: '', rule: 'moreErrors', message: `${errors.length - limit} more errors are not listed` },
  ];
}

/** Messages that start with a verb (`must be 13 digits`) are completed with the field's name. */
const PREDICATE = /^(must|may|is) /;

export function fieldErrors(issues: readonly z.core.$ZodIssue[], source: InputSource = 'body'): FieldError[] {
  return issues.flatMap((issue): FieldError[] => {
    const field = issue.path.map(String).join('.') || source;
    if (issue.code === 'unrecognized_keys')
      return issue.keys.slice(0, MAX_FIELD_ERRORS + 1).map((key) => {
        const unknown = (field === source ? key : `${field}.${key}`).slice(0, 100);
        return { field: unknown, rule: 'unknownField', message: `${unknown} is not a known field` };
      });
    const leaf = issue.path.length > 0 ? String(issue.path[issue.path.length - 1]) : source;
    const subject = /^\d+$/.test(leaf) ? field : leaf;
    const message = PREDICATE.test(issue.message) ? `${subject} ${issue.message}` : issue.message;
    return [{ field, rule: ruleOf(issue), message }];
  });
}

/** Stable rule names clients can switch on (JSON Schema's vocabulary where it has a word). */
function ruleOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : 'type';
    case 'too_small':
      return issue.origin === 'string' ? 'minLength' : issue.origin === 'array' ? 'minItems' : 'minimum';
    case 'too_big':
      return issue.origin === 'string' ? 'maxLength' : issue.origin === 'array' ? 'maxItems' : 'maximum';
    case 'invalid_format':
      return issue.format === 'regex' ? 'pattern' : 'format';
    case 'invalid_value':
      return 'enum';
    case 'not_multiple_of':
      return 'multipleOf';
    case 'invalid_union':
      return 'oneOf';
    case 'custom':
      return typeof issue.params?.rule === 'string' ? issue.params.rule : 'custom';
    default:
      return issue.code;
  }
}

/** Messages for rules a schema did not word itself. */
function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'must be present' : `must be ${article(issue.expected)}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `must be at least ${String(issue.minimum)} characters`
        : issue.origin === 'array'
          ? `must list at least ${String(issue.minimum)} item(s)`
          : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${String(issue.maximum)} characters`
        : issue.origin === 'array'
          ? `may list at most ${String(issue.maximum)} items`
          : `must be at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' ? `has the wrong format` : `must be a valid ${issue.format}`;
    default:
      return undefined;
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
