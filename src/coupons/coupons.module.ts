import { Module } from '@nestjs/common';
import { TierGate } from '../common/tier-gate';
import { CouponsController } from './coupons.controller';
import { CouponsService } from './coupons.service';
import { CouponsTools } from './coupons.tools';

@Module({ controllers: [CouponsController], providers: [CouponsService, CouponsTools, TierGate] })
export class CouponsModule {}
