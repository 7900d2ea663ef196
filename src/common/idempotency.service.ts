import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError } from './errors/domain-error';
import { IdempotencyRepository } from './idempotency.repository';

const TTL_MS = 24 * 60 * 60 * 1000;
/** What an Idempotency-Key may look like (also documented as the header's schema). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

export interface StoredResponse {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** Failures where nothing reached Kroger: the key is released so the client may simply retry. */
const NOT_APPLIED = new Set([
  'kroger.unavailable',
  'kroger.timeout',
  'kroger.circuit_open',
  'kroger.quota_exhausted',
  // Refused before any call by the caller's spend budget: a retry after the window (or after an
  // operator raised the share) must be tried again, not answered with the old 429.
  'quota.user_exhausted',
]);

/**
 * Idempotency-Key for writes: the first answer for a key (per user) is stored and returned again
 * for the same key and body, without repeating the work; the same key with another body is 422.
 * Errors that leave the outcome open (outcome unknown) are stored too, so a retry never doubles.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly records: IdempotencyRepository) {}

  static hash(body: unknown): string {
    return createHash('sha256')
      .update(JSON.stringify(body ?? null))
      .digest('hex');
  }

  async run(
    userId: string,
    key: string | undefined,
    body: unknown,
    work: () => Promise<{ status: number; body: unknown }>,
  ): Promise<StoredResponse> {
    if (!key) return { ...(await work()), replayed: false };
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new DomainError(
        'idempotency.invalid_key',
        400,
        'Invalid Idempotency-Key',
        'Idempotency-Key must be 8 to 128 letters, digits or ._:-',
      );
    }
    const requestHash = IdempotencyService.hash(body);
    const started = await this.records.start({ userId, key, requestHash, expiresAt: new Date(Date.now() + TTL_MS) });
    if (!started) return this.replay(userId, key, requestHash);
    try {
      const result = await work();
      await this.complete(userId, key, result.status, result.body);
      return { ...result, replayed: false };
    } catch (error) {
      if (error instanceof DomainError && !NOT_APPLIED.has(error.code)) {
        await this.complete(userId, key, error.status, { code: error.code, title: error.title, detail: error.detail });
      } else {
        await this.records.delete(userId, key).catch(() => undefined);
      }
      throw error;
    }
  }

  private async replay(userId: string, key: string, requestHash: string): Promise<StoredResponse> {
    const record = await this.records.get(userId, key);
    if (record.requestHash !== requestHash) {
      throw new DomainError(
        'idempotency.key_reused',
        422,
        'Idempotency-Key reused',
        'This Idempotency-Key was used with a different request body; use a new key.',
      );
    }
    if (!record.completedAt) {
      throw new DomainError(
        'idempotency.in_progress',
        409,
        'Request in progress',
        'A request with this Idempotency-Key is still being processed; retry shortly.',
        { retryAfter: 1 },
      );
    }
    const stored = record.responseBody as { code?: string; title?: string; detail?: string } | null;
    if ((record.responseStatus ?? 200) >= 400 && stored?.code) {
      throw new DomainError(stored.code, record.responseStatus!, stored.title ?? 'Error', stored.detail ?? '', {
        extensions: { replayed: true },
      });
    }
    return { status: record.responseStatus ?? 200, body: record.responseBody, replayed: true };
  }

  private async complete(userId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.records.complete(userId, key, { status, body });
  }
}
