import { Module } from '@nestjs/common';
import { TierGate } from '../common/tier-gate';
import { IdentityController } from './identity.controller';
import { IdentityService } from './identity.service';
import { IdentityTools } from './identity.tools';
import { KrogerProfilesController } from './kroger-profiles.controller';

@Module({
  controllers: [IdentityController, KrogerProfilesController],
  providers: [IdentityService, IdentityTools, TierGate],
})
export class IdentityModule {}
