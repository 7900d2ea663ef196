import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { LoggingLevel, ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import type { OptionalPartnerFeature } from '../config/kroger-features';
import { DomainError } from '../common/errors/domain-error';
import { isSharedAnswer } from '../common/http/shared-answers';
import { chargeMemory, jsonBytes } from '../common/memory-accounts';
import type { ApiScope } from '../auth/access-tokens';
import type { Principal } from '../auth/principal';

export const MCP_TOOLSET = 'kroger-backend:mcp-toolset';

/** Marks a feature's `*.tools.ts` class; the MCP module discovers and registers every one. */
export function McpToolset() {
  return applyDecorators(Injectable(), SetMetadata(MCP_TOOLSET, true));
}

/**
 * One tool, prompt or resource call: who is calling (absent for anonymous use, when allowed) and a
 * way to tell the client how it goes. Handed to every handler, so handlers close over nothing
 * per request and the registry is built once per process.
 */
export interface McpCall {
  principal?: Principal;
  /** A log notification to the client, sent only at or above the level it asked for (logging/setLevel). */
  log(level: LoggingLevel, message: string): Promise<void>;
  /**
   * Whether the client declared URL-mode elicitation: known on connections that keep their server
   * (stdio) and from 2026-era requests that carry capabilities; a stateless HTTP server never sees
   * initialize on a tools/call, so there the answer is false and links go into the text.
   */
  clientSupportsUrlElicitation: boolean;
}

export type ToolResult = {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

/** Completion candidates for one argument, from what is typed so far (at most 100 are sent). */
export type Completer = (value: string, context: Record<string, string>) => Promise<string[]>;

export interface ToolConfig<In extends z.ZodObject> {
  title: string;
  /** Tells the model when to use the tool, not only what it does. */
  description: string;
  /** From the feature's contract. */
  inputSchema: In;
  outputSchema: z.ZodType<Record<string, unknown>>;
  annotations: ToolAnnotations;
  /**
   * The partner feature the tool needs: absent from the tool list on the public tier, or when
   * operators left the feature out of KROGER_PARTNER_FEATURES, where every call would fail.
   */
  partnerFeature?: OptionalPartnerFeature;
  /** Calls `call.log` while it runs: answered over an SSE stream, where other tools answer one JSON body. */
  reportsProgress?: boolean;
}

export interface PromptConfig<Args extends z.ZodObject> {
  title: string;
  description: string;
  argsSchema: Args;
  complete?: Partial<Record<keyof z.output<Args> & string, Completer>>;
}

export interface PromptResult {
  messages: { role: 'user' | 'assistant'; content: { type: 'text'; text: string } }[];
}

export interface ResourceTemplateConfig {
  title: string;
  description: string;
  mimeType: string;
  /** RFC 6570 template, e.g. `kroger://stores/{locationId}`. */
  uriTemplate: string;
  complete?: Record<string, Completer>;
}

/**
 * What a toolset registers into. Shaped like McpServer's register* methods, but the handlers get
 * the call (caller, logging) as their last argument instead of a server per request.
 */
export interface McpRegistrar {
  tool<In extends z.ZodObject>(
    name: string,
    config: ToolConfig<In>,
    handler: (args: z.output<In>, call: McpCall) => Promise<ToolResult>,
  ): void;
  prompt<Args extends z.ZodObject>(
    name: string,
    config: PromptConfig<Args>,
    handler: (args: z.output<Args>, call: McpCall) => Promise<PromptResult> | PromptResult,
  ): void;
  resourceTemplate(
    name: string,
    config: ResourceTemplateConfig,
    read: (uri: URL, variables: Record<string, string>, call: McpCall) => Promise<{ text: string }>,
  ): void;
}

/** A feature's MCP surface: registered once at start-up. */
export interface Toolset {
  register(mcp: McpRegistrar): void;
}

export function toolResult(structured: Record<string, unknown>, text: string): ToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

const resultsOfSharedAnswers = new WeakMap<object, ToolResult>();
/** Each shared tool result's answer (its memory account) and its JSON as sent, per protocol version. */
const sharedResults = new WeakMap<ToolResult, { answer: object; json: Map<string, string> }>();

/**
 * The tool result `build` makes from `answer` alone, built once per shared answer (a cached Kroger
 * entry's, see shareAnswer) as REST sends that answer's bytes, instead of on every call; held
 * weakly, so it goes with the answer, and charged to the cache entry the answer was built from
 * (memory-accounts.ts). Frozen all through: every later call is handed the same one.
 * Any other answer is built anew.
 */
export function toolResultOf<A>(answer: A, build: (answer: A) => ToolResult): ToolResult {
  if (!isSharedAnswer(answer)) return build(answer);
  let result = resultsOfSharedAnswers.get(answer);
  if (!result) {
    resultsOfSharedAnswers.set(answer, (result = deepFreeze(build(answer))));
    sharedResults.set(result, { answer, json: new Map() });
    // Kept as long as the answer is: counted against the limit of the cache it was built from.
    chargeMemory(answer, jsonBytes(result));
  }
  return result;
}

/**
 * The JSON a shared tool result (see toolResultOf) is sent as, serialized once per protocol version
 * by `serialize` (from what the SDK actually sends: it validates, so copies, every result) and then
 * reused, as REST reuses a shared answer's bytes; undefined for any other result. Charged to the
 * cache entry the answer was built from; a version whose JSON is the same as another's shares it.
 * This holds while the SDK's `tools/call` result depends only on the tool result and the protocol
 * version (SDK 2.4: nothing per request is added); test/mcp-fast-path.e2e-spec.ts compares the bytes.
 */
export function jsonOfSharedResult(
  result: object,
  protocolVersion: string,
  serialize: () => string,
): string | undefined {
  const shared = sharedResults.get(result as ToolResult);
  if (!shared) return undefined;
  let json = shared.json.get(protocolVersion);
  if (json === undefined) {
    json = serialize();
    const same = [...shared.json.values()].find((kept) => kept === json);
    if (same === undefined) chargeMemory(shared.answer, Buffer.byteLength(json, 'utf8'));
    shared.json.set(protocolVersion, (json = same ?? json));
  }
  return json;
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
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
  'shopping_list.not_found': "list_shopping_lists shows the user's lists; add_to_list creates one.",
  'idempotency.key_reused': 'That requestId belongs to a different add: use a fresh requestId for a new add.',
  'idempotency.in_progress':
    'The first call with this requestId is still running: wait a moment and retry with the same requestId.',
};

/** What the model reads for one of our domain errors: the problem, and what to do next. */
export function domainErrorText(error: DomainError): string {
  const next = NEXT_STEPS[error.code];
  return next ? `${error.title}: ${error.detail} ${next}` : `${error.title}: ${error.detail}`;
}

export function requirePrincipal(call: Pick<McpCall, 'principal'>, scope: ApiScope): Principal {
  const principal = call.principal;
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
