import { Module } from '@nestjs/common';
import { TierGate } from '../common/tier-gate';
import { LocationsModule } from '../locations/locations.module';
import { CouponsController } from './coupons.controller';
import { CouponsService } from './coupons.service';
import { CouponsTools } from './coupons.tools';

@Module({
  imports: [LocationsModule],
  controllers: [CouponsController],
  providers: [CouponsService, CouponsTools, TierGate],
})
export class CouponsModule {}
