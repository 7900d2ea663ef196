import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config';

/** Typed access: `config.get('kroger', { infer: true })`. */
export type AppConfigService = ConfigService<AppConfig, true>;

/** Serves the already-validated settings to every module through @nestjs/config. */
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => config], cache: true })],
      exports: [ConfigModule],
    };
  }
}
