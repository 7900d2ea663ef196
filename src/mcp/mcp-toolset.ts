import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CLIENT_CAPABILITIES_META_KEY,
  UrlElicitationRequiredError,
  type ClientCapabilities,
  type McpServer,
} from '@modelcontextprotocol/server';
import { DomainError } from '../common/errors/domain-error';
import { requestContext } from '../common/request-context';
import type { ApiScope } from '../auth/access-tokens';
import type { Principal } from '../auth/principal';

export const MCP_TOOLSET = 'kroger-backend:mcp-toolset';

/** Marks a feature's `*.tools.ts` class; the MCP module discovers and registers every one. */
export function McpToolset() {
  return applyDecorators(Injectable(), SetMetadata(MCP_TOOLSET, true));
}

/** Who is calling the MCP server (absent for anonymous use, when allowed). */
export interface McpCaller {
  principal?: Principal;
}

export interface Toolset {
  register(server: McpServer, caller: McpCaller): void;
}

type ToolResult = {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

export function toolResult(structured: Record<string, unknown>, text: string): ToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/** A failure the model can act on: what went wrong, and what to do next. */
export function toolError(message: string, next?: string): ToolResult {
  return { isError: true, content: [{ type: 'text', text: next ? `${message} ${next}` : message }] };
}

export const NEXT_STEPS: Record<string, string> = {
  'auth.unauthenticated':
    'Ask the user to connect this assistant (OAuth sign-in with Kroger, or a personal access token).',
  'auth.insufficient_scope': 'Ask the user for a token with the needed scope.',
  'link.required': 'Ask the user to link their Kroger account in the app, then try again.',
  'link.reauth_required': 'Ask the user to sign in to Kroger again in the app, then try again.',
  'kroger.quota_exhausted': "Kroger's daily limit is reached; try again later.",
  'quota.user_exhausted':
    "Tell the user their share of Kroger's daily calls is used up and when it renews; until then use results you already have (repeating an earlier search is free).",
  'kroger.unavailable': 'Kroger is not answering; try again in a minute.',
  'kroger.circuit_open': 'Kroger is failing; try again in a minute.',
  'kroger.timeout': 'Kroger was too slow; try again.',
  'request.validation_failed': 'Fix the arguments and call the tool again.',
};

/** Runs a tool body; our domain errors become tool errors that say what to do next. */
export async function runTool(body: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof DomainError && LINK_ERRORS.has(error.code)) return reauthorizationAnswer(error);
    if (error instanceof DomainError) return toolError(`${error.title}: ${error.detail}`, NEXT_STEPS[error.code]);
    throw error;
  }
}

// ---- [mcp-oauth] begin: link errors carry a re-authorization URL; URL-mode elicitation where supported.

const LINK_ERRORS = new Set(['link.reauth_required', 'link.required']);

/** The tool call being handled (set around every handler by McpServerFactory): who calls, what the client declared. */
export interface ToolCallContext {
  userId?: string;
  /** From initialize, on a connection that keeps its server (stdio, stateful HTTP). */
  clientCapabilities?: ClientCapabilities;
  /** The handler's context: a 2026-era request carries the client's capabilities in its envelope. */
  handler?: { mcpReq?: { envelope?: Record<string, unknown> } };
}
export const toolCallContext = new AsyncLocalStorage<ToolCallContext | undefined>();

/** Issues a single-use re-authorization URL for a user (ReauthTicketsService, plugged in by auth's toolset). */
let issueReauthorizationUrl: ((userId: string) => Promise<string>) | undefined;
export function provideReauthorizationUrls(issue: (userId: string) => Promise<string>): void {
  issueReauthorizationUrl = issue;
}

/**
 * Whether the client declared URL-mode elicitation (spec 2025-11-25). A stateless HTTP server learns
 * capabilities only from initialize, which is another request: there the URL goes into the text.
 */
function supportsUrlElicitation(): boolean {
  const call = toolCallContext.getStore();
  const declared: unknown = call?.handler?.mcpReq?.envelope?.[CLIENT_CAPABILITIES_META_KEY] ?? call?.clientCapabilities;
  return Boolean((declared as { elicitation?: { url?: object } } | undefined)?.elicitation?.url);
}

/**
 * A tool that needs the Kroger link hit a link the user must sign in to again: a single-use,
 * short-lived URL bound to them. A client with URL-mode elicitation is asked to open it (-32042,
 * the stateless way); any other gets it in words, to show the user.
 */
export async function reauthorizationAnswer(error: DomainError): Promise<ToolResult> {
  const userId = toolCallContext.getStore()?.userId ?? requestContext.caller()?.userId;
  const url = userId && issueReauthorizationUrl ? await issueReauthorizationUrl(userId) : undefined;
  if (!url) return toolError(`${error.title}: ${error.detail}`, NEXT_STEPS[error.code]);
  const message = 'Sign in to Kroger again to keep using your account from this assistant.';
  if (supportsUrlElicitation())
    throw new UrlElicitationRequiredError([{ mode: 'url', url, message, elicitationId: url.slice(-16) }], message);
  return toolError(
    `${error.title}: ${error.detail}`,
    `Ask the user to open ${url} to sign in to Kroger again (the link works once, for a short time), then try again.`,
  );
}

// ---- [mcp-oauth] end

export function requirePrincipal(caller: McpCaller, scope: ApiScope): Principal {
  const principal = caller.principal;
  if (!principal)
    throw new DomainError(
      'auth.unauthenticated',
      401,
      'Sign-in required',
      'This tool acts for a user and needs a personal access token.',
    );
  if (!principal.scopes.includes(scope))
    throw new DomainError('auth.insufficient_scope', 403, 'Insufficient scope', `This tool needs the ${scope} scope.`);
  return principal;
}
