import { ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { IDEMPOTENCY_KEY, StoredResponse } from './idempotency.service';

/** Documents the optional Idempotency-Key request header of a write. */
export function IdempotencyKeyHeader(description: string) {
  return ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
    description,
  });
}

/** Sends an idempotent write's answer: its own status, and `Idempotent-Replayed` when it is the stored one. */
export function sendStoredAnswer(res: Response, result: StoredResponse): unknown {
  res.status(result.status);
  if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return result.body;
}
