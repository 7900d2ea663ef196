import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { McpServer } from '@modelcontextprotocol/server';
import { DomainError } from '../common/errors/domain-error';
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
  'auth.unauthenticated': 'Ask the user to connect this assistant with a personal access token.',
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
    if (error instanceof DomainError) return toolError(`${error.title}: ${error.detail}`, NEXT_STEPS[error.code]);
    throw error;
  }
}

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
