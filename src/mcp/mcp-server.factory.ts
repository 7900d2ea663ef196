import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { McpServer } from '@modelcontextprotocol/server';
import { AppConfig } from '../config/app-config';
import { findUnstorableText } from '../common/http/storable-text';
import {
  McpCaller,
  MCP_TOOLSET,
  NEXT_STEPS,
  Toolset,
  toolCallContext,
  ToolCallContext,
  toolError,
} from './mcp-toolset';

/** Builds an MCP server with every feature's tools, for one caller (HTTP request or stdio process). */
@Injectable()
export class McpServerFactory implements OnModuleInit {
  private toolsets: Toolset[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  onModuleInit(): void {
    this.toolsets = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && this.reflector.get(MCP_TOOLSET, wrapper.metatype))
      .map((wrapper) => wrapper.instance as Toolset);
  }

  create(caller: McpCaller): McpServer {
    const server = new McpServer(
      { name: 'kroger-backend', version: this.config.get('version', { infer: true }) },
      {
        instructions:
          'Grocery tools over Kroger: find stores, search products with prices, aisles and stock at a store, and (for signed-in users) manage their cart. ' +
          "Prefer the user's preferred store when they have one.",
      },
    );
    refuseUnstorableArguments(server, caller);
    for (const toolset of this.toolsets) toolset.register(server, caller);
    return server;
  }
}

/**
 * Every tool's arguments are checked for text PostgreSQL cannot store (NUL, lone surrogates)
 * before its handler runs, answering a tool error the model can act on, as REST answers a 400.
 */
function refuseUnstorableArguments(server: McpServer, caller: McpCaller): void {
  const register = server.registerTool.bind(server) as (...args: unknown[]) => unknown;
  server.registerTool = ((name: string, config: unknown, handler: (...args: unknown[]) => unknown) =>
    register(name, config, (...args: unknown[]) => {
      const errors = findUnstorableText(args[0], 'tool arguments');
      // [mcp-oauth] runTool reads the client's declared capabilities from here (URL elicitation).
      const call: ToolCallContext = {
        userId: caller.principal?.userId,
        clientCapabilities: server.server.getClientCapabilities(),
        handler: args[1] as ToolCallContext['handler'],
      };
      if (errors.length === 0) return toolCallContext.run(call, () => handler(...args));
      return toolError(errors.map((error) => error.message).join('; '), NEXT_STEPS['request.validation_failed']);
    })) as McpServer['registerTool'];
}
