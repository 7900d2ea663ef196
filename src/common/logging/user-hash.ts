import { createHash } from 'node:crypto';

/**
 * A user's id as logs and metrics show it: the first 16 hex digits of its SHA-256. Operators who
 * know an id can find its lines (hash it the same way); a reader of logs or dashboards alone
 * learns no id to look up or act on.
 */
export function userIdHash(userId: string): string {
  let hash = recentHashes.get(userId);
  if (hash === undefined) {
    hash = createHash('sha256').update(userId).digest('hex').slice(0, 16);
    // Every request line of a signed-in user needs it: hashed once per active user, not per line.
    if (recentHashes.size >= MAX_REMEMBERED) recentHashes.clear();
    recentHashes.set(userId, hash);
  }
  return hash;
}

const MAX_REMEMBERED = 10_000;
const recentHashes = new Map<string, string>();
