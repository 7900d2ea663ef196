import { Injectable } from '@nestjs/common';
import type { LoggingLevel } from '@modelcontextprotocol/server';

const SEVERITY: LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const DEFAULT_LEVEL: LoggingLevel = 'info';
/** Bounded: one entry per credential that ever set a level; the oldest go first. */
const MAX_ENTRIES = 10_000;

/**
 * The log level each client asked for with logging/setLevel. A stateless server has no session
 * to keep it in, so it is kept per credential (personal token or session) on this instance: a
 * request that lands on another instance gets the default level, which costs a client a few
 * extra notifications, never a missing result.
 */
@Injectable()
export class McpLogLevels {
  private readonly levels = new Map<string, LoggingLevel>();

  set(credential: string, level: LoggingLevel): void {
    this.levels.delete(credential);
    this.levels.set(credential, level);
    if (this.levels.size > MAX_ENTRIES) this.levels.delete(this.levels.keys().next().value!);
  }

  allows(credential: string, level: LoggingLevel): boolean {
    return SEVERITY.indexOf(level) >= SEVERITY.indexOf(this.levels.get(credential) ?? DEFAULT_LEVEL);
  }
}
