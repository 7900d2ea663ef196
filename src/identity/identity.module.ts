import { Module } from '@nestjs/common';
import { TierGate } from '../common/tier-gate';
import { IdentityController } from './identity.controller';
import { IdentityService } from './identity.service';
import { IdentityTools } from './identity.tools';

@Module({ controllers: [IdentityController], providers: [IdentityService, IdentityTools, TierGate] })
export class IdentityModule {}
