import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { AdminKeyGuard } from './admin-key.guard';
import { KrogerSpendAdminService } from './kroger-spend-admin.service';

@Module({ controllers: [AdminController], providers: [AdminKeyGuard, KrogerSpendAdminService] })
export class AdminModule {}
