import { All, Controller, Req, Res, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import { BearerAuthenticator } from '../auth/bearer.guard';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { JsonExchangeTransport } from './json-exchange-transport';
import { McpOriginGuard } from './mcp-origin.guard';
import { authInfoOf, McpRegistry } from './mcp-registry';
import { ResourceChallenge } from './authorization/resource-challenge';

/**
 * MCP over Streamable HTTP at /mcp, stateless: each request gets its own transport and a server
 * bound over the registry built once at start-up (the SDK's stateless pattern), so any instance
 * can answer any request and no sticky sessions are needed. Answers are one JSON body, cheaper
 * than an SSE stream, except for tool calls that report progress as log notifications. The common
 * exchange (one request, one JSON answer) skips the SDK's Node adapter (JsonExchangeTransport);
 * everything else goes through NodeStreamableHTTPServerTransport. Origin (and Host on loopback
 * binds) are checked before anything else; bodies are capped at MCP_MAX_BODY_KB.
 */
@ApiExcludeController()
@Controller('mcp')
@UseGuards(McpOriginGuard)
export class McpController {
  private readonly allowAnonymous: boolean;
  private readonly maxBatch: number;
  private readonly fastPath: boolean;
  private readonly challenge: ResourceChallenge;

  constructor(
    private readonly registry: McpRegistry,
    private readonly authenticator: BearerAuthenticator,
    config: ConfigService<AppConfig, true>,
  ) {
    this.allowAnonymous = config.get('mcp.allowAnonymous', { infer: true });
    this.maxBatch = config.get('mcp.maxBatch', { infer: true });
    this.fastPath = config.get('mcp.fastPath', { infer: true });
    this.challenge = new ResourceChallenge(`${config.get('http.publicBaseUrl', { infer: true })}/mcp`);
  }

  @All()
  async handle(@Req() req: Request, @Res() res: Response): Promise<void> {
    // 401/403 challenges name the protected-resource metadata (RFC 9728, RFC 6750), so an OAuth
    // client can discover how to sign in from the bare URL.
    const principal = await this.authenticator.authenticateRequest(req).catch((error: unknown) => {
      throw error instanceof DomainError && error.status === 401 ? this.challenge.invalidToken(error) : error;
    });
    if (!principal && !this.allowAnonymous) throw this.challenge.missingToken();
    const refusal = principal && this.challenge.refusal(principal);
    if (refusal) throw refusal;
    // Batches (2025-03-26; gone from 2025-06-18) are kept for older clients but bounded: the rate
    // limit already counted each message, and one request must not fan out into unbounded work.
    if (Array.isArray(req.body) && req.body.length > this.maxBatch) {
      res.status(400).json({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32600,
          message: `A batch may carry at most ${this.maxBatch} messages; send fewer per request.`,
        },
      });
      return;
    }
    // The SDK hands this to tool handlers as ctx.http.authInfo: the caller travels with the request.
    const authInfo = principal ? authInfoOf(principal) : undefined;
    const streamsProgress = this.registry.reportsProgress(req.body);
    const exchange = this.fastPath && !streamsProgress ? JsonExchangeTransport.accept(req, req.body, res) : undefined;
    if (exchange) await this.serveExchange(exchange, authInfo, res);
    else await this.serveThroughSdkTransport(req, res, authInfo, streamsProgress);
  }

  private async serveExchange(exchange: JsonExchangeTransport, authInfo: AuthInfo | undefined, res: Response) {
    const server = this.registry.createServer(undefined, (result) => exchange.answersWith(result));
    // A client gone before its answer aborts the handler; after it, there is nothing to tear down.
    res.on('close', () => {
      if (exchange.unfinished) void server.close();
    });
    await server.connect(exchange);
    exchange.deliver(authInfo);
  }

  private async serveThroughSdkTransport(
    req: Request,
    res: Response,
    authInfo: AuthInfo | undefined,
    streamsProgress: boolean,
  ) {
    (req as Request & { auth?: AuthInfo }).auth = authInfo;
    const server = this.registry.createServer();
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: !streamsProgress,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  }
}
