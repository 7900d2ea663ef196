import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { McpController } from './mcp.controller';
import { McpServerFactory } from './mcp-server.factory';

/** MCP transport and auth; the tools themselves live in the feature folders (`*.tools.ts`). */
@Module({
  imports: [DiscoveryModule],
  controllers: [McpController],
  providers: [McpServerFactory],
  exports: [McpServerFactory],
})
export class McpModule {}
