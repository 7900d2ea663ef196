import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { createBodyParser, REQUEST_BODY_LIMITS } from './request-body-parsers';

const MCP_BODY_MAX_BYTES = Symbol('MCP_BODY_MAX_BYTES');

/**
 * Wraps the application module so request bodies are read by module middleware: that runs after
 * the request logger (a global module's middleware), so a refused body still gets its request id,
 * its X-Request-Id header and its log line. Parsers added with `app.use()` would run before it.
 * Start the app with `bodyParser: false` so Nest does not add its own parsers in front.
 */
@Module({})
export class RequestBodyModule implements NestModule {
  constructor(@Inject(MCP_BODY_MAX_BYTES) private readonly mcpMaxBytes: number) {}

  /** `mcpMaxBytes`: /mcp gets its own, smaller limit (MCP_MAX_BODY_KB). */
  static around(appModule: DynamicModule, limits: { mcpMaxBytes: number }): DynamicModule {
    return {
      module: RequestBodyModule,
      imports: [appModule],
      providers: [{ provide: MCP_BODY_MAX_BYTES, useValue: limits.mcpMaxBytes }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // First, so it reads /mcp bodies; the general parser then finds the body read and passes.
    consumer
      .apply(createBodyParser({ ...REQUEST_BODY_LIMITS, maxBytes: this.mcpMaxBytes }))
      .forRoutes({ path: 'mcp', method: RequestMethod.ALL });
    // The same catch-all path nestjs-pino uses: it matches `/` as well. The OAuth server reads its own
    // (form-encoded, RFC 6749) bodies, and its consent page posts a form.
    consumer
      .apply(createBodyParser(REQUEST_BODY_LIMITS))
      .exclude(
        { path: 'oauth/{*rest}', method: RequestMethod.ALL },
        { path: 'connect/{*rest}', method: RequestMethod.ALL },
      )
      .forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
