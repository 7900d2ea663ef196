import { Module } from '@nestjs/common';
import { IdentityController } from './identity.controller';
import { IdentityService } from './identity.service';
import { IdentityTools } from './identity.tools';

@Module({ controllers: [IdentityController], providers: [IdentityService, IdentityTools] })
export class IdentityModule {}
