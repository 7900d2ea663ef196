import { DomainError } from '../../common/errors/domain-error';
import { describeWait } from './spend-limits';

/**
 * A caller has used its share of a Kroger API's daily quota. Says when it renews (Retry-After and
 * in words, which MCP clients show to the model) and that cached answers stay available.
 */
export class SpendRefusedError extends DomainError {
  constructor(
    /** Whose budget refused: `user:<id>` or `address:<address>`; a caller that merely shared the call retries. */
    readonly payer: string,
    api: string,
    retryAfterSeconds: number,
    anonymous: boolean,
  ) {
    const who = anonymous ? 'Anonymous use from this address has used its' : 'You have used your';
    super(
      'quota.user_exhausted',
      429,
      "Your share of Kroger's quota is used up",
      `${who} share of today's Kroger ${api} calls; it renews in about ` +
        `${describeWait(retryAfterSeconds)}. Answers this service has already cached stay available` +
        (anonymous ? '; signed-in users have a share of their own.' : '.'),
      { retryAfter: retryAfterSeconds, extensions: { api } },
    );
    this.name = 'SpendRefusedError';
  }
}
