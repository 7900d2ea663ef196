import { Injectable, NestMiddleware } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { KrogerClient } from '../kroger/kroger-client';

/**
 * Announces a by-id request to the product batcher as soon as it arrives, before authentication:
 * a list screen's 100 detail requests then share two Kroger calls even when the service is busy
 * and they reach the lookup seconds apart. Released at the lookup, or when the request ends without one.
 */
@Injectable()
export class ProductLookupAnnouncer implements NestMiddleware {
  constructor(private readonly kroger: KrogerClient) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.kroger.announceProductLookup(clientOf(req), next, (release) => res.once('close', release));
  }
}

/**
 * Who is asking, before authentication: the credential (hashed, so no token is kept) or else the
 * address. A screen's requests share it; another user's requests never do.
 */
function clientOf(req: Request): string {
  const authorization = req.headers.authorization;
  if (!authorization) return `address:${req.ip}`;
  return `credential:${createHash('sha256').update(authorization).digest('base64url')}`;
}
