import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { McpController } from './mcp.controller';
import { McpServerFactory } from './mcp-server.factory';
import { AuthorizationModule } from './authorization/authorization.module';

/**
 * MCP transport and auth (its OAuth authorization server in authorization/); the tools themselves live
 * in the feature folders (`*.tools.ts`).
 */
@Module({
  imports: [DiscoveryModule, AuthorizationModule],
  controllers: [McpController],
  providers: [McpServerFactory],
  exports: [McpServerFactory],
})
export class McpModule {}
