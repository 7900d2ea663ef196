import { ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { IDEMPOTENCY_KEY, StoredResponse } from '../idempotency.service';

/** Documents the Idempotency-Key header of a write that IdempotencyService runs. */
export function AcceptsIdempotencyKey() {
  return ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
    description: 'Same key and body: the first answer again, no second add. Same key, other body: 422',
  });
}

/** Sends the first (or the replayed) answer of an idempotent write, marking a replay. */
export function sendStored(res: Response, stored: StoredResponse): unknown {
  res.status(stored.status);
  if (stored.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return stored.body;
}
