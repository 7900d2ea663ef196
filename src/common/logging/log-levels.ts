import { levels as pinoLevels } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogLevelSettings {
  default: LogLevel;
  /** Per logger context (the name a class logs under: `KrogerHttp`, `LinkRefreshJob`). */
  modules: Record<string, LogLevel>;
}

function valueOf(level: LogLevel): number {
  return level === 'silent' ? Infinity : pinoLevels.values[level];
}

/**
 * Log levels that operators change at run time, per module. pino itself is left at `trace` (a
 * child logger keeps the level it was made with, and pino-http makes one per request), and every
 * line is let through or dropped here, by the level of the module it names (`context`), else the
 * default. Per instance: each instance keeps its own settings until it restarts.
 */
export class LogLevels {
  private defaultLevel: LogLevel;
  private readonly modules = new Map<string, LogLevel>();

  constructor(initial: LogLevel) {
    this.defaultLevel = initial;
  }

  /** Whether a line at `level` (pino's number) from `context` is written. */
  allows(level: number, context: unknown): boolean {
    const threshold = (typeof context === 'string' && this.modules.get(context)) || this.defaultLevel;
    return level >= valueOf(threshold);
  }

  /** Sets the default and module levels; a module set to null follows the default again. */
  update(change: { default?: LogLevel; modules?: Record<string, LogLevel | null> }): LogLevelSettings {
    if (change.default) this.defaultLevel = change.default;
    for (const [name, level] of Object.entries(change.modules ?? {})) {
      if (level === null) this.modules.delete(name);
      else this.modules.set(name, level);
    }
    return this.current();
  }

  current(): LogLevelSettings {
    return {
      default: this.defaultLevel,
      modules: Object.fromEntries([...this.modules].sort(([a], [b]) => a.localeCompare(b))),
    };
  }
}
