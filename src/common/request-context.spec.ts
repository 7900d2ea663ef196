import express from 'express';
import type { AddressInfo } from 'node:net';
import { requestContext } from './request-context';

/** An Express app with the request context, answering after `work` ran inside the request. */
async function answer(work: () => Promise<void>): Promise<Response> {
  const app = express();
  app.use(requestContext.middleware);
  app.get('/', (_req, res, next) => {
    work().then(() => res.json({ ok: true }), next);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await res.text();
    return res;
  } finally {
    server.close();
  }
}

describe('requestContext stale marks', () => {
  it('answers with Age (the oldest part) and a Warning when any part of the answer was stale', async () => {
    const res = await answer(async () => {
      requestContext.markStale(12.7);
      await new Promise((resolve) => setTimeout(resolve, 5));
      requestContext.markStale(40);
      requestContext.markStale(3);
    });
    expect(res.headers.get('age')).toBe('40');
    expect(res.headers.get('warning')).toBe('110 - "Response is Stale"');
  });

  it('says nothing of staleness when everything was fresh', async () => {
    const res = await answer(async () => {});
    expect(res.headers.get('age')).toBeNull();
    expect(res.headers.get('warning')).toBeNull();
  });

  it('ignores marks from work outside any request', () => {
    expect(() => requestContext.runAsService(() => requestContext.markStale(5))).not.toThrow();
    expect(() => requestContext.markStale(5)).not.toThrow();
  });
});
