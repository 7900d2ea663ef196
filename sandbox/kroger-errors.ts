import type { Response } from 'express';
import type { Clock } from './clock';

/**
 * Kroger's error bodies as live traffic shows them (KROGER_API.md §8.2, §11): flat OAuth errors
 * for token problems, `{"errors":{timestamp,code,reason}}` for API errors.
 */
export class KrogerErrors {
  constructor(private readonly clock: Clock) {}

  /** `{"errors":{"timestamp":…,"code":"PRODUCT-2011-400","reason":"…"}}` */
  api(res: Response, status: number, code: string, reason: string): void {
    res.status(status).json({ errors: { timestamp: this.clock.now(), code, reason } });
  }

  /** Flat OAuth-style body: `{"error":"…","error_description":"…"}`. */
  oauth(res: Response, status: number, error: string, description: string): void {
    res.status(status).json({ error, error_description: description });
  }

  missingToken(res: Response): void {
    this.oauth(res, 401, 'invalid_request', 'The access_token is missing');
  }

  invalidToken(res: Response): void {
    // Live key order: error_description first (§8.2).
    res.status(401).json({ error_description: 'The access token is invalid or has expired', error: 'invalid_token' });
  }

  missingScope(res: Response): void {
    this.api(res, 403, 'Forbidden', 'missing required scopes');
  }

  serverError(res: Response, api: string): void {
    res
      .status(500)
      .json({ errors: { reason: 'Internal server error', code: `${api}-5000-500`, timestamp: this.clock.now() } });
  }

  /** Specs define empty-object 404 bodies for locations, chains and departments; HEAD has none. */
  emptyNotFound(res: Response, head: boolean): void {
    if (head) res.status(404).end();
    else res.status(404).json({});
  }
}
