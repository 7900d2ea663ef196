import { Logger } from '@nestjs/common';
import { SingleFlight } from './single-flight';

/** Renew this long before Kroger's expiry, so a token never expires in flight. */
const EXPIRY_MARGIN_MS = 60_000;

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/**
 * Client-credentials tokens per scope set, cached until shortly before they expire. However many
 * callers need a token at once, one request goes to Kroger.
 */
export class AppTokenProvider {
  private readonly logger = new Logger('KrogerAppToken');
  private readonly cache = new Map<string, { token: string; renewAt: number }>();
  private readonly flights = new SingleFlight<string>();

  constructor(
    private readonly requestToken: (scopes: string[]) => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  get(scopes: string[]): Promise<string> {
    const key = [...scopes].sort().join(' ');
    const cached = this.cache.get(key);
    if (cached && cached.renewAt > this.now()) return Promise.resolve(cached.token);
    return this.flights.run(key, async () => {
      const issued = await this.requestToken(scopes);
      const lifetime = issued.expiresInSeconds * 1000;
      this.cache.set(key, {
        token: issued.accessToken,
        renewAt: this.now() + Math.max(lifetime / 2, lifetime - EXPIRY_MARGIN_MS),
      });
      this.logger.debug(`New application token for [${key}], valid ${issued.expiresInSeconds} s`);
      return issued.accessToken;
    });
  }

  /** Forget a token Kroger refused, so the next call gets a new one. */
  invalidate(scopes: string[], token: string): void {
    const key = [...scopes].sort().join(' ');
    if (this.cache.get(key)?.token === token) this.cache.delete(key);
  }
}
