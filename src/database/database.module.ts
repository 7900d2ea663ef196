import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/app-config';
import { openDatabase } from './database-connection';
import { PrismaService } from './prisma.service';

@Global()
@Module({
  providers: [
    {
      provide: PrismaService,
      inject: [ConfigService],
      useFactory: async (config: ConfigService<AppConfig, true>) =>
        new PrismaService(await openDatabase(config.get('database', { infer: true }))),
    },
  ],
  exports: [PrismaService],
})
export class DatabaseModule {}
