import { z } from 'zod';

type QueryValue = string | string[] | undefined;

/**
 * A query string carries only text; the contract says what each parameter is. This turns the
 * text into the declared type before validation (`limit=10` → 10, `fulfillment=a,b` → ['a', 'b'],
 * `reveal=true` → true), so one schema serves REST queries and MCP's typed JSON arguments.
 * Text that does not read as the declared type is left as it is, for the schema to refuse.
 */
export function decodeQuery(schema: z.ZodObject, query: Record<string, unknown>): Record<string, unknown> {
  // Own properties only: `?constructor=x` or `?__proto__=x` are unknown fields, not Object's.
  return Object.fromEntries(
    Object.entries(query).map(([key, raw]) => {
      const field = Object.hasOwn(schema.shape, key) ? (schema.shape[key] as z.ZodType) : undefined;
      return [key, field ? decodeQueryValue(field, raw as QueryValue) : raw];
    }),
  );
}

/** One query parameter's text as its declared type (for `@Query('name', { schema })`). */
export function decodeQueryValue(schema: z.ZodType, raw: QueryValue): unknown {
  return decodeValue(baseType(schema), raw);
}

function decodeValue(type: z.ZodType, raw: QueryValue): unknown {
  const kind = type._zod.def.type;
  if (kind === 'array') {
    const items = (Array.isArray(raw) ? raw : raw === undefined ? [] : raw.split(','))
      .map((item) => item.trim())
      .filter((item) => item !== '');
    const element = baseType((type as z.ZodArray<z.ZodType>).element);
    return items.map((item) => decodeValue(element, item));
  }
  if (Array.isArray(raw)) return raw;
  if (kind === 'number' || kind === 'int') return raw !== undefined && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (kind === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/** The type under optional / default / nullable / pipe wrappers. */
export function baseType(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
  if (def.innerType) return baseType(def.innerType);
  if (def.type === 'pipe' && def.in) return baseType(def.in);
  return schema;
}
