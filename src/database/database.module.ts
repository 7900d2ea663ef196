import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/app-config';
import { openDatabase } from './database-connection';
import { DatabaseProbe } from './database-probe';
import { PrismaService } from './prisma.service';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({
  providers: [
    {
      provide: PrismaService,
      inject: [ConfigService],
      useFactory: async (config: ConfigService<AppConfig, true>) =>
        new PrismaService(await openDatabase(config.get('database', { infer: true }))),
    },
    UnitOfWork,
    DatabaseProbe,
  ],
  exports: [PrismaService, UnitOfWork, DatabaseProbe],
})
export class DatabaseModule {}
