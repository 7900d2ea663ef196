import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TierGate } from '../common/tier-gate';
import { AuthorizationModule } from './authorization/authorization.module';
import { McpController } from './mcp.controller';
import { McpLogLevels } from './mcp-log-levels';
import { McpReauthorization } from './mcp-reauthorization';
import { McpRegistry } from './mcp-registry';

/**
 * MCP transport and auth (its OAuth authorization server in authorization/); the tools themselves
 * live in the feature folders (`*.tools.ts`).
 */
@Module({
  imports: [DiscoveryModule, AuthorizationModule],
  controllers: [McpController],
  providers: [McpRegistry, McpLogLevels, McpReauthorization, TierGate],
  exports: [McpRegistry],
})
export class McpModule {}
