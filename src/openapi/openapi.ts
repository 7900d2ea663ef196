import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { describeForHumans, KrogerEnvironmentDescription } from '../kroger/kroger-environment';

export const DOCS_PATH = 'docs';

/**
 * The OpenAPI document, deterministic so the committed copy (openapi.json) can be diffed:
 * operationId is the handler's method name and every object's keys are sorted.
 */
export function buildOpenApiDocument(
  app: INestApplication,
  kroger: KrogerEnvironmentDescription,
  version: string,
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`Kroger Backend API (${describeForHumans(kroger)})`)
    .setDescription(
      'REST API for web and mobile clients over the Kroger developer API. Errors are RFC 9457 ' +
        '`application/problem+json` with a stable `code` and the `requestId`.',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A session access token or a personal access token' })
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Admin-Key', description: 'ADMIN_API_KEY, for operators' },
      'admin-key',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
  return sortKeys(document) as OpenAPIObject;
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

export function setupSwagger(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}/openapi.json`,
    yamlDocumentUrl: `${DOCS_PATH}/openapi.yaml`,
    customSiteTitle: document.info.title,
  });
}
