import { ReadBatcher } from './read-batcher';

/** A readMany whose statements the test answers one by one, recording the keys each carried. */
function heldStatements() {
  const sent: { keys: string[]; answer: (found: Map<string, string>) => void; fail: (error: Error) => void }[] = [];
  const readMany = (keys: string[]) =>
    new Promise<Map<string, string>>((answer, fail) => sent.push({ keys, answer, fail }));
  const byKey = (keys: string[]) => new Map(keys.map((key) => [key, `view of ${key}`]));
  return { sent, readMany, byKey };
}

const WAIT = { maxWaitMs: 60_000, waitedTooLong: () => new Error('database busy') };

describe('ReadBatcher', () => {
  it('sends a read at once while a statement is free, and batches what waits behind a busy one', async () => {
    const { sent, readMany, byKey } = heldStatements();
    const batcher = new ReadBatcher(readMany, { ...WAIT, concurrency: 1, maxKeys: 10 });
    const first = batcher.read('a');
    expect(sent.map((s) => s.keys)).toEqual([['a']]);
    const waiting = ['b', 'c', 'b'].map((key) => batcher.read(key));
    // Nothing joins the statement already sent: it may predate the reader's own last write.
    expect(sent).toHaveLength(1);
    sent[0].answer(byKey(sent[0].keys));
    await expect(first).resolves.toBe('view of a');
    await new Promise(setImmediate);
    // Every key that waited, each once, in the order they arrived.
    expect(sent.map((s) => s.keys)).toEqual([['a'], ['b', 'c']]);
    sent[1].answer(byKey(sent[1].keys));
    await expect(Promise.all(waiting)).resolves.toEqual(['view of b', 'view of c', 'view of b']);
  });

  it('sends a key read again while its statement is out in the next statement, for the newer answer', async () => {
    const { sent, readMany } = heldStatements();
    const batcher = new ReadBatcher(readMany, { ...WAIT, concurrency: 1, maxKeys: 10 });
    const before = batcher.read('a');
    const after = batcher.read('a');
    sent[0].answer(new Map([['a', 'before the write']]));
    await new Promise(setImmediate);
    expect(sent.map((s) => s.keys)).toEqual([['a'], ['a']]);
    sent[1].answer(new Map([['a', 'after the write']]));
    await expect(before).resolves.toBe('before the write');
    await expect(after).resolves.toBe('after the write');
  });

  it('fails a read that waited longer than maxWaitMs for its statement, alone, and leaves it out of the next', async () => {
    const { sent, readMany, byKey } = heldStatements();
    const batcher = new ReadBatcher(readMany, {
      concurrency: 1,
      maxKeys: 10,
      maxWaitMs: 30,
      waitedTooLong: () => new Error('database busy'),
    });
    const stuck = batcher.read('a');
    const gaveUp = batcher.read('b');
    await expect(gaveUp).rejects.toThrow('database busy');
    const late = batcher.read('c');
    sent[0].answer(byKey(['a']));
    await expect(stuck).resolves.toBe('view of a');
    await new Promise(setImmediate);
    expect(sent.map((s) => s.keys)).toEqual([['a'], ['c']]);
    sent[1].answer(byKey(['c']));
    await expect(late).resolves.toBe('view of c');
  });

  it('keeps up to `concurrency` statements out and caps the keys of each', async () => {
    const { sent, readMany, byKey } = heldStatements();
    const batcher = new ReadBatcher(readMany, { ...WAIT, concurrency: 2, maxKeys: 2 });
    const reads = ['a', 'b', 'c', 'd', 'e', 'f'].map((key) => batcher.read(key));
    expect(sent.map((s) => s.keys)).toEqual([['a'], ['b']]);
    sent[0].answer(byKey(sent[0].keys));
    await new Promise(setImmediate);
    expect(sent.map((s) => s.keys)).toEqual([['a'], ['b'], ['c', 'd']]);
    sent[1].answer(byKey(sent[1].keys));
    sent[2].answer(byKey(sent[2].keys));
    await new Promise(setImmediate);
    expect(sent.map((s) => s.keys)).toEqual([['a'], ['b'], ['c', 'd'], ['e', 'f']]);
    sent[3].answer(byKey(sent[3].keys));
    await expect(Promise.all(reads)).resolves.toEqual(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => `view of ${k}`));
  });

  it("fails a failed statement's readers only, fails a key left unanswered, and goes on serving", async () => {
    const { sent, readMany } = heldStatements();
    const batcher = new ReadBatcher(readMany, { ...WAIT, concurrency: 1, maxKeys: 10 });
    const failed = batcher.read('a');
    const next = [batcher.read('b'), batcher.read('c')];
    sent[0].fail(new Error('connection lost'));
    await expect(failed).rejects.toThrow('connection lost');
    await new Promise(setImmediate);
    sent[1].answer(new Map([['b', 'view of b']]));
    await expect(next[0]).resolves.toBe('view of b');
    await expect(next[1]).rejects.toThrow('A batched read left a key unanswered');
    const later = batcher.read('d');
    sent[2].answer(new Map([['d', 'view of d']]));
    await expect(later).resolves.toBe('view of d');
  });

  it('fails the readers of a statement that throws before it is sent', async () => {
    const batcher = new ReadBatcher<string, string>(
      () => {
        throw new Error('bad statement');
      },
      { ...WAIT, concurrency: 1, maxKeys: 10 },
    );
    await expect(batcher.read('a')).rejects.toThrow('bad statement');
    await expect(batcher.read('b')).rejects.toThrow('bad statement');
  });
});
