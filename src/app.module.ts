import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { LogLevels } from './common/logging/log-levels';
import { loggerOptions } from './common/logging/logger-options';
import { LogLevelsModule } from './admin/log-levels.module';
import { MetricsModule } from './metrics/metrics.module';
import { ThrottlingModule } from './common/throttling/throttling.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { KrogerModule } from './kroger/kroger.module';
import { LocationsModule } from './locations/locations.module';
import { CartsModule } from './carts/carts.module';
import { CollectionsModule } from './collections/collections.module';
import { CourierModule } from './courier/courier.module';
import { CouponsModule } from './coupons/coupons.module';
import { IdentityModule } from './identity/identity.module';
import { ListsModule } from './lists/lists.module';
import { McpModule } from './mcp/mcp.module';
import { ProductsModule } from './products/products.module';

@Module({})
export class AppModule {
  /** `logTo`: where log lines go (stdio MCP sends them to stderr: stdout carries the protocol). */
  static forRoot(config: AppConfig, logTo?: DestinationStream): DynamicModule {
    const logLevels = new LogLevels(config.logLevel);
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config, logLevels, logTo)),
        LogLevelsModule.forRoot(logLevels),
        MetricsModule,
        ThrottlingModule,
        DatabaseModule,
        AuditModule,
        KrogerModule,
        EventsModule,
        AuthModule,
        HealthModule,
        AdminModule,
        LocationsModule,
        ProductsModule,
        CartsModule,
        IdentityModule,
        CouponsModule,
        CollectionsModule,
        ListsModule,
        CourierModule,
        McpModule,
      ],
    };
  }
}
