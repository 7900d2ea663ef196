import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TierGate } from '../common/tier-gate';
import { McpController } from './mcp.controller';
import { McpLogLevels } from './mcp-log-levels';
import { McpRegistry } from './mcp-registry';

/** MCP transport and auth; the tools themselves live in the feature folders (`*.tools.ts`). */
@Module({
  imports: [DiscoveryModule],
  controllers: [McpController],
  providers: [McpRegistry, McpLogLevels, TierGate],
  exports: [McpRegistry],
})
export class McpModule {}
