import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import type { OpenAPI3 } from 'openapi-typescript';

/** Where the generated files sit, relative to clients/typescript/. */
export const GENERATED_FILES = {
  types: 'src/generated/openapi.ts',
  operations: 'src/generated/operations.ts',
} as const;

export const REGENERATE_COMMAND = 'npm run sdk:generate';

const HEADER = `// Generated from openapi.json by \`${REGENERATE_COMMAND}\`; do not edit.\n`;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface ParameterLike {
  in?: string;
  name?: string;
}

interface ArrayParameterLike extends ParameterLike {
  explode?: boolean;
  schema?: { type?: string };
}

/**
 * Every generated file of the SDK from the OpenAPI document, as text. Pure, so that the npm script
 * writes exactly what the drift check compares.
 */
export async function generateSdkSources(document: OpenAPI3): Promise<Record<string, string>> {
  assertCommaSeparatedArrays(document);
  const types = astToString(await openapiTS(document, { alphabetize: true, silent: true }));
  return {
    [GENERATED_FILES.types]: `${HEADER}${COMMENT_HEADER}${types}`,
    [GENERATED_FILES.operations]: operationsSource(document),
  };
}

/**
 * The operations that take an Idempotency-Key header, as `METHOD /path/{template}`: the runtime
 * needs them as values (types vanish), to give each call to those routes a key.
 */
function operationsSource(document: OpenAPI3): string {
  const keyed: string[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Record<string, { parameters?: ParameterLike[] } | undefined>)[method];
      const takesKey = operation?.parameters?.some(
        (parameter) => parameter.in === 'header' && parameter.name?.toLowerCase() === 'idempotency-key',
      );
      if (takesKey) keyed.push(`${method.toUpperCase()} ${path}`);
    }
  }
  const entries = keyed.sort().map((operation) => `  '${operation}',\n`);
  return (
    HEADER +
    '\n/** Operations that accept an Idempotency-Key header, as `METHOD /path/{template}`. */\n' +
    `export const IDEMPOTENCY_KEY_OPERATIONS: ReadonlySet<string> = new Set([\n${entries.join('')}]);\n`
  );
}

/**
 * The client sends array query parameters comma-separated (`explode: false`), the one style
 * openapi-fetch can set for a whole client; a parameter declared otherwise would be sent wrong.
 */
function assertCommaSeparatedArrays(document: OpenAPI3): void {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Record<string, { parameters?: ArrayParameterLike[] } | undefined>)[method];
      for (const parameter of operation?.parameters ?? []) {
        if (parameter.in === 'query' && parameter.schema?.type === 'array' && parameter.explode !== false) {
          throw new Error(
            `${method.toUpperCase()} ${path}: query parameter ${parameter.name} must declare explode: false ` +
              '(clients/typescript sends arrays comma-separated)',
          );
        }
      }
    }
  }
}
