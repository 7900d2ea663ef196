import { Module } from '@nestjs/common';
import { TierGate } from '../common/tier-gate';
import { CourierKeyGuard } from './courier-key.guard';
import { CourierController } from './courier.controller';
import { CourierService } from './courier.service';

/**
 * Kroger's courier deliveries for a courier partner integration (REST only: MCP tools act for
 * shoppers, and a courier is not one; see the README).
 */
@Module({ controllers: [CourierController], providers: [CourierService, CourierKeyGuard, TierGate] })
export class CourierModule {}
