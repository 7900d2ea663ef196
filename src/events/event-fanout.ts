/** "User U has a new event (id E)": all that crosses instances; the event itself is read from the database. */
export interface EventWake {
  userId: string;
  eventId: string;
}

export interface FanoutListener {
  wake(wake: EventWake): void;
  /** The transport (re)connected: wakes may have been lost meanwhile, so every stream should catch up. */
  resync(): void;
}

/**
 * How a stored event reaches the instances holding the user's streams. Implementations: in this
 * process (embedded PGlite serves one process), PostgreSQL LISTEN/NOTIFY, Redis pub/sub.
 */
export interface EventFanout {
  readonly kind: 'local' | 'postgres' | 'redis';
  /** Tells every instance, this one included. */
  announce(wake: EventWake): Promise<void>;
  start(listener: FanoutListener): Promise<void>;
  close(): Promise<void>;
}

/** One process: the wake goes straight to this instance's streams. */
export class LocalEventFanout implements EventFanout {
  readonly kind = 'local';
  private listener: FanoutListener | undefined;

  announce(wake: EventWake): Promise<void> {
    this.listener?.wake(wake);
    return Promise.resolve();
  }

  start(listener: FanoutListener): Promise<void> {
    this.listener = listener;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.listener = undefined;
    return Promise.resolve();
  }
}

/** `userId eventId`: ids only, never what happened (notifications may be logged by the server). */
export function encodeWake(wake: EventWake): string {
  return `${wake.userId} ${wake.eventId}`;
}

export function decodeWake(payload: string): EventWake | undefined {
  const match = /^([0-9a-f-]{36}) (\d{1,19})$/.exec(payload);
  return match ? { userId: match[1], eventId: match[2] } : undefined;
}
