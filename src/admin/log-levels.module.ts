import { DynamicModule, Module } from '@nestjs/common';
import { LogLevels } from '../common/logging/log-levels';
import { AdminKeyGuard } from './admin-key.guard';
import { LogLevelsController } from './log-levels.controller';

/** Run-time log levels for operators; the LogLevels object is the one the logger was built with. */
@Module({})
export class LogLevelsModule {
  static forRoot(levels: LogLevels): DynamicModule {
    return {
      module: LogLevelsModule,
      controllers: [LogLevelsController],
      providers: [{ provide: LogLevels, useValue: levels }, AdminKeyGuard],
    };
  }
}
