import { All, Controller, Req, Res, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { Request, Response } from 'express';
import { BearerAuthenticator } from '../auth/bearer.guard';
import { unauthenticated } from '../auth/auth-errors';
import { AppConfig } from '../config/app-config';
import { McpOriginGuard } from './mcp-origin.guard';
import { McpServerFactory } from './mcp-server.factory';

/**
 * MCP over Streamable HTTP at /mcp, stateless: each request gets its own server and transport,
 * so any instance can answer any request and no sticky sessions are needed. Origin (and Host on
 * loopback binds) are checked before anything else; bodies are capped at MCP_MAX_BODY_KB.
 */
@ApiExcludeController()
@Controller('mcp')
@UseGuards(McpOriginGuard)
export class McpController {
  private readonly allowAnonymous: boolean;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly authenticator: BearerAuthenticator,
    config: ConfigService<AppConfig, true>,
  ) {
    this.allowAnonymous = config.get('mcp.allowAnonymous', { infer: true });
  }

  @All()
  async handle(@Req() req: Request, @Res() res: Response): Promise<void> {
    const principal = await this.authenticator.authenticate(req.header('authorization'));
    if (!principal && !this.allowAnonymous)
      throw unauthenticated('The MCP server needs a bearer token: a personal access token or a session access token.');
    const server = this.factory.create({ principal });
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  }
}
