import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether a presented key equals the configured one, in a time that depends on neither: both are
 * hashed first, so even their lengths (which a bare timingSafeEqual must check first) stay hidden.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
