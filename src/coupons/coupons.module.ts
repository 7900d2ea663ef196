import { Module } from '@nestjs/common';
import { CouponsController } from './coupons.controller';
import { CouponsService } from './coupons.service';
import { CouponsTools } from './coupons.tools';

@Module({ controllers: [CouponsController], providers: [CouponsService, CouponsTools] })
export class CouponsModule {}
