import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { createBodyParsers, REQUEST_BODY_LIMITS } from './request-body-parsers';

/**
 * Wraps the application module so request bodies are read by module middleware: that runs after
 * the request logger (a global module's middleware), so a refused body still gets its request id,
 * its X-Request-Id header and its log line. Parsers added with `app.use()` would run before it.
 * Start the app with `bodyParser: false` so Nest does not add its own parsers in front.
 */
@Module({})
export class RequestBodyModule implements NestModule {
  static around(appModule: DynamicModule): DynamicModule {
    return { module: RequestBodyModule, imports: [appModule] };
  }

  configure(consumer: MiddlewareConsumer): void {
    // The same catch-all path nestjs-pino uses: it matches `/` as well.
    consumer
      .apply(...createBodyParsers(REQUEST_BODY_LIMITS))
      .forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
