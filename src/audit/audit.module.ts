import { Global, Module } from '@nestjs/common';
import { AuditEventRepository } from './audit-event.repository';
import { AuditRetentionJob } from './audit-retention.job';
import { AuditService } from './audit.service';

@Global()
@Module({ providers: [AuditService, AuditEventRepository, AuditRetentionJob], exports: [AuditService] })
export class AuditModule {}
