import { z } from 'zod';

/**
 * Every request and response schema that clients see by name. The OpenAPI document's
 * `components.schemas` is generated from this registry, and routes refer to its entries by
 * `$ref`, so a schema declared once in a feature's `*.contract.ts` is the REST validation,
 * the OpenAPI schema and the MCP tool schema at the same time.
 */
interface ApiSchemaMeta {
  id: string;
  /** Requests are documented as clients send them (defaults optional), responses as we send them. */
  io: 'input' | 'output';
}

export const apiSchemas = z.registry<ApiSchemaMeta>();
const directionOf = new Map<string, ApiSchemaMeta['io']>();

function name<T extends z.ZodType>(id: string, io: ApiSchemaMeta['io'], schema: T): T {
  if (directionOf.has(id)) throw new Error(`Two schemas are named ${id}`);
  directionOf.set(id, io);
  apiSchemas.add(schema, { id, io });
  return schema;
}

/** Names a request schema (a body) for the OpenAPI document. */
export function requestSchema<T extends z.ZodType>(id: string, schema: T): T {
  return name(id, 'input', schema);
}

/** Names a response schema for the OpenAPI document. */
export function responseSchema<T extends z.ZodType>(id: string, schema: T): T {
  return name(id, 'output', schema);
}

export function schemaId(schema: z.ZodType): string {
  const meta = apiSchemas.get(schema);
  if (!meta) throw new Error('This schema is not named: declare it with requestSchema() or responseSchema()');
  return meta.id;
}

export function schemaRef(schema: z.ZodType): { $ref: string } {
  return { $ref: `#/components/schemas/${schemaId(schema)}` };
}

type JsonSchema = Record<string, unknown>;

const OPENAPI_TARGET = 'openapi-3.0';

/**
 * `components.schemas` for every named schema. Named schemas nested in others become `$ref`s.
 * Requests and responses are rendered apart because `io` differs (a default makes a request
 * field optional but a response field always present).
 */
export function openApiComponentSchemas(): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  for (const io of ['input', 'output'] as const) {
    const { schemas: rendered } = z.toJSONSchema(apiSchemas, {
      target: OPENAPI_TARGET,
      io,
      unrepresentable: 'any',
      uri: (id) => `#/components/schemas/${id}`,
      override: ({ jsonSchema }) => {
        // Responses may gain fields: a client generated from this document must not reject them.
        if (io === 'output' && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
        // Contracts say `examples` (JSON Schema, as MCP clients read it); OpenAPI 3.0 says `example`.
        const { examples } = jsonSchema as { examples?: unknown[] };
        if (Array.isArray(examples)) {
          (jsonSchema as { example?: unknown }).example = examples[0];
          delete (jsonSchema as { examples?: unknown }).examples;
        }
      },
    });
    for (const [id, schema] of Object.entries(rendered)) {
      if (directionOf.get(id) !== io) continue;
      schemas[id] = withoutIds(schema);
    }
  }
  return schemas;
}

/**
 * For Swagger's Standard Schema support: a named schema is a `$ref` to its component; others
 * (query objects, path parameters) are left to Swagger, which renders them inline.
 */
export function namedSchemaRef(schema: unknown): { schema: { $ref: string } } | undefined {
  const meta = apiSchemas.get(schema as z.ZodType);
  return meta ? { schema: { $ref: `#/components/schemas/${meta.id}` } } : undefined;
}

function withoutIds(schema: JsonSchema): JsonSchema {
  const { $id: _id, $schema: _schema, ...rest } = schema;
  return rest;
}
