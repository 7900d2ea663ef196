import { Global, Module } from '@nestjs/common';
import { KrogerEnvironmentInfo } from './kroger-environment';

@Global()
@Module({ providers: [KrogerEnvironmentInfo], exports: [KrogerEnvironmentInfo] })
export class KrogerModule {}
