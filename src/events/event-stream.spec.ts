import { Writable } from 'node:stream';
import type { StoredAccountEvent } from './account-event.repository';
import { EventStream, EventStreamOptions, StreamCloseReason } from './event-stream';

/** A client socket: `reading` false is a client that stopped reading (nothing leaves the buffer). */
function client(reading: boolean) {
  const received: string[] = [];
  const target = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      if (!reading) return; // never acknowledged: output piles up in writableLength
      received.push(chunk.toString());
      done();
    },
  });
  return { target, received: () => received.join('') };
}

function log(count: number, from = 1): StoredAccountEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: String(from + i),
    type: 'list.changed',
    data: { listId: 'l1', change: 'item_added', itemId: `item-${from + i}` },
    createdAt: new Date(0),
  }));
}

function stream(target: Writable, events: StoredAccountEvent[], overrides: Partial<EventStreamOptions> = {}) {
  const closed: StreamCloseReason[] = [];
  const reads: bigint[] = [];
  const subject = new EventStream(target, {
    userId: 'u1',
    heartbeatMs: 60_000,
    maxBufferBytes: 4096,
    readAfter: (afterId, limit) => {
      reads.push(afterId);
      return Promise.resolve(events.filter((e) => BigInt(e.id) > afterId).slice(0, limit));
    },
    stillAuthorized: () => Promise.resolve(true),
    onClose: (_stream, reason) => closed.push(reason),
    ...overrides,
  });
  return { subject, closed, reads };
}

describe('EventStream', () => {
  it('replays every event after the cursor in order, across pages, each with its id', async () => {
    const { target, received } = client(true);
    const { subject } = stream(target, log(250));
    await subject.begin(10n, [{ id: '10', event: 'events.ready', data: { resumedAfter: '10' } }]);
    const ids = [...received().matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual([10, ...Array.from({ length: 240 }, (_, i) => 11 + i)]);
    subject.end('client_closed');
  });

  it('drops a client that stops reading once its unsent output passes the limit, instead of buffering more', async () => {
    const { target } = client(false);
    const { subject, closed } = stream(target, log(500));
    await subject.begin(0n, []);
    expect(closed).toEqual(['slow_client']);
    expect(target.destroyed).toBe(true);
    // Far fewer than 500 events were written before it was cut off.
    expect(target.writableLength).toBeLessThan(4096 + 1024);
  });

  it('folds wakes that arrive during a catch-up into one more read, never two at once', async () => {
    const { target } = client(true);
    const events = log(3);
    let release: () => void = () => undefined;
    let inFlight = 0;
    let most = 0;
    const reads: bigint[] = [];
    const { subject } = stream(target, events, {
      readAfter: async (afterId) => {
        reads.push(afterId);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise<void>((resolve) => (release = resolve));
        inFlight -= 1;
        return events.filter((e) => BigInt(e.id) > afterId);
      },
    });
    const started = subject.begin(0n, []);
    void subject.catchUp();
    void subject.catchUp();
    for (let turn = 0; turn < 10; turn += 1) {
      release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await started;
    expect(most).toBe(1);
    expect(reads).toEqual([0n, 3n]);
    subject.end('client_closed');
  });

  it('ends with auth.expired when the credential no longer holds at a heartbeat', async () => {
    jest.useFakeTimers();
    try {
      const { target, received } = client(true);
      const { subject, closed } = stream(target, [], {
        heartbeatMs: 1000,
        stillAuthorized: () => Promise.resolve(false),
      });
      await subject.begin(0n, []);
      await jest.advanceTimersByTimeAsync(1000);
      expect(received()).toContain(': heartbeat\n\n');
      expect(received()).toContain('event: auth.expired\n');
      expect(closed).toEqual(['auth_expired']);
      expect(subject.isClosed).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
