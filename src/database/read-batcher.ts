import { AsyncResource } from 'node:async_hooks';

export interface ReadBatcherOptions {
  /** Statements out at once; a read arriving when all are out waits for the next batch. */
  concurrency: number;
  /** Keys per statement, at most. */
  maxKeys: number;
  /**
   * How long a read may wait for its statement to be sent, as a pooled query waits for a connection:
   * past it, the read fails with `waitedTooLong()` instead of queueing behind a stuck database.
   */
  maxWaitMs: number;
  waitedTooLong: () => Error;
}

interface Waiter<V> {
  resolve(value: V): void;
  reject(error: unknown): void;
  deadline?: NodeJS.Timeout;
}

/**
 * Reads by key, many keys to a statement once reads queue up. A read starts its statement at once
 * while fewer than `concurrency` are out, so an idle service adds no wait; otherwise it waits, and
 * the next statement carries every key that waited. On a database that runs one statement at a time
 * (PGlite: one session), a crowd of readers is then served in one round trip instead of one each,
 * and most of a statement's cost (planning it, the round trip, a turn of the event loop to read the
 * answer) is paid once for all of them.
 *
 * A read never joins a statement already sent: it may have been sent before the reader's own last
 * write committed. Readers of the same key that wait together share one answer. A read that waits
 * longer than `maxWaitMs` fails alone, so a stuck database answers the crowd as the pool would.
 */
export class ReadBatcher<K, V> {
  private readonly waiting = new Map<K, Waiter<V>[]>();
  private inFlight = 0;
  // Statements run in the context the batcher was made in, not in the first waiting request's.
  private readonly scope = new AsyncResource('ReadBatcher');

  constructor(
    /** Must answer every key it is given; a key missing from the map fails that key's readers. */
    private readonly readMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly options: ReadBatcherOptions,
  ) {}

  read(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const waiter: Waiter<V> = { resolve, reject };
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push(waiter);
      else this.waiting.set(key, [waiter]);
      this.sendWhileFree();
      if (this.waiting.get(key)?.includes(waiter))
        waiter.deadline = setTimeout(() => this.giveUp(key, waiter), this.options.maxWaitMs).unref();
    });
  }

  private giveUp(key: K, waiter: Waiter<V>): void {
    const waiters = this.waiting.get(key);
    const at = waiters?.indexOf(waiter) ?? -1;
    if (!waiters || at < 0) return;
    waiters.splice(at, 1);
    if (waiters.length === 0) this.waiting.delete(key);
    waiter.reject(this.options.waitedTooLong());
  }

  private sendWhileFree(): void {
    while (this.inFlight < this.options.concurrency && this.waiting.size > 0) {
      // Oldest keys first: a Map iterates in insertion order.
      const batch = new Map<K, Waiter<V>[]>();
      for (const [key, waiters] of this.waiting) {
        if (batch.size === this.options.maxKeys) break;
        batch.set(key, waiters);
      }
      for (const [key, waiters] of batch) {
        this.waiting.delete(key);
        for (const waiter of waiters) clearTimeout(waiter.deadline);
      }
      this.inFlight++;
      void this.send(batch);
    }
  }

  private async send(batch: Map<K, Waiter<V>[]>): Promise<void> {
    try {
      const found = await this.scope.runInAsyncScope(() => this.readMany([...batch.keys()]));
      for (const [key, waiters] of batch) {
        const answer = found.get(key);
        for (const waiter of waiters) {
          if (answer === undefined) waiter.reject(new Error('A batched read left a key unanswered'));
          else waiter.resolve(answer);
        }
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    } finally {
      this.inFlight--;
      // In the batcher's context too: this runs in the first reader's, which would stay reachable.
      this.scope.runInAsyncScope(() => this.sendWhileFree());
    }
  }
}
