import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { namedSchemaRef, openApiComponentSchemas } from '../common/contract/schema-registry';
import { describeForHumans, KrogerEnvironmentDescription } from '../kroger/kroger-environment';
import { addCommonResponses } from './common-responses';
import { docsAccessGuard } from './docs-access';

export const DOCS_PATH = 'docs';
export const API_TITLE = 'Kroger Backend API';

/**
 * The OpenAPI document, deterministic so the committed copy (openapi.json) can be diffed: the
 * same for every deployment (no environment, no host), operationId = the handler's name, every
 * object's keys sorted. Schemas come from the features' contracts (see schema-registry).
 */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(API_TITLE)
    .setDescription(
      'REST API for web and mobile clients over the Kroger developer API. Errors are RFC 9457 ' +
        '`application/problem+json` with a stable `code` and the `requestId`. List endpoints answer ' +
        '`{data, pagination}` or `{data}`.',
    )
    .setVersion(version)
    .addServer('/', 'This service (the document is served by the API it describes)')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
      description: 'A session access token (kbt_…) or a personal access token (kbp_…)',
    })
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Admin-Key', description: 'ADMIN_API_KEY, for operators' },
      'admin-key',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Courier-Key',
        description: "COURIER_API_KEY, for the courier partner's integration",
      },
      'courier-key',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
    standardSchemaConverter: namedSchemaRef,
  });
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...openApiComponentSchemas() },
  };
  addCommonResponses(document);
  describeListParameters(document);
  assertUniqueOperationIds(document);
  return sortKeys(document) as OpenAPIObject;
}

/** List query parameters are sent comma-separated (`fulfillment=curbside,delivery`), as decodeQuery reads them. */
function describeListParameters(document: OpenAPIObject): void {
  for (const operations of Object.values(document.paths))
    for (const operation of Object.values(operations as Record<string, { parameters?: Record<string, unknown>[] }>))
      for (const parameter of operation.parameters ?? [])
        if (parameter.in === 'query' && (parameter.schema as { type?: string } | undefined)?.type === 'array')
          Object.assign(parameter, { style: 'form', explode: false });
}

/** Client generators turn operationIds into function names: two alike would collide. */
function assertUniqueOperationIds(document: OpenAPIObject): void {
  const seen = new Set<string>();
  for (const operations of Object.values(document.paths))
    for (const operation of Object.values(operations as Record<string, { operationId?: string }>)) {
      const id = operation.operationId;
      if (!id) continue;
      if (seen.has(id)) throw new Error(`Two operations are named ${id}: rename one handler`);
      seen.add(id);
    }
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/**
 * Serves Swagger UI (DOCS_ACCESS: open, behind the admin key, or off); the served title says
 * which Kroger this instance talks to. The document is built on the first request for it, not at
 * start-up: scanning every route costs about 0.15 s that no request before it needs.
 */
export function setupSwagger(
  app: INestApplication,
  buildDocument: () => OpenAPIObject,
  kroger: KrogerEnvironmentDescription,
  config: Pick<AppConfig, 'auth' | 'docs'>,
): void {
  if (config.docs.access === 'off') return;
  // Registered before Swagger's own routes, so it sees every request under /docs first.
  if (config.docs.access === 'admin') app.use(`/${DOCS_PATH}`, docsAccessGuard(config));
  const title = servedTitle(API_TITLE, kroger);
  SwaggerModule.setup(
    DOCS_PATH,
    app,
    () => {
      const document = buildDocument();
      return { ...document, info: { ...document.info, title } };
    },
    {
      jsonDocumentUrl: `${DOCS_PATH}/openapi.json`,
      yamlDocumentUrl: `${DOCS_PATH}/openapi.yaml`,
      customSiteTitle: title,
    },
  );
}

export function servedTitle(title: string, kroger: KrogerEnvironmentDescription): string {
  return `${title} (${describeForHumans(kroger)})`;
}
