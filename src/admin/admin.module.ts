import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { AdminKeyGuard } from './admin-key.guard';
import { AdminKrogerController } from './admin-kroger.controller';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { KrogerSpendAdminService } from './kroger-spend-admin.service';

@Module({
  controllers: [AdminController, AdminUsersController, AdminKrogerController],
  providers: [AdminKeyGuard, KrogerSpendAdminService, AdminUsersService],
})
export class AdminModule {}
