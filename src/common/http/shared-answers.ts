import type { Application, Express, Response } from 'express';
import { chargeMemory } from '../memory-accounts';
import { weakEtag } from './weak-etag';

interface SerializedAnswer {
  bytes: Buffer;
  etag: string;
}

/**
 * Answers built once from a cached Kroger entry and given to every request that reads that entry,
 * with their JSON bytes and ETag once computed. Weakly held: an answer and its bytes go when the
 * cache entry it was built from is evicted or expires and no request still holds it.
 */
const answers = new WeakMap<object, SerializedAnswer | null>();

/**
 * Declares `answer` shared: never changed again (frozen, so a later write throws rather than
 * silently changing what other requests are sent), so its serialized bytes can be reused.
 */
export function shareAnswer<T extends object>(answer: T): T {
  answers.set(Object.freeze(answer), null);
  return answer;
}

/** Whether `value` was declared shared: frozen, so anything derived from it alone may be kept with it. */
export function isSharedAnswer(value: unknown): value is object {
  return typeof value === 'object' && value !== null && answers.has(value);
}

/**
 * Makes `res.json` of this Express app send a shared answer's bytes and ETag as computed the first
 * time, instead of serializing and hashing it on every request. Every other body, and any app whose
 * JSON or ETag settings differ from the defaults this relies on, goes through Express unchanged, so
 * the bytes, Content-Type, Content-Length, ETag and 304 are exactly what Express would produce.
 */
export function sendSharedAnswersOnce(app: Express): void {
  const response = app.response;
  const json = response.json;
  response.json = function sendJson(this: Response, body?: unknown) {
    const serialized = sharedBytes(this, body);
    if (!serialized) return json.call(this, body);
    this.set('Content-Type', 'application/json; charset=utf-8');
    this.set('ETag', serialized.etag);
    return this.send(serialized.bytes);
  };
}

function sharedBytes(res: Response, body: unknown): SerializedAnswer | undefined {
  if (typeof body !== 'object' || body === null || !answers.has(body)) return undefined;
  if (res.get('Content-Type') !== undefined || res.get('ETag') !== undefined || !hasExpressDefaults(res.app))
    return undefined;
  let serialized = answers.get(body);
  if (!serialized) {
    const bytes = Buffer.from(JSON.stringify(body), 'utf8');
    serialized = { bytes, etag: weakEtag(bytes) };
    answers.set(body, serialized);
    // Kept as long as the answer is: counted against the limit of the cache it was built from.
    chargeMemory(body, bytes.length);
  }
  return serialized;
}

/** What Express's own res.json would do with the body is what the cached bytes hold. */
function hasExpressDefaults(app: Application): boolean {
  return (
    app.get('etag fn') === weakEtag && !app.get('json replacer') && !app.get('json spaces') && !app.get('json escape')
  );
}
