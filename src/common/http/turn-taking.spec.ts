import type { NextFunction, Request, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { REQUESTS_PER_TURN, takeTurns } from './turn-taking';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('takeTurns', () => {
  const arrive = (
    middleware: ReturnType<typeof takeTurns>,
    next: NextFunction,
    { socket = { destroyed: false }, res = {} as Response } = {},
  ) => middleware({ socket } as Request, res, next);

  it('starts waiting requests in arrival order, at most a batch per event-loop turn', async () => {
    const middleware = takeTurns();
    const started: number[] = [];
    const count = REQUESTS_PER_TURN * 2 + 3;
    for (let i = 0; i < count; i++) arrive(middleware, () => started.push(i));
    expect(started).toEqual([]);

    await nextTurn();
    expect(started).toHaveLength(REQUESTS_PER_TURN);
    await nextTurn();
    expect(started).toHaveLength(REQUESTS_PER_TURN * 2);
    await nextTurn();
    expect(started).toEqual([...Array(count).keys()]);
  });

  it('starts a request that comes alone in the next turn, and one arriving later after it', async () => {
    const middleware = takeTurns();
    const started: string[] = [];
    arrive(middleware, () => started.push('first'));
    await nextTurn();
    arrive(middleware, () => started.push('second'));
    await nextTurn();
    expect(started).toEqual(['first', 'second']);
  });

  it('runs each request in the async context it arrived in, never in another of its batch', async () => {
    const middleware = takeTurns();
    const storage = new AsyncLocalStorage<{ request: number }>();
    const seen: [number, number | undefined][] = [];
    for (let i = 0; i < 5; i++) {
      storage.run({ request: i }, () => arrive(middleware, () => seen.push([i, storage.getStore()?.request])));
    }
    await nextTurn();
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => [i, i]));
  });

  it('drops the connection of a request whose start throws, and still starts the rest of the batch', async () => {
    const middleware = takeTurns();
    const res = { destroy: jest.fn() } as unknown as Response;
    const after = jest.fn();
    arrive(
      middleware,
      () => {
        throw new Error('escaped the chain');
      },
      { res },
    );
    arrive(middleware, after);
    await nextTurn();
    expect(res.destroy).toHaveBeenCalledTimes(1);
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('does not start a request whose client left while it waited', async () => {
    const middleware = takeTurns();
    const socket = { destroyed: false };
    const gone = jest.fn();
    const staying = jest.fn();
    arrive(middleware, gone, { socket });
    arrive(middleware, staying);
    socket.destroyed = true;
    await nextTurn();
    expect(gone).not.toHaveBeenCalled();
    expect(staying).toHaveBeenCalledTimes(1);
  });
});
