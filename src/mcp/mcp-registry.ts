import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryService, Reflector } from '@nestjs/core';
import {
  AuthInfo,
  CLIENT_CAPABILITIES_META_KEY,
  CompleteRequest,
  CompleteResult,
  LOG_LEVEL_META_KEY,
  LoggingLevel,
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  Server,
  ServerContext,
  Tool,
  UriTemplate,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Principal } from '../auth/principal';
import { findUnstorableText } from '../common/http/storable-text';
import { requestContext } from '../common/request-context';
import { DomainError } from '../common/errors/domain-error';
import { TierGate } from '../common/tier-gate';
import { AppConfig } from '../config/app-config';
import { McpLogLevels } from './mcp-log-levels';
import { McpReauthorization } from './mcp-reauthorization';
import {
  Completer,
  domainErrorText,
  McpCall,
  McpRegistrar,
  MCP_TOOLSET,
  NEXT_STEPS,
  PromptResult,
  ToolResult,
  Toolset,
  toolError,
} from './mcp-toolset';

interface RegisteredTool {
  input: z.ZodObject;
  listed: Tool;
  handler: (args: never, call: McpCall) => Promise<ToolResult>;
}
interface RegisteredPrompt {
  args: z.ZodObject;
  listed: { name: string; title: string; description: string; arguments: PromptArgumentListing[] };
  handler: (args: never, call: McpCall) => Promise<PromptResult> | PromptResult;
  complete: Partial<Record<string, Completer>>;
}
interface PromptArgumentListing {
  name: string;
  description?: string;
  required: boolean;
}
interface RegisteredTemplate {
  template: UriTemplate;
  listed: { name: string; uriTemplate: string; title: string; description: string; mimeType: string };
  read: (uri: URL, variables: Record<string, string>, call: McpCall) => Promise<{ text: string }>;
  complete: Record<string, Completer>;
}

const INSTRUCTIONS =
  'Grocery tools over Kroger: find stores, search products with prices, aisles and stock at a store, and (for signed-in users) manage their cart and the shopping lists they share with their phone. ' +
  "Prefer the user's preferred store when they have one. To price a whole shopping list, use search_products_bulk.";

/**
 * Every feature's tools, prompts and resource templates, registered and turned into JSON Schema
 * once per process. A server per HTTP request (the SDK's stateless pattern) is then a handful of
 * handler bindings over these tables; the caller comes with each request (`ctx.http.authInfo`).
 */
@Injectable()
export class McpRegistry implements OnModuleInit {
  private readonly tools = new Map<string, RegisteredTool>();
  private readonly prompts = new Map<string, RegisteredPrompt>();
  private readonly templates: RegisteredTemplate[] = [];
  private readonly progressTools = new Set<string>();
  private listedTools: Tool[] = [];
  private readonly serverInfo: { name: string; version: string };

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly tiers: TierGate,
    private readonly logLevels: McpLogLevels,
    private readonly reauthorization: McpReauthorization,
    config: ConfigService<AppConfig, true>,
  ) {
    this.serverInfo = { name: 'kroger-backend', version: config.get('version', { infer: true }) };
  }

  onModuleInit(): void {
    const registrar = this.registrar();
    for (const wrapper of this.discovery.getProviders()) {
      if (wrapper.metatype && this.reflector.get(MCP_TOOLSET, wrapper.metatype))
        (wrapper.instance as Toolset).register(registrar);
    }
    this.listedTools = [...this.tools.values()].map((tool) => tool.listed);
  }

  /** Whether an HTTP body calls a tool that sends log notifications while it runs (so needs a stream). */
  reportsProgress(body: unknown): boolean {
    const messages: unknown[] = Array.isArray(body) ? body : [body];
    return messages.some((message) => {
      const { method, params } = (message ?? {}) as { method?: unknown; params?: { name?: unknown } };
      return method === 'tools/call' && typeof params?.name === 'string' && this.progressTools.has(params.name);
    });
  }

  /**
   * A server for one HTTP request or one stdio process. Over HTTP the caller is read per request
   * from the auth info the controller passes; stdio, which has no HTTP request, names it here.
   * `onToolResult` sees each tool result as the handler returned it, before the SDK copies it.
   */
  createServer(stdioCaller?: { principal?: Principal }, onToolResult?: (result: ToolResult) => void): Server {
    const server = new Server(this.serverInfo, {
      // No listChanged: a stateless server never sends a list change, so none is promised.
      capabilities: { tools: {}, prompts: {}, resources: {}, completions: {}, logging: {} },
      instructions: INSTRUCTIONS,
    });
    const callOf = (ctx: ServerContext): McpCall =>
      this.call(ctx, stdioCaller ? stdioCaller.principal : principalOf(ctx), server);
    server.setRequestHandler('tools/list', () => ({ tools: this.listedTools }));
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const result = await this.callTool(request.params.name, request.params.arguments, callOf(ctx));
      onToolResult?.(result);
      return result;
    });
    server.setRequestHandler('prompts/list', () => ({ prompts: [...this.prompts.values()].map((p) => p.listed) }));
    server.setRequestHandler('prompts/get', (request, ctx) =>
      this.getPrompt(request.params.name, request.params.arguments, callOf(ctx)),
    );
    server.setRequestHandler('resources/list', () => ({ resources: [] }));
    server.setRequestHandler('resources/templates/list', () => ({
      resourceTemplates: this.templates.map((t) => t.listed),
    }));
    server.setRequestHandler('resources/read', (request, ctx) => this.readResource(request.params.uri, callOf(ctx)));
    server.setRequestHandler('completion/complete', (request) => this.complete(request));
    server.setRequestHandler('logging/setLevel', (request, ctx) => {
      this.logLevels.set(stdioCaller ? 'stdio' : credentialOf(principalOf(ctx)), request.params.level);
      return {};
    });
    return server;
  }

  private registrar(): McpRegistrar {
    return {
      tool: (name, config, handler) => {
        if (config.partnerFeature && !this.tiers.offers(config.partnerFeature)) return;
        if (this.tools.has(name)) throw new Error(`MCP tool ${name} is registered twice`);
        const listed: Tool = {
          name,
          title: config.title,
          description: config.description,
          inputSchema: jsonSchema(config.inputSchema, 'input') as Tool['inputSchema'],
          outputSchema: jsonSchema(config.outputSchema, 'output'),
          annotations: { title: config.title, ...config.annotations },
        };
        this.tools.set(name, { input: config.inputSchema, listed, handler });
        if (config.reportsProgress) this.progressTools.add(name);
      },
      prompt: (name, config, handler) => {
        const shape = config.argsSchema.shape as Record<string, z.ZodType>;
        const args = Object.entries(shape).map(([arg, schema]) => ({
          name: arg,
          description: schema.description,
          required: !schema.safeParse(undefined).success,
        }));
        this.prompts.set(name, {
          args: config.argsSchema,
          listed: { name, title: config.title, description: config.description, arguments: args },
          handler: handler,
          complete: config.complete ?? {},
        });
      },
      resourceTemplate: (name, config, read) => {
        const { uriTemplate, complete, ...metadata } = config;
        this.templates.push({
          template: new UriTemplate(uriTemplate),
          listed: { name, uriTemplate, ...metadata },
          read,
          complete: complete ?? {},
        });
      },
    };
  }

  private call(ctx: ServerContext, principal: Principal | undefined, server: Server): McpCall {
    const credential = credentialOf(principal);
    const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
    const declared: { elicitation?: { url?: object } } | undefined =
      (envelope?.[CLIENT_CAPABILITIES_META_KEY] as { elicitation?: { url?: object } } | undefined) ??
      server.getClientCapabilities();
    return {
      principal,
      clientSupportsUrlElicitation: Boolean(declared?.elicitation?.url),
      log: async (level, message) => {
        // 2026-07-28 clients send their level with every request; the SDK filters those.
        if (envelope?.[LOG_LEVEL_META_KEY] !== undefined) return ctx.mcpReq.log(level, message, 'kroger-backend');
        if (!this.logLevels.allows(credential, level)) return;
        await ctx.mcpReq.notify({
          method: 'notifications/message',
          params: { level, logger: 'kroger-backend', data: message },
        });
      },
    };
  }

  private async callTool(name: string, args: unknown, call: McpCall): Promise<ToolResult> {
    const tool = this.tools.get(name);
    if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Tool ${name} not found`);
    // A registered (so bounded) name labels the request's metrics and its log line.
    requestContext.noteMcpTool(name);
    // Text PostgreSQL cannot store (NUL, lone surrogates) is refused as REST answers a 400.
    const unstorable = findUnstorableText(args, 'tool arguments');
    if (unstorable.length > 0)
      return toolError(unstorable.map((e) => e.message).join('; '), NEXT_STEPS['request.validation_failed']);
    const parsed = await tool.input.safeParseAsync(args ?? {});
    if (!parsed.success)
      return toolError(
        `Invalid arguments for tool ${name}: ${z.prettifyError(parsed.error)}`,
        NEXT_STEPS['request.validation_failed'],
      );
    try {
      return await tool.handler(parsed.data as never, call);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.reauthorization.cures(error)
        ? this.reauthorization.answer(error, call)
        : toolError(domainErrorText(error));
    }
  }

  private async getPrompt(name: string, args: unknown, call: McpCall): Promise<PromptResult & Record<string, unknown>> {
    const prompt = this.prompts.get(name);
    if (!prompt) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Prompt ${name} not found`);
    const parsed = prompt.args.safeParse(args ?? {});
    if (!parsed.success)
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Invalid arguments for prompt ${name}: ${z.prettifyError(parsed.error)}`,
      );
    return { ...(await prompt.handler(parsed.data as never, call)) };
  }

  private async readResource(uri: string, call: McpCall) {
    for (const { template, read, listed } of this.templates) {
      const variables = template.match(uri);
      if (!variables) continue;
      const flat = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)]));
      try {
        const { text } = await read(new URL(uri), flat, call);
        return { contents: [{ uri, mimeType: listed.mimeType, text }] };
      } catch (error) {
        if (error instanceof DomainError && error.status === 404) throw new ResourceNotFoundError(uri);
        throw error;
      }
    }
    throw new ResourceNotFoundError(uri);
  }

  private async complete(request: CompleteRequest): Promise<CompleteResult> {
    const { ref, argument, context } = request.params;
    // Completion is a typing aid: for a prompt or template we do not have, there is nothing to
    // offer, which an empty list says as well as an error would, without failing the client's UI.
    const completer =
      ref.type === 'ref/prompt'
        ? this.prompts.get(ref.name)?.complete[argument.name]
        : this.templates.find((t) => t.listed.uriTemplate === ref.uri)?.complete[argument.name];
    const values = completer ? await completer(argument.value, context?.arguments ?? {}).catch(() => []) : [];
    return { completion: { values: values.slice(0, 100), total: values.length, hasMore: values.length > 100 } };
  }
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

/** The controller passes the authenticated principal in the SDK's pass-through auth info. */
export function authInfoOf(principal: Principal): AuthInfo {
  return { token: '', clientId: credentialOf(principal), scopes: principal.scopes, extra: { principal } };
}

function principalOf(ctx: ServerContext): Principal | undefined {
  return ctx.http?.authInfo?.extra?.principal as Principal | undefined;
}

/** Whose logging level it is: one per personal token, OAuth grant (one client's sign-in) or session. */
function credentialOf(principal: Principal | undefined): string {
  if (!principal) return 'anonymous';
  if (principal.tokenId) return `token:${principal.tokenId}`;
  if (principal.grantId) return `grant:${principal.grantId}`;
  return `session:${principal.sessionId ?? principal.userId}`;
}

export type { LoggingLevel };
