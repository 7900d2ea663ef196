import { INestApplication, Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { readEnvironment } from './config/environment';
import { LoadedConfig, loadConfig } from './config/load-config';
import { ProblemFilter } from './common/errors/problem.filter';
import { answerClientErrorsWithProblems } from './common/http/client-error-responder';
import { EXPOSED_RESPONSE_HEADERS } from './common/http/exposed-headers';
import { linkPages } from './common/http/page-links.response';
import { RequestBodyModule } from './common/http/request-body.module';
import { RouteTable } from './common/http/route-table';
import { securityHeaders } from './common/http/security-headers';
import { takeTurns } from './common/http/turn-taking';
import { StorableTextGuard } from './common/http/storable-text.guard';
import { sendSharedAnswersOnce } from './common/http/shared-answers';
import { weakEtag } from './common/http/weak-etag';
import { requestContext } from './common/request-context';
import { ContractValidationPipe } from './common/contract/contract-validation.pipe';
import { describeForHumans, KrogerEnvironmentInfo } from './kroger/kroger-environment';
import { recordHttpMetrics } from './metrics/http-metrics';
import { MetricsService } from './metrics/metrics.service';
import { buildOpenApiDocument, setupSwagger } from './openapi/openapi';

export interface CreateAppOptions {
  /** Environment variables; defaults to the process environment (and .env). */
  env?: Record<string, string | undefined>;
  /** Configuration already read from the environment (main.ts reads it before loading the app). */
  loaded?: LoadedConfig;
  /** Where log lines go; stdout by default (tests read them). */
  logTo?: DestinationStream;
}

export interface CreatedApp {
  app: INestApplication;
  config: AppConfig;
}

/**
 * Builds the fully configured application: the same pipes, filters, headers and Swagger setup
 * for main.ts and for every e2e test. Does not listen.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<CreatedApp> {
  const { config, warnings } = options.loaded ?? loadConfig(options.env ?? readEnvironment());
  const corsEnabled = config.http.corsOrigins.length > 0;
  const app = await NestFactory.create<NestExpressApplication>(
    RequestBodyModule.around(AppModule.forRoot(config, options.logTo), { mcpMaxBytes: config.mcp.maxBodyBytes }),
    {
      bufferLogs: true,
      // Start-up errors propagate to the caller (main.ts exits with a message; tests see them).
      abortOnError: false,
      // RequestBodyModule reads bodies, with size and depth limits, after the request logger.
      bodyParser: false,
      cors: corsEnabled ? { origin: config.http.corsOrigins, exposedHeaders: [...EXPOSED_RESPONSE_HEADERS] } : false,
    },
  );
  // The server exists before listen(), so every caller (main.ts, tests, benchmarks) gets this.
  answerClientErrorsWithProblems(app.getHttpServer());
  app.useLogger(app.get(Logger));
  // Only the configured proxies' X-Forwarded-For is believed: otherwise a client picks its own address.
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  app.set('etag', weakEtag);
  const express = app.getHttpAdapter().getInstance();
  sendSharedAnswersOnce(express);
  // After: it wraps res.json around the shared-answer sender, which sends its bytes itself.
  linkPages(express);
  // Measures from arrival, so the latency histograms include the wait for a turn.
  app.use(recordHttpMetrics(app.get(MetricsService)));
  app.use(takeTurns());
  app.use(
    securityHeaders({
      // Swagger UI loads its own scripts and styles from /docs.
      contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', 'https:'] } },
    }),
  );
  app.use(requestContext.middleware);
  // No global interceptor: each wraps every request in rxjs (see StorableTextGuard, linkPages).
  app.useGlobalGuards(new StorableTextGuard());
  app.useGlobalPipes(new ContractValidationPipe());
  const routes = new RouteTable(express, { corsAnswersOptions: corsEnabled });
  app.useGlobalFilters(new ProblemFilter(config.throttle.ttlSeconds, routes));

  const logger = new NestLogger('Bootstrap');
  for (const warning of warnings) logger.warn(warning);

  const kroger = app.get(KrogerEnvironmentInfo).describe();
  setupSwagger(app, () => buildOpenApiDocument(app, config.version), kroger, config);
  logger.log(`${describeForHumans(kroger)} at ${kroger.baseUrl} (${kroger.tier} tier)`);
  return { app, config };
}
