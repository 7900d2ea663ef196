import { createHash } from 'node:crypto';

/**
 * A user's id as logs and metrics show it: the first 16 hex digits of its SHA-256. Operators who
 * know an id can find its lines (hash it the same way); a reader of logs or dashboards alone
 * learns no id to look up or act on.
 */
export function userIdHash(userId: string): string {
  return createHash('sha256').update(userId).digest('hex').slice(0, 16);
}
