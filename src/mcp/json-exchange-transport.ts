import {
  AuthInfo,
  isInitializeRequest,
  isJSONRPCRequest,
  isJsonContentType,
  JSONRPCMessage,
  JSONRPCRequest,
  parseJSONRPCMessage,
  SUPPORTED_PROTOCOL_VERSIONS,
  Transport,
} from '@modelcontextprotocol/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonOfSharedResult } from './mcp-toolset';

/** A Host and a path the SDK's Node adapter makes a request URL of without question (others it may refuse with a 400). */
const PLAIN_HOST = /^[a-z0-9._-]+(?::\d+)?$/;
const PLAIN_PATH = /^(?:\/[\w-]+)+$/;

/**
 * The common MCP exchange over HTTP, one JSON-RPC request POSTed as JSON and answered with one JSON
 * body, carried without NodeStreamableHTTPServerTransport: that one turns the Node request and
 * response into web-standard Request and Response objects and back, the largest part of a cached
 * call's cost. The SDK Server still does all protocol handling and dispatch; this only hands it the
 * one message and writes the one answer, as the SDK transport does (same status, headers and bytes;
 * test/mcp-fast-path.e2e-spec.ts compares the two).
 *
 * Whatever the SDK transport would answer otherwise is left to it: `accept` declines GET, DELETE,
 * batches, notifications, posted responses, bodies or headers it refuses (406, 415, -32700), and
 * requests whose host or path its Node adapter may refuse. Tool calls that report progress need its
 * SSE stream and are not offered here.
 */
export class JsonExchangeTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];
  private supportedVersions: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS;
  private closed = false;
  private answered = false;
  private toolResult: object | undefined;

  private constructor(
    private readonly request: JSONRPCRequest,
    private readonly protocolVersion: string | undefined,
    private readonly res: ServerResponse,
  ) {}

  /** A transport for this exchange if it is the common case; undefined leaves it to the SDK transport. */
  static accept(req: IncomingMessage, body: unknown, res: ServerResponse): JsonExchangeTransport | undefined {
    if (req.method !== 'POST' || !PLAIN_PATH.test(req.url ?? '') || !isPlainHost(req.headers.host)) return undefined;
    const accept = req.headers.accept;
    if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) return undefined;
    const contentType = onlyValueOf(req, 'content-type');
    if (contentType === undefined || !isJsonContentType(contentType)) return undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(body);
    } catch {
      return undefined;
    }
    if (!isJSONRPCRequest(message)) return undefined;
    const version = req.headers['mcp-protocol-version'];
    return new JsonExchangeTransport(message, typeof version === 'string' ? httpTrim(version) : undefined, res);
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  /** The server passes the versions it speaks when it connects; the header is checked against them. */
  setSupportedProtocolVersions(versions: string[]): void {
    this.supportedVersions = versions;
  }

  /** Hands the request to the connected server; its answer comes back through `send`. */
  deliver(authInfo: AuthInfo | undefined): void {
    // The handshake negotiates the version in its body; every later request may name it in a header.
    if (
      this.protocolVersion !== undefined &&
      !this.supportedVersions.includes(this.protocolVersion) &&
      !isInitializeRequest(this.request)
    ) {
      const supported = this.supportedVersions.join(', ');
      this.write(400, {
        jsonrpc: '2.0',
        error: {
          code: -32000,
          message: `Bad Request: Unsupported protocol version: ${this.protocolVersion} (supported versions: ${supported})`,
        },
        id: null,
      });
      return;
    }
    this.onmessage?.(this.request, authInfo ? { authInfo } : undefined);
  }

  /** The answer to the request is the body; messages sent while it runs have no stream to go to in JSON mode. */
  send(message: JSONRPCMessage): Promise<void> {
    if ('id' in message && message.id === this.request.id && ('result' in message || 'error' in message))
      this.write(200, message);
    return Promise.resolve();
  }

  /**
   * Whether the server still has work for this exchange once the HTTP response is over. Once the
   * answer is written nothing is left to abort, and closing would only cost the SDK's teardown
   * (it builds a "connection closed" error, stack trace and all, for the handlers it would settle).
   */
  get unfinished(): boolean {
    return !this.answered;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.onclose?.();
    return Promise.resolve();
  }

  /**
   * Names the tool result the request's answer carries, as the tool returned it: when it is a shared
   * one (a cached answer's), its JSON is serialized once and reused (jsonOfSharedResult).
   */
  answersWith(result: object): void {
    this.toolResult = result;
  }

  private write(status: number, body: object): void {
    this.answered = true;
    if (this.res.headersSent || this.res.destroyed) return;
    const bytes = Buffer.from(this.serialize(body), 'utf8');
    this.res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
    this.res.end(bytes);
  }

  /**
   * JSON.stringify(body), with a shared tool result's JSON reused: the envelope's own fields (the
   * id changes with every request) are serialized here, in the order the SDK put them.
   */
  private serialize(body: object): string {
    const fields = body as Record<string, unknown>;
    const result = 'result' in fields ? fields.result : undefined;
    const resultJson =
      result !== undefined && this.toolResult
        ? jsonOfSharedResult(this.toolResult, this.protocolVersion ?? '', () => JSON.stringify(result))
        : undefined;
    if (!resultJson) return JSON.stringify(body);
    const members: string[] = [];
    for (const [key, value] of Object.entries(fields)) {
      const json = key === 'result' ? resultJson : JSON.stringify(value);
      if (json !== undefined) members.push(`${JSON.stringify(key)}:${json}`);
    }
    return `{${members.join(',')}}`;
  }
}

/** Lower-case name characters and a port; parsing must leave the name as it is (else the adapter refuses it). */
function isPlainHost(host: string | undefined): boolean {
  if (host === undefined || !PLAIN_HOST.test(host)) return false;
  const url = URL.parse(`http://${host}`);
  return url !== null && url.hostname === host.replace(/:\d+$/, '');
}

/**
 * A header sent exactly once. Node keeps only the first of repeated Content-Type headers, where the
 * SDK transport sees them joined (and refuses them), so repeated ones are left to it.
 */
function onlyValueOf(req: IncomingMessage, name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].length !== name.length || req.rawHeaders[i].toLowerCase() !== name) continue;
    if (value !== undefined) return undefined;
    value = httpTrim(req.rawHeaders[i + 1]);
  }
  return value;
}

/** Header values as the SDK transport reads them: without surrounding HTTP whitespace. */
function httpTrim(value: string): string {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}
