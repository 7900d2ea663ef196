import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { localhostAllowedHostnames, validateHostHeader, validateOriginHeader } from '@modelcontextprotocol/server';
import type { Request } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';

const LOOPBACK_BINDS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * DNS-rebinding and cross-site protection for /mcp, as the MCP transport spec requires. A request
 * with an `Origin` (so from a browser) passes only from our own origin or one in
 * MCP_ALLOWED_ORIGINS, matched exactly (scheme, host and port); `<scheme>://*` allows a browser
 * extension scheme. Our own origin is PUBLIC_BASE_URL's, and this very server reached under a
 * loopback name (http://127.0.0.1:<the port it answered on>): no other site can own that origin. Requests without `Origin` (desktop and server clients) pass. When the service
 * listens on loopback only, `Host` must also name this machine or PUBLIC_BASE_URL's host, so a
 * rebound hostname cannot reach it. The SDK's validators do the parsing and refuse what does not
 * parse (the opaque `null` origin included).
 */
@Injectable()
export class McpOriginGuard implements CanActivate {
  private readonly origins: Set<string>;
  private readonly hostnames: string[];
  /** With this server's loopback names, checked exactly (with the port) by isThisServer. */
  private readonly webHostnames: string[];
  private readonly hosts: string[] | undefined;

  constructor(config: ConfigService<AppConfig, true>) {
    const publicBaseUrl = new URL(config.get('http.publicBaseUrl', { infer: true }));
    const configured = config.get('mcp.allowedOrigins', { infer: true });
    const schemeWildcards = configured.filter((entry) => /^[a-z][a-z0-9+.-]*:\/\/\*$/.test(entry));
    const exact = configured.filter((entry) => !schemeWildcards.includes(entry)).map((entry) => new URL(entry));
    this.origins = new Set([publicBaseUrl.origin, ...exact.map((url) => url.origin)]);
    this.hostnames = [publicBaseUrl.hostname, ...exact.map((url) => url.hostname), ...schemeWildcards];
    this.webHostnames = [...this.hostnames, ...localhostAllowedHostnames()];
    this.hosts = LOOPBACK_BINDS.has(config.get('http.host', { infer: true }))
      ? [...localhostAllowedHostnames(), publicBaseUrl.hostname]
      : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (this.hosts && !validateHostHeader(req.headers.host, this.hosts).ok) {
      throw new DomainError(
        'mcp.host_not_allowed',
        403,
        'Host not allowed',
        'This MCP server listens on loopback and answers only requests addressed to this machine.',
      );
    }
    const origin = req.headers.origin;
    // The SDK parses and compares hostnames only; a web origin must then match with scheme and port.
    const webOrigin = Boolean(origin && /^https?:/i.test(origin));
    const checked = validateOriginHeader(origin, webOrigin ? this.webHostnames : this.hostnames);
    if (!checked.ok || (webOrigin && !this.origins.has(originOf(origin!)) && !isThisServer(origin!, req))) {
      throw new DomainError(
        'mcp.origin_not_allowed',
        403,
        'Origin not allowed',
        'Browser pages may call this MCP server only from an origin listed in MCP_ALLOWED_ORIGINS.',
      );
    }
    return true;
  }
}

function isThisServer(origin: string, req: Request): boolean {
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  return (
    url.protocol === 'http:' &&
    localhostAllowedHostnames().includes(url.hostname) &&
    Number(url.port || 80) === req.socket.localPort
  );
}

function originOf(origin: string): string {
  return URL.canParse(origin) ? new URL(origin).origin : '';
}
